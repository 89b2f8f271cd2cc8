from django.urls import path

from naker.learning import views

app_name = "learning"
urlpatterns = [
    path("kursus/", views.catalogue, name="catalogue"),
    path("kursus/<slug:code>/", views.course_page, name="course"),
    path("kursus/<slug:code>/daftar/", views.enrol, name="enrol"),
    path("kursus/<slug:code>/offline/", views.offline_manifest, name="offline_manifest"),
    path("belajar/offline/", views.offline_page, name="offline_page"),
    path("belajar/pelajaran/<int:lesson_id>/soal/", views.quiz_questions, name="quiz_questions"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("kursus/<slug:code>/keluar/", views.leave, name="leave"),
    path("belajar/", views.dashboard, name="dashboard"),
    path("belajar/pelajaran/<int:lesson_id>/", views.lesson_page, name="lesson"),
    path("belajar/kuis/<int:attempt_id>/", views.attempt_page, name="attempt"),
    path("belajar/kode-hadir/", views.attendance_qr, name="attendance_qr"),
    path("kelas/<int:session_id>/kursi/", views.seat, name="seat"),
    path("kelas/<int:session_id>/batal/", views.seat_cancel, name="seat_cancel"),
    path("kelas/<int:session_id>/presensi/", views.session_attendance, name="attendance"),
    path("kelas/<int:session_id>/tuan-rumah/<slug:code>/", views.answer_co_host, name="answer_co_host"),
    path("penyedia/<slug:provider_code>/", views.provider_home, name="provider"),
    path("penyedia/kursus/<slug:code>/", views.editor, name="editor"),
    path("penyedia/kursus/<slug:code>/laporan/", views.report_page, name="report"),
    path("tinjau/", views.review_queue, name="review"),
    path("tinjau/<slug:code>/", views.review_course, name="review_course"),
]
