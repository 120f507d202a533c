"""The Time capsule part of a municipality's workspace, /werkruimte/<slug>/tijdscapsule/...: every view here is a
MunicipalityPermissionRequired view (checked by apps/core/tests/test_access.py)."""

from django.urls import path

from . import workspace_views as views

app_name = "tijdscapsule_workspace"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("aanvragen/", views.RequestView.as_view(), name="request"),
    path("bezoeken/<int:pk>/", views.VisitDetailView.as_view(), name="visit"),
    path("bezoeken/<int:pk>/besluit/", views.VisitActionView.as_view(), name="visit_action"),
]
