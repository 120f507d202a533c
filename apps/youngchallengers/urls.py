from django.urls import path

from . import views

app_name = "youngchallengers"
urlpatterns = [
    path("", views.PublicListView.as_view(), name="public"),
    path("netwerk/", views.NetworkView.as_view(), name="network"),
    path("netwerk/berichten/<int:pk>/melden/", views.ReportView.as_view(), name="report"),
    path("mijn-profiel/", views.ProfileEditView.as_view(), name="profile_edit"),
    path("challenges/nieuw/", views.ChallengeEditView.as_view(), name="challenge_new"),
    path("challenges/<int:pk>/", views.ChallengeEditView.as_view(), name="challenge_edit"),
    path("challenges/<int:pk>/stappen/", views.StepAddView.as_view(), name="step_add"),
    path("challenges/<int:pk>/stappen/<int:step_pk>/", views.StepToggleView.as_view(), name="step_toggle"),
    path("<int:pk>/", views.ProfileView.as_view(), name="profile"),
]
