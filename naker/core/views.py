from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


def floor(request: HttpRequest) -> HttpResponse:
    """The framework's floor: a bare view through the same middleware as every page, with no
    database, template or session work. `make bench` reports each page as a multiple of it."""
    return HttpResponse(b"ok", content_type="text/plain")
