"""The site's front page, at the root of the site (gymtracker.urls includes it there): a signed-in
member's today, or what the product is."""

from django.urls import path

from sessions import views

urlpatterns = [
    path("", views.home, name="home"),
]
