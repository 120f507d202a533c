from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("", views.MyDataView.as_view(), name="my_data"),
    path("downloaden/", views.ExportRequestView.as_view(), name="export"),
    path("downloaden/<int:pk>/", views.ExportDownloadView.as_view(), name="export_file"),
    path("account-verwijderen/", views.AccountDeleteView.as_view(), name="delete"),
]
