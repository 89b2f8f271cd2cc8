from django.urls import path

from naker.credentials import views

app_name = "credentials"
urlpatterns = [
    path("sertifikat/", views.mine, name="mine"),
    path("sertifikat/<uuid:public_id>/unduh/<slug:fmt>/", views.download, name="download"),
    path("sertifikat/<uuid:public_id>/cabut/", views.revoke_page, name="revoke"),
    path("verify/", views.verify_form, name="verify_form"),
    path("verify/<uuid:public_id>", views.verify_page, name="verify"),
    path(".well-known/jwks.json", views.jwks, name="jwks"),
    path("credentials/status/<int:list_number>", views.status_list, name="status_list"),
    path("credentials/contexts/<str:name>", views.context, name="context"),
    path("credentials/issuer", views.issuer, name="issuer"),
    path("credentials/issuers/<slug:code>", views.provider_profile, name="provider_profile"),
]
