from django.urls import path

from . import views

app_name = "knowledge"
urlpatterns = [
    path("kennisbank/", views.ArticleListView.as_view(), name="list"),
    path("kennisbank/<slug:slug>/", views.ArticleDetailView.as_view(), name="article"),
    path("campagne/<slug:slug>/", views.PageView.as_view(), name="page"),
]
