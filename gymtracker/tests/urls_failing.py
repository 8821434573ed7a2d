"""The site's URLs and one that fails, for the 500 page's tests."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns = [path("boom/", boom), path("", include("gymtracker.urls"))]
handler500 = "gymtracker.views.server_error"
