from django.urls import path

from naker.organizations import views

app_name = "organizations"
urlpatterns = [
    path("", views.my_organizations, name="mine"),
    path("<slug:code>/", views.members, name="members"),
    path("<slug:code>/anggota/<int:user_id>/nik/", views.reveal_nik, name="reveal_nik"),
    path("<slug:code>/anggota/<int:user_id>/kode-reset/", views.reset_code, name="reset_code"),
    path("<slug:code>/permintaan/<int:request_id>/", views.decide_join_request, name="decide_join_request"),
    path("<slug:code>/pengurus/", views.officers, name="officers"),
    path("<slug:code>/pengurus/<int:user_id>/hapus/", views.remove_officer, name="remove_officer"),
]
