"""YoungChallengers in a municipality's workspace (MunicipalityPermissionRequired views)."""

from django.urls import path

from . import views

app_name = "youngchallengers_workspace"
urlpatterns = [path("", views.NominationsView.as_view(), name="nominations")]
