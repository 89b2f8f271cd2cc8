from django.urls import path

from naker.insights import views

app_name = "insights"
urlpatterns = [
    path("dasbor/", views.dashboard, name="dashboard"),
    path("target/", views.targets, name="targets"),
    path("target/<int:target_id>/", views.target_page, name="target"),
]
