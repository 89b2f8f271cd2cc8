from django.urls import path

from naker.core import metrics, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    # Prometheus: loopback only, or with NAKER_METRICS_TOKEN (naker.core.metrics)
    path("metrics", metrics.metrics_view, name="metrics"),
    # The platform admin's operations page (staff only)
    path("operasi/", views.operations, name="operations"),
    path("operasi/tugas/<str:task_id>/ulang/", views.retry_task, name="retry_task"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("media/public/<path:path>", views.public_media, name="public_media"),
    path("_floor/", views.floor, name="floor"),
]
