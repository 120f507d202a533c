from django.urls import path

from . import views

app_name = "membership"
urlpatterns = [
    path("", views.JoinView.as_view(), name="join"),
    path("verzonden/", views.JoinSentView.as_view(), name="sent"),
    path("bevestigen/<str:token>/", views.ConfirmView.as_view(), name="confirm"),
    path("bevestigen/<str:token>/opnieuw/", views.ResendConfirmationView.as_view(), name="resend"),
]
