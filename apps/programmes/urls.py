"""Public pages of the Programmes app."""

from django.urls import path

from . import views

app_name = "programmes"
urlpatterns = [
    path("", views.ListView.as_view(), name="list"),
    path("agenda/<uuid:token>.ics", views.SecretFeedView.as_view(), name="secret_feed"),
    path("<slug:slug>/", views.DetailView.as_view(), name="detail"),
    path("<slug:slug>/agenda.ics", views.CalendarView.as_view(), name="ical"),
    path("<slug:slug>/handreiking/", views.GuideView.as_view(), name="guide"),
    path("<slug:slug>/handreiking-<str:language>.pdf", views.GuidePdfView.as_view(), name="guide_pdf"),
]
