from django.urls import path

from . import jury_views, views

app_name = "menukaart"
urlpatterns = [
    path("", views.FormatListView.as_view(), name="list"),
    path("agenda/", views.AgendaView.as_view(), name="agenda"),
    path("prijs/<int:year>/", views.AwardView.as_view(), name="award"),
    path("jury/", jury_views.JuryHomeView.as_view(), name="jury"),
    path("jury/inzendingen/<int:pk>/", jury_views.JuryEntryView.as_view(), name="jury_entry"),
    path("jury/ronde/<int:year>/", jury_views.AwardRoundView.as_view(), name="jury_round"),
    path("voorbeelden/<int:pk>/", views.ExampleDetailView.as_view(), name="example"),
    path("gemeenten/<slug:slug>/agenda.ics", views.MunicipalityCalendarView.as_view(), name="ical"),
    path("<slug:slug>/", views.FormatDetailView.as_view(), name="format"),
]
