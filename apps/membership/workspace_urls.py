"""The municipality's workspace, /werkruimte/<slug>/...: every view here is a
MunicipalityPermissionRequired view (checked by apps/core/tests/test_access.py)."""

from django.urls import path

from apps.accounts import views as account_views
from apps.branding import views as branding_views

from . import views

app_name = "workspace"
urlpatterns = [
    path("", views.WorkspaceView.as_view(), name="home"),
    path("profiel/", views.ProfileEditView.as_view(), name="profile"),
    path("eerste-stappen/<slug:key>/klaar/", views.FirstStepDoneView.as_view(), name="first_step_done"),
    path("team/", account_views.PeopleView.as_view(), name="people"),
    path("team/<int:pk>/rol/", account_views.PersonRoleView.as_view(), name="person_role"),
    path("team/<int:pk>/verwijderen/", account_views.PersonRemoveView.as_view(), name="person_remove"),
    path("uitnodigingen/<int:pk>/intrekken/", account_views.InvitationRevokeView.as_view(), name="invitation_revoke"),
    path("huisstijl/", branding_views.ArtworkView.as_view(), name="artwork"),
    path("huisstijl/<str:language>/<str:name>", branding_views.ArtworkFileView.as_view(), name="artwork_file"),
]
