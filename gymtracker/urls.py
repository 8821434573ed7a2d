from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from gymtracker import views

handler500 = "gymtracker.views.server_error"

admin.site.site_header = "Atomic Gym Tracker administration"
admin.site.site_title = "Atomic Gym Tracker admin"

urlpatterns = [
    path("", include("sessions.home_urls")),
    path("about/", TemplateView.as_view(template_name="about.html"), name="about"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("favicon.ico", views.favicon),
    path("sw.js", views.service_worker, name="service_worker"),
    path("accounts/", include("accounts.urls")),
    path("plans/", include("plans.urls")),
    path("sessions/", include("sessions.urls")),
    path("progress/", include("progress.urls")),
    path("coaching/", include("coaching.urls")),
    path("imports/", include("imports.urls")),
    path("admin/", admin.site.urls),
]
