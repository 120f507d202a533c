"""Public pages of the Time capsule app."""

from django.urls import path

from . import views

app_name = "tijdscapsule"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("tellingen/", views.CountsView.as_view(), name="counts"),
    path("debatkit/", views.KitView.as_view(), name="kit"),
    path("debatkit/download/", views.KitDownloadView.as_view(), name="kit_download"),
    path("bezoek/<int:pk>/", views.VisitView.as_view(), name="visit"),
    path("bezoek/<int:pk>/wens/", views.WishView.as_view(), name="wish"),
    path("bezoek/<int:pk>/bedankt/", views.ThanksView.as_view(), name="thanks"),
    path("bezoek/<int:pk>/poster/", views.PosterView.as_view(), name="poster"),
    path("bezoek/<int:pk>/bezoek.ics", views.VisitIcalView.as_view(), name="ical"),
    path("wensen/foto/<int:pk>/", views.WishPhotoView.as_view(), name="photo"),
    path("wensen/<slug:slug>/", views.MunicipalityWishesView.as_view(), name="wishes"),
    path("wensen/<slug:slug>/boekje/", views.BookletView.as_view(), name="booklet"),
]
