from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from naker.accounts import views
from naker.accounts.forms import PhoneOrEmailLoginForm
from naker.accounts.privacy import views as privacy

app_name = "accounts"
urlpatterns = [
    path("daftar/", views.register, name="register"),
    path("daftar/kabupaten/", views.regency_options, name="regency_options"),
    path("daftar/konfirmasi/", views.register_confirm, name="register_confirm"),
    path(
        "masuk/",
        auth_views.LoginView.as_view(template_name="accounts/login.html", authentication_form=PhoneOrEmailLoginForm),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("saya/", views.me, name="me"),
    path("saya/unduh/", views.export, name="export"),
    path("saya/ubah/", views.edit_profile, name="edit_profile"),
    path("saya/hapus/", views.erase, name="erase"),
    path("saya/sandi/", views.change_password, name="change_password"),
    path("saya/nomor/", views.change_phone, name="change_phone"),
    path("saya/privasi/", privacy.my_requests, name="privacy_requests"),
    path("privasi/permintaan/", privacy.queue, name="privacy_queue"),
    path("privasi/permintaan/<int:request_id>/", privacy.answer, name="privacy_answer"),
    path("privasi/insiden/", privacy.breaches, name="privacy_breaches"),
    path("privasi/insiden/baru/", privacy.new_breach, name="privacy_new_breach"),
    path("privasi/insiden/<int:breach_id>/", privacy.breach, name="privacy_breach"),
    path("privasi/insiden/<int:breach_id>/kirim/<str:which>/", privacy.mark_sent, name="privacy_mark_sent"),
    path("privasi/insiden/<int:breach_id>/pemberitahuan.csv", privacy.notice_texts, name="privacy_notice_texts"),
    path("kode-reset/", views.reset_with_code, name="reset_with_code"),
    path(
        "lupa-sandi/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset_form.html",
            email_template_name="accounts/password_reset_email.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "lupa-sandi/terkirim/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/message.html"),
        name="password_reset_done",
    ),
    path(
        "lupa-sandi/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "lupa-sandi/selesai/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/message.html"),
        name="password_reset_complete",
    ),
]
