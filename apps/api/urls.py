"""/api/v1 — the root (config/urls.py, no trailing slash: /api/v1/ is a 404 as ADR /core/no-trailing-slash
requires, not a redirect) and the collections, outside the language prefixes: the API speaks JSON with texts in both languages."""

from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularYAMLAPIView
from rest_framework.routers import SimpleRouter

from apps.budget.api import BudgetFiguresViewSet
from apps.monitor import api as monitor_api
from apps.programmes.api import ProgrammeViewSet
from apps.tijdscapsule import api as tijdscapsule_api

from . import views

router = SimpleRouter(trailing_slash=False)
router.register("goals", views.GoalViewSet, basename="goals")
router.register("targets", views.TargetViewSet, basename="targets")
router.register("municipalities", views.MunicipalityViewSet, basename="municipalities")
router.register("action-formats", views.ActionFormatViewSet, basename="action-formats")
router.register("activities", views.ActivityViewSet, basename="activities")
router.register("practice-examples", views.PracticeExampleViewSet, basename="practice-examples")
router.register("programmes", ProgrammeViewSet, basename="programmes")
router.register("budgets", BudgetFiguresViewSet, basename="budgets")
router.register("time-capsule-visits", tijdscapsule_api.VisitViewSet, basename="time-capsule-visits")
router.register("time-capsule-counts", tijdscapsule_api.CountsViewSet, basename="time-capsule-counts")
router.register("monitor-indicators", monitor_api.IndicatorViewSet, basename="monitor-indicators")
router.register("monitor-series", monitor_api.SeriesViewSet, basename="monitor-series")
router.register("indicator-values", monitor_api.ValueViewSet, basename="indicator-values")


class SchemaJSON(SpectacularJSONAPIView):
    access = "public"


class SchemaYAML(SpectacularYAMLAPIView):
    access = "public"


app_name = "api"
urlpatterns = [
    path("openapi.json", SchemaJSON.as_view(), name="schema"),
    path("openapi.yaml", SchemaYAML.as_view(), name="schema_yaml"),
    *router.urls,
]
