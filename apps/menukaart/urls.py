from django.urls import path

from . import views

app_name = "menukaart"
urlpatterns = [
    path("", views.FormatListView.as_view(), name="list"),
    path("agenda/", views.AgendaView.as_view(), name="agenda"),
    path("prijs/<int:year>/", views.AwardView.as_view(), name="award"),
    path("gemeenten/<slug:slug>/agenda.ics", views.MunicipalityCalendarView.as_view(), name="ical"),
    path("<slug:slug>/", views.FormatDetailView.as_view(), name="format"),
]
