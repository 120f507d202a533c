"""The Budget part of a municipality's workspace, /werkruimte/<slug>/begroting/...: every view here is a
MunicipalityPermissionRequired view (checked by apps/core/tests/test_access.py)."""

from django.urls import path

from . import workspace_views as views

app_name = "budget_workspace"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("importeren/", views.ImportView.as_view(), name="import"),
    path("invoeren/", views.EntryView.as_view(), name="entry"),
    path("importeren/<int:pk>/", views.PreviewView.as_view(), name="preview"),
    path("<int:pk>/", views.BudgetView.as_view(), name="budget"),
    path("<int:pk>/sleutel/", views.KeyModeView.as_view(), name="key_mode"),
    path("<int:pk>/regels/<int:line_pk>/", views.LineView.as_view(), name="line"),
    path("<int:pk>/paragraaf/", views.ParagraphView.as_view(), name="paragraph"),
    path("<int:pk>/export.csv", views.ExportView.as_view(kind="csv"), name="export_csv"),
    path("<int:pk>/export.xlsx", views.ExportView.as_view(kind="xlsx"), name="export_xlsx"),
    path("<int:pk>/pdf/", views.PdfRequestView.as_view(), name="pdf"),
    path("<int:pk>/pdf/<int:document>/", views.PdfDownloadView.as_view(), name="pdf_download"),
    path("<int:pk>/geschiedenis/", views.HistoryView.as_view(), name="history"),
]
