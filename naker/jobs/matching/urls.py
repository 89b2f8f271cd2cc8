from django.urls import path

from naker.jobs.matching import views

app_name = "matching"
urlpatterns = [
    path("kerja/untuk-saya/", views.mine, name="mine"),
    path("kerja/keterampilan/", views.skills, name="skills"),
    path("kerja/keterampilan/<str:code>/hapus/", views.remove_skill, name="remove_skill"),
    path("kerja/preferensi/", views.preferences, name="preferences"),
    path("kerja/undangan/", views.invitations, name="invitations"),
    path("kerja/undangan/<int:invitation_id>/<slug:answer>/", views.answer_invitation, name="answer_invitation"),
    path("kerja/lowongan/<int:opportunity_id>/jalur/", views.opportunity_path, name="opportunity_path"),
    path(
        "kerja/lowongan/<int:opportunity_id>/jalur/daftar/", views.enrol_opportunity_path, name="enrol_opportunity_path"
    ),
    path("kerja/lowongan/<int:opportunity_id>/kandidat/", views.candidates, name="candidates"),
    path("kerja/lowongan/<int:opportunity_id>/kandidat/undang/", views.invite, name="invite"),
    path("kerja/okupasi/<str:code>/jalur/", views.occupation_path, name="occupation_path"),
    path("kerja/okupasi/<str:code>/jalur/daftar/", views.enrol_occupation_path, name="enrol_occupation_path"),
]
