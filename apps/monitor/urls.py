"""Public pages of the Monitor app."""

from django.urls import path

from . import views

app_name = "monitor"
urlpatterns = [
    path("", views.LibraryView.as_view(), name="library"),
    path("<slug:slug>/", views.DashboardView.as_view(), name="dashboard"),
    path("<slug:slug>/open-data.csv", views.OpenDataCsvView.as_view(), name="open_data_csv"),
    path("<slug:slug>/open-sdg.zip", views.OpenSdgView.as_view(), name="open_sdg"),
    path("<slug:slug>/<str:code>/", views.IndicatorView.as_view(), name="indicator"),
    path("<slug:slug>/<str:code>/data.csv", views.SeriesCsvView.as_view(), name="series_csv"),
    path("<slug:slug>/<str:code>/data.json", views.SeriesJsonView.as_view(), name="series_json"),
]
