"""skills has no pages (views.py); the empty URLconf keeps the app's rooms the same."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
