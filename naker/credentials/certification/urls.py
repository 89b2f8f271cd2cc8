from django.urls import path

from naker.credentials.certification import views

app_name = "certification"
urlpatterns = [
    path("sertifikasi/", views.schemes, name="schemes"),
    path("sertifikasi/skema/<int:scheme_id>/", views.scheme_page, name="scheme"),
    path("sertifikasi/pengajuan/<int:application_id>/", views.application_page, name="application"),
    path("sertifikasi/bukti/<int:evidence_id>/", views.evidence_file, name="evidence"),
    path("sertifikasi/lsp/<slug:lsp_code>/", views.lsp_desk, name="lsp"),
    path("sertifikasi/lsp/<slug:lsp_code>/tuk/", views.add_venue, name="add_venue"),
    path("sertifikasi/lsp/<slug:lsp_code>/asesor/", views.add_assessor, name="add_assessor"),
    path("sertifikasi/asesor/", views.assessor_desk, name="assessor"),
    path("penyedia/<slug:provider_code>/sertifikat/", views.provider_certificates, name="provider_certificates"),
]
