from django.urls import path

from naker.outreach import views

app_name = "outreach"
urlpatterns = [
    path("organisasi/<slug:code>/impor/", views.imports, name="imports"),
    path("impor/<int:import_id>/", views.import_page, name="import"),
    path("impor/<int:import_id>/ditolak.csv", views.refused_rows, name="refused"),
    path("impor/<int:import_id>/undangan.csv", views.invitation_texts, name="invitations"),
    path("undangan/<uidb64>/<token>/", views.AcceptInvitation.as_view(), name="accept"),
]
