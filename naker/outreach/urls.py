from django.urls import path

from naker.outreach.views import gatherings, invitation_links, member_import

app_name = "outreach"
urlpatterns = [
    path("organisasi/<slug:code>/impor/", member_import.imports, name="imports"),
    path("impor/<int:import_id>/", member_import.import_page, name="import"),
    path("impor/<int:import_id>/ditolak.csv", member_import.refused_rows, name="refused"),
    path("impor/<int:import_id>/undangan.csv", member_import.invitation_texts, name="invitations"),
    path("undangan/<uidb64>/<token>/", member_import.AcceptInvitation.as_view(), name="accept"),
    path("organisasi/<slug:code>/tautan/", invitation_links.invite_links, name="invite_links"),
    path("sosialisasi/", gatherings.events, name="events"),
    path("sosialisasi/<int:event_id>/", gatherings.event_page, name="event"),
    path(
        "sosialisasi/<int:event_id>/penyelenggara/<slug:code>/",
        gatherings.answer_co_organizer,
        name="answer_co_organizer",
    ),
]
