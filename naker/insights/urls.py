from django.urls import path

from naker.insights import views

app_name = "insights"
urlpatterns = [path("dasbor/", views.dashboard, name="dashboard")]
