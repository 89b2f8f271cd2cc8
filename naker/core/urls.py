from django.urls import path

from naker.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("_floor/", views.floor, name="floor"),
]
