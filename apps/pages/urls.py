from django.urls import path

from . import views

app_name = "pages"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("gemeenten/", views.MemberListView.as_view(), name="members"),
    path("kaart/", views.MapView.as_view(), name="map"),
    path("gemeenten/<slug:slug>/", views.MunicipalityView.as_view(), name="municipality"),
    path("doelen/", views.GoalListView.as_view(), name="goals"),
    path("doelen/<int:number>/", views.GoalDetailView.as_view(), name="goal"),
    path("over/", views.AboutView.as_view(), name="about"),
    path("toegankelijkheid/", views.StatementView.as_view(name="accessibility"), name="accessibility"),
    path("privacy/", views.StatementView.as_view(name="privacy"), name="privacy"),
    path("kwetsbaarheid-melden/", views.StatementView.as_view(name="disclosure"), name="disclosure"),
]
