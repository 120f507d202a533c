"""The Menukaart part of a municipality's workspace, /werkruimte/<slug>/menukaart/... (MunicipalityPermissionRequired views)."""

from django.urls import path

from . import workspace_views as views

app_name = "menukaart_workspace"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("activiteiten/nieuw/", views.ActivityEditView.as_view(), name="activity_new"),
    path("activiteiten/<int:pk>/", views.ActivityEditView.as_view(), name="activity"),
    path("activiteiten/<int:pk>/fotos/", views.PhotoAddView.as_view(), name="photo_add"),
    path("voorbeelden/nieuw/", views.ExampleEditView.as_view(), name="example_new"),
    path("voorbeelden/<int:pk>/", views.ExampleEditView.as_view(), name="example"),
    path("voorbeelden/<int:pk>/bijlagen/", views.AttachmentAddView.as_view(), name="attachment_add"),
    path("voorbeelden/<int:pk>/prijs/", views.AwardEnterView.as_view(), name="award_enter"),
]
