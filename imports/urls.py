from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    path("", views.import_start, name="start"),
    path("<uuid:pk>/", views.import_detail, name="detail"),
    path("<uuid:pk>/preview/", views.import_preview_page, name="preview"),
    path("<uuid:pk>/import/", views.import_confirm, name="confirm"),
    path("<uuid:pk>/progress/", views.import_progress, name="progress"),
    path("<uuid:pk>/discard/", views.import_discard_view, name="discard"),
    path("<uuid:pk>/undo/", views.import_undo_view, name="undo"),
    path("<uuid:pk>/restore/", views.import_restore_view, name="restore"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.json", views.export_json, name="export_json"),
]
