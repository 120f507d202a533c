from django.urls import path

from . import views

app_name = "updates"
urlpatterns = [
    path("afmelden/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
]
