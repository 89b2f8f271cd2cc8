"""regions has no pages (its API is in api.py); the empty URLconf keeps the app's rooms the same."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
