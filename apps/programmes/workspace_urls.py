"""The Programmes part of a municipality's workspace, /werkruimte/<slug>/programmas/...: every view here is a
MunicipalityPermissionRequired view (checked by apps/core/tests/test_access.py)."""

from django.urls import path

from . import workspace_views as views

app_name = "programmes_workspace"
urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("<slug:programme>/", views.ProgrammeView.as_view(), name="programme"),
    path("<slug:programme>/aanmelden/", views.RegisterView.as_view(), name="register"),
    path("<slug:programme>/focus/", views.FocusView.as_view(), name="focus"),
    path("<slug:programme>/agenda.ics", views.FeedView.as_view(), name="feed"),
    path("<slug:programme>/agenda/nieuw-adres/", views.FeedRenewView.as_view(), name="feed_renew"),
    path("<slug:programme>/bijeenkomsten/<int:pk>/", views.SessionView.as_view(), name="session"),
    path("<slug:programme>/bijeenkomsten/<int:pk>.ics", views.SessionIcsView.as_view(), name="session_ics"),
    path("<slug:programme>/opdrachten/<int:pk>/", views.DeliverableView.as_view(), name="deliverable"),
    path("<slug:programme>/opdrachten/<int:pk>/versies/<int:number>/", views.VersionView.as_view(), name="version"),
    path("<slug:programme>/opdrachten/<int:pk>/reactie/", views.CommentView.as_view(), name="comment"),
    path("<slug:programme>/opdrachten/<int:pk>/beoordeling/", views.ReviewView.as_view(), name="review"),
]
