"""API keys in a municipality's workspace, /werkruimte/<slug>/api-sleutels/ (MunicipalityPermissionRequired views)."""

from django.urls import path

from . import workspace_views

app_name = "api_workspace"
urlpatterns = [
    path("", workspace_views.ApiKeysView.as_view(), name="keys"),
    path("<int:pk>/intrekken/", workspace_views.ApiKeyRevokeView.as_view(), name="revoke"),
]
