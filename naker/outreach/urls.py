from django.urls import path

from naker.outreach import target_views, views

app_name = "outreach"
urlpatterns = [
    path("organisasi/<slug:code>/impor/", views.imports, name="imports"),
    path("impor/<int:import_id>/", views.import_page, name="import"),
    path("impor/<int:import_id>/ditolak.csv", views.refused_rows, name="refused"),
    path("impor/<int:import_id>/undangan.csv", views.invitation_texts, name="invitations"),
    path("undangan/<uidb64>/<token>/", views.AcceptInvitation.as_view(), name="accept"),
    path("organisasi/<slug:code>/tautan/", target_views.invite_links, name="invite_links"),
    path("target/", target_views.targets, name="targets"),
    path("target/<int:target_id>/", target_views.target_page, name="target"),
    path("sosialisasi/", target_views.events, name="events"),
    path("sosialisasi/<int:event_id>/", target_views.event_page, name="event"),
]
