"""The Monitor part of a municipality's workspace, /werkruimte/<slug>/monitor/...: every view here is a
MunicipalityPermissionRequired view (checked by apps/core/tests/test_access.py)."""

from django.urls import path

from . import workspace_views as views

app_name = "monitor_workspace"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("indicatoren/", views.LibraryView.as_view(), name="library"),
    path("indicatoren/<int:pk>/kiezen/", views.AdoptView.as_view(), name="adopt"),
    path("open-data/<int:pk>/verbergen/", views.OpenHideView.as_view(), name="open_hide"),
    path("indicatoren/eigen/", views.OwnIndicatorView.as_view(), name="own_new"),
    path("set/<int:pk>/", views.IndicatorView.as_view(), name="indicator"),
    path("set/<int:pk>/instellingen/", views.SettingsView.as_view(), name="settings"),
    path("set/<int:pk>/verwijderen/", views.DropView.as_view(), name="drop"),
    path("waarden/<int:pk>/verwijderen/", views.ValueDeleteView.as_view(), name="value_delete"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/voorbeeld.csv", views.TemplateDownloadView.as_view(), name="import_template"),
    path("import/<int:pk>/", views.ImportPreviewView.as_view(), name="import_preview"),
    path("import/<int:pk>/bevestigen/", views.ImportConfirmView.as_view(), name="import_confirm"),
    path("open-sdg.zip", views.ExportView.as_view(), name="export"),
    path("vlr/", views.ReviewsView.as_view(), name="reviews"),
    path("vlr/<int:pk>/", views.ReviewView.as_view(), name="review"),
    path("vlr/<int:pk>/pdf/", views.ReviewPdfView.as_view(), name="review_pdf"),
]
