from django.urls import path

from naker.jobs import views

app_name = "jobs"
urlpatterns = [
    # workers
    path("lowongan/", views.browse, name="browse"),
    path("lowongan/<int:opportunity_id>/", views.detail, name="detail"),
    path("lowongan/<int:opportunity_id>/lamar/", views.apply, name="apply"),
    path("lowongan/<int:opportunity_id>/otomatis/", views.auto_apply, name="auto_apply"),
    path("lowongan/<int:opportunity_id>/jamin/", views.vouch, name="vouch"),
    path("lamaran/", views.mine, name="mine"),
    path("lamaran/<int:application_id>/tarik/", views.withdraw, name="withdraw"),
    # employers
    path("pemberi-kerja/<slug:code>/", views.posts, name="posts"),
    path("pemberi-kerja/<slug:code>/baru/", views.new_post, name="new_post"),
    path("pemberi-kerja/<slug:code>/karirhub/<slug:fmt>/", views.karirhub, name="karirhub"),
    path("pemberi-kerja/<slug:code>/adukan/", views.flag, name="flag"),
    path("pemberi-kerja/lowongan/<int:opportunity_id>/ubah/", views.edit_post, name="edit_post"),
    path("pemberi-kerja/lowongan/<int:opportunity_id>/pelamar/", views.applicants, name="applicants"),
    path("pemberi-kerja/lowongan/<int:opportunity_id>/lapor/", views.mark_reported, name="mark_reported"),
    path("pemberi-kerja/lowongan/<int:opportunity_id>/tutup/", views.close_post, name="close_post"),
    path("pemberi-kerja/lowongan/<int:opportunity_id>/komitmen/", views.commitment, name="commitment"),
    path("pemberi-kerja/lamaran/<int:application_id>/tahap/", views.move, name="move"),
    # platform admins
    path("tinjau-lowongan/", views.review_queue, name="review_queue"),
    path("tinjau-lowongan/<int:opportunity_id>/", views.review, name="review"),
    path("tinjau-lowongan/aduan/<int:flag_id>/", views.resolve, name="resolve"),
    path("tinjau-lowongan/izin/", views.licence, name="licence"),
    # unions and chambers
    path("penempatan/", views.placements, name="placements"),
]
