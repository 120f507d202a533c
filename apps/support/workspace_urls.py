"""Support in a municipality's workspace, /werkruimte/<slug>/ondersteuning/ (MunicipalityPermissionRequired views)."""

from django.urls import path

from . import views

app_name = "support_workspace"
urlpatterns = [
    path("", views.RequestListView.as_view(), name="list"),
    path("<int:pk>/", views.RequestDetailView.as_view(), name="detail"),
    path("<int:pk>/status/", views.RequestStatusView.as_view(), name="status"),
    path("<int:pk>/bijlage/<int:message_pk>/", views.AttachmentView.as_view(), name="attachment"),
]
