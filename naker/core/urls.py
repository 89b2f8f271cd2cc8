from django.urls import path

from naker.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("media/public/<path:path>", views.public_media, name="public_media"),
]
