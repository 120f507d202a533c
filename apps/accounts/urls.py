from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("", views.AccountHomeView.as_view(), name="home"),
    path("wachtwoord-vergeten/", views.PasswordResetView.as_view(), name="password_reset"),
    path("wachtwoord-vergeten/verzonden/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("wachtwoord-herstellen/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("wachtwoord-herstellen/klaar/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("sessie-verlengen/", views.KeepAliveView.as_view(), name="keepalive"),
    path("tweestapsverificatie/", views.TwoFactorView.as_view(), name="two_factor"),
    path("tweestapsverificatie/herstelcodes/", views.BackupCodesView.as_view(), name="backup_codes"),
    path("uitnodiging/<str:token>/", views.InvitationAcceptView.as_view(), name="invitation"),
]
