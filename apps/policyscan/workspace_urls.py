"""The Policy scan part of a municipality's workspace, /werkruimte/<slug>/beleidsscan/...: every view
here is a MunicipalityPermissionRequired view (checked by apps/core/tests/test_access.py)."""

from django.urls import path

from . import workspace_views as views

app_name = "policyscan_workspace"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("nieuw/", views.DocumentNewView.as_view(), name="document_new"),
    path("raadsvoorstel/", views.ProposalNewView.as_view(), name="proposal_new"),
    path("vergelijken/", views.CompareView.as_view(), name="compare"),
    path("tijdlijn/", views.TimelineView.as_view(), name="timeline"),
    path("<int:pk>/", views.DocumentView.as_view(), name="document"),
    path("<int:pk>/voortgang/", views.ProgressView.as_view(), name="progress"),
    path("<int:pk>/hervatten/", views.ResumeView.as_view(), name="resume"),
    path("<int:pk>/opnieuw/", views.RescanView.as_view(), name="rescan"),
    path("<int:pk>/verwijderen/", views.DeleteView.as_view(), name="delete"),
    path("<int:pk>/publiceren/", views.PublishView.as_view(), name="publish"),
    path("<int:pk>/doelen/<int:goal>/", views.GoalView.as_view(), name="goal"),
    path("<int:pk>/correcties/<int:assignment>/", views.CorrectView.as_view(), name="correct"),
    path("<int:pk>/export.csv", views.CsvView.as_view(), name="csv"),
    path("<int:pk>/rapport/", views.ReportRequestView.as_view(), name="report_request"),
    path("<int:pk>/rapport.pdf", views.ReportDownloadView.as_view(), name="report"),
    path("<int:pk>/paragraaf/", views.ParagraphView.as_view(), name="paragraph"),
]
