"""The open API, version 1 (read-only public data; writes with a municipality's key are added by the
apps that own the data). Follows the Dutch API Design Rules: plural nouns, no trailing slashes,
camelCase properties, problem+json errors, pagination with links, OpenAPI 3 at /api/v1/openapi.json."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, viewsets
from rest_framework.decorators import api_view, authentication_classes, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse

from apps.goals.models import Goal, Target
from apps.municipalities.models import Municipality, Province

from .base import ApiViewMixin, KeyRequiredForWrites, PlainListMixin, PublicReadThrottle, ReadOnlyViewSet, goal_numbers, int_param, iso, slug_url
from .serializers import ActivitySerializer, ActivityWriteSerializer, GoalSerializer, MunicipalitySerializer, TargetSerializer


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("The 17 Global Goals"), tags=["goals"]),
    retrieve=extend_schema(summary=gettext_lazy("One goal"), tags=["goals"]),
)
class GoalViewSet(ReadOnlyViewSet):
    queryset = Goal.objects.order_by("number")
    serializer_class = GoalSerializer
    lookup_field = "number"
    lookup_value_regex = r"[0-9]+"


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("The 169 targets"),
        tags=["goals"],
        parameters=[OpenApiParameter("goal", OpenApiTypes.INT, description=gettext_lazy("Only the targets of this goal (1-17)."))],
    ),
    retrieve=extend_schema(summary=gettext_lazy("One target"), tags=["goals"]),
)
class TargetViewSet(ReadOnlyViewSet):
    serializer_class = TargetSerializer
    lookup_field = "code"
    lookup_value_regex = r"[0-9]{1,2}\.[0-9a-z]{1,2}"
    filter_params = {"goal"}

    def get_queryset(self):
        targets = Target.objects.order_by("goal_id", "order")
        goal = int_param(self.request, "goal", 1, 17)
        return targets.filter(goal_id=goal) if goal else targets


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Municipalities, current and merged, with their campaign membership"),
        tags=["municipalities"],
        parameters=[
            OpenApiParameter("province", str, enum=[p.value for p in Province], description=gettext_lazy("Only this province.")),
            OpenApiParameter("sizeClass", OpenApiTypes.INT, description=gettext_lazy("Only this CBS size class (1-7).")),
            OpenApiParameter("member", OpenApiTypes.BOOL, description=gettext_lazy("true: only campaign members; false: only others.")),
            OpenApiParameter("goal", OpenApiTypes.INT, description=gettext_lazy("Only members with this focus goal (1-17).")),
            OpenApiParameter("current", OpenApiTypes.BOOL, description=gettext_lazy("true (default): only municipalities that exist today.")),
        ],
    ),
    retrieve=extend_schema(summary=gettext_lazy("One municipality, by CBS code"), tags=["municipalities"]),
)
class MunicipalityViewSet(PlainListMixin, ReadOnlyViewSet):
    serializer_class = MunicipalitySerializer
    plain_fields = (
        "cbs_code", "display_name", "name", "slug", "province", "population", "population_date", "size_class",
        "valid_until", "successor__cbs_code", "membership__id", "membership__since",
    )  # fmt: skip
    lookup_field = "cbs_code"
    lookup_url_kwarg = "cbsCode"
    lookup_value_regex = r"GM[0-9]{4}"
    filter_params = {"province", "sizeClass", "member", "goal", "current"}

    def _bool(self, name, default=None):
        raw = self.request.query_params.get(name)
        if raw is None:
            return default
        if raw not in ("true", "false"):
            raise exceptions.ValidationError({name: [_("Give true or false.")]})
        return raw == "true"

    def get_queryset(self):
        municipalities = (
            Municipality.objects.select_related("membership", "successor")
            .defer("map_path", "successor__map_path")  # the map outlines are large and not part of the API
            .prefetch_related(Prefetch("membership__focus_goals", queryset=Goal.objects.only("number").order_by("number")))
            .order_by("display_name", "cbs_code")
        )
        if self.action == "retrieve":
            return municipalities
        params = self.request.query_params
        if self._bool("current", True):
            municipalities = municipalities.filter(valid_until__isnull=True)
        if "province" in params:
            if params["province"] not in Province.values:
                raise exceptions.ValidationError(
                    {"province": [_("Unknown province. Use one of: %(values)s.") % {"values": ", ".join(Province.values)}]}
                )
            municipalities = municipalities.filter(province=params["province"])
        size_class = int_param(self.request, "sizeClass", 1, 7)
        if size_class:
            municipalities = municipalities.filter(size_class=size_class)
        member = self._bool("member")
        if member is not None:
            municipalities = municipalities.filter(membership__isnull=not member)
        goal = int_param(self.request, "goal", 1, 17)
        if goal:
            municipalities = municipalities.filter(membership__focus_goals=goal)
        return municipalities

    def plain_rows(self, rows, request):
        from apps.membership.models import Membership

        goals = goal_numbers(Membership.focus_goals, [row["membership__id"] for row in rows if row["membership__id"]])
        url = slug_url("pages:municipality")
        absolute = request.build_absolute_uri
        return [
            {
                "cbsCode": row["cbs_code"],
                "name": row["display_name"],
                "officialName": row["name"],
                "slug": row["slug"],
                "province": row["province"],
                "population": row["population"],
                "populationDate": iso(row["population_date"]),
                "sizeClass": row["size_class"],
                "validUntil": iso(row["valid_until"]),
                "successor": row["successor__cbs_code"],
                "isMember": row["membership__id"] is not None,
                "memberSince": iso(row["membership__since"]) if row["membership__id"] is not None else None,
                "focusGoals": goals.get(row["membership__id"], []),
                "profileUrl": absolute(url(row["slug"])),
            }
            for row in rows
        ]


@extend_schema(
    summary=gettext_lazy("Where to start: links to the collections and the OpenAPI document"), tags=["api"], responses={200: OpenApiTypes.OBJECT}
)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
@throttle_classes([PublicReadThrottle])
def api_root(request, format=None):  # noqa: A002 - DRF's name
    from .urls import router  # every registered collection, including those other apps add

    links = {prefix: {"href": reverse(f"api:{basename}-list", request=request)} for prefix, _viewset, basename in router.registry}
    links["openapi"] = {"href": reverse("api:schema", request=request)}
    return Response({"_links": links})


api_root.cls.access = "public"


def _goals_prefetch():
    return Prefetch("goals", queryset=Goal.objects.only("number").order_by("number"))


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Menukaart action formats"),
        tags=["menukaart"],
        parameters=[
            OpenApiParameter("goal", OpenApiTypes.INT, description=gettext_lazy("Only formats serving this goal (1-17).")),
            OpenApiParameter("category", str, description=gettext_lazy("Only this category (slug).")),
        ],
    ),
    retrieve=extend_schema(summary=gettext_lazy("One action format"), tags=["menukaart"]),
)
class ActionFormatViewSet(PlainListMixin, ReadOnlyViewSet):
    from .serializers import ActionFormatSerializer as serializer_class

    plain_fields = (
        "id",
        "slug",
        "title_nl",
        "title_en",
        "summary_nl",
        "summary_en",
        "category__slug",
        "audience",
        "effort",
        "cost",
        "lead_time_weeks",
    )

    lookup_field = "slug"
    lookup_value_regex = r"[-a-z0-9]+"
    filter_params = {"goal", "category"}

    def get_queryset(self):
        from apps.menukaart.models import ActionFormat

        formats = ActionFormat.objects.filter(published=True).select_related("category").prefetch_related(_goals_prefetch()).order_by("slug")
        goal = int_param(self.request, "goal", 1, 17) if self.action == "list" else None
        if goal:
            formats = formats.filter(goals=goal)
        if self.action == "list" and "category" in self.request.query_params:
            formats = formats.filter(category__slug=self.request.query_params["category"])
        return formats

    def plain_rows(self, rows, request):
        from apps.menukaart.models import ActionFormat

        goals = goal_numbers(ActionFormat.goals, [row["id"] for row in rows])
        url = slug_url("menukaart:format")
        absolute = request.build_absolute_uri
        return [
            {
                "slug": row["slug"],
                "title": {"nl": row["title_nl"], "en": row["title_en"]},
                "summary": {"nl": row["summary_nl"], "en": row["summary_en"]},
                "category": row["category__slug"],
                "goals": goals.get(row["id"], []),
                "audience": row["audience"],
                "effort": row["effort"],
                "cost": row["cost"],
                "leadTimeWeeks": row["lead_time_weeks"],
                "url": absolute(url(row["slug"])),
            }
            for row in rows
        ]


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Public activities of municipalities (planned and done)"),
        tags=["menukaart"],
        parameters=[
            OpenApiParameter("municipality", str, description=gettext_lazy("Only this municipality (CBS code).")),
            OpenApiParameter("goal", OpenApiTypes.INT, description=gettext_lazy("Only activities for this goal (1-17).")),
        ],
    ),
    retrieve=extend_schema(summary=gettext_lazy("One public activity"), tags=["menukaart"]),
)
class ActivityViewSet(PlainListMixin, ApiViewMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Read: public activities. Write (POST, PATCH): a municipality's key, for its own activities only."""

    from .serializers import ActivitySerializer as serializer_class

    filter_params = {"municipality", "goal"}
    plain_fields = ("id", "municipality__cbs_code", "title", "action_format__slug", "status", "start_date", "end_date", "reach")
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_permissions(self):
        return [KeyRequiredForWrites()]

    def get_serializer_class(self):
        return ActivityWriteSerializer if self.request.method in ("POST", "PATCH") else ActivitySerializer

    def _save(self, request, activity=None):
        from apps.core.exceptions import ServiceError
        from apps.menukaart.services import activity_save

        serializer = ActivityWriteSerializer(data=request.data, partial=activity is not None)
        serializer.is_valid(raise_exception=True)
        try:
            saved = activity_save(municipality=request.auth.municipality, user=None, data=serializer.to_service_data(), activity=activity)
        except ServiceError as error:
            raise exceptions.ValidationError({"nonFieldErrors": [error.message]}) from error
        saved = self.get_queryset().model.objects.prefetch_related(_goals_prefetch()).select_related("municipality", "action_format").get(pk=saved.pk)
        return ActivitySerializer(saved, context={"request": request}).data

    @extend_schema(
        summary=gettext_lazy("Add an activity (with a municipality's key)"),
        tags=["menukaart"],
        request=ActivityWriteSerializer,
        responses={201: ActivitySerializer},
    )
    def create(self, request, *args, **kwargs):
        return Response(self._save(request), status=201)

    @extend_schema(
        summary=gettext_lazy("Change an activity of your own municipality (with its key)"),
        tags=["menukaart"],
        request=ActivityWriteSerializer,
        responses={200: ActivitySerializer},
    )
    def partial_update(self, request, *args, **kwargs):
        from apps.menukaart.models import Activity

        activity = Activity.objects.filter(pk=kwargs["pk"]).first()
        if activity is None:
            raise exceptions.NotFound()
        if activity.municipality_id != request.auth.municipality_id:
            raise exceptions.PermissionDenied(_("This activity belongs to another municipality; your key can only change your own."))
        return Response(self._save(request, activity))

    def update(self, request, *args, **kwargs):
        if not kwargs.get("partial"):
            raise exceptions.MethodNotAllowed("PUT")
        return super().update(request, *args, **kwargs)

    def get_queryset(self):
        from apps.menukaart.models import Activity

        activities = (
            Activity.objects.filter(status__in=["planned", "done"])
            .select_related("municipality", "action_format")
            .only("id", "title", "status", "start_date", "end_date", "reach", "municipality__cbs_code", "action_format__slug")
            .prefetch_related(_goals_prefetch())
            .order_by("-start_date", "-pk")
        )
        if self.action == "list":
            if "municipality" in self.request.query_params:
                activities = activities.filter(municipality__cbs_code=self.request.query_params["municipality"])
            goal = int_param(self.request, "goal", 1, 17)
            if goal:
                activities = activities.filter(goals=goal)
        return activities

    def plain_rows(self, rows, request):
        from apps.menukaart.models import Activity

        goals = goal_numbers(Activity.goals, [row["id"] for row in rows])
        return [
            {
                "id": row["id"],
                "municipality": row["municipality__cbs_code"],
                "title": row["title"],
                "actionFormat": row["action_format__slug"],
                "status": row["status"],
                "startDate": iso(row["start_date"]),
                "endDate": iso(row["end_date"]),
                "goals": goals.get(row["id"], []),
                "reach": row["reach"],
            }
            for row in rows
        ]


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Published practice examples"), tags=["menukaart"]),
    retrieve=extend_schema(summary=gettext_lazy("One published practice example"), tags=["menukaart"]),
)
class PracticeExampleViewSet(ReadOnlyViewSet):
    from .serializers import PracticeExampleSerializer as serializer_class

    def get_queryset(self):
        from apps.menukaart.models import PracticeExample

        return (
            PracticeExample.objects.filter(status="published")
            .select_related("municipality", "action_format")
            .prefetch_related(_goals_prefetch())
            .order_by("-pk")
        )
