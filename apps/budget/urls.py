"""Public pages of the Budget app, /begroting/..."""

from django.urls import path

from . import views

app_name = "budget"
urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("<slug:slug>/", views.MunicipalityView.as_view(), name="municipality"),
    path("<slug:slug>/doel/<int:number>/", views.GoalView.as_view(), name="goal"),
]
