from django.urls import path

from . import views

app_name = "branding"
urlpatterns = [
    path("huisstijl/", views.UsageRulesView.as_view(), name="usage_rules"),
]
