"""Open API (apps/api): the confirmed visits of the Tijdscapsule and the public counts of wishes.
Nothing sealed is ever serialised: there is no field for text, name or photo."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, viewsets
from rest_framework.response import Response

from apps.api.base import ApiViewMixin, ReadOnlyViewSet

from . import services
from .models import EventType, Role


class VisitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    municipality = serializers.CharField(source="municipality.cbs_code", help_text="CBS code of the municipality.")
    municipalityName = serializers.CharField(source="municipality.display_name")  # noqa: N815 - camelCase (API design rules)
    title = serializers.CharField()
    eventType = serializers.ChoiceField(source="event_type", choices=EventType.choices)  # noqa: N815
    startDate = serializers.DateField(source="start_date")  # noqa: N815
    endDate = serializers.DateField(source="end_date")  # noqa: N815
    wishCount = serializers.IntegerField(source="wish_count", help_text="Accepted wishes (the wishes themselves stay sealed until the opening).")  # noqa: N815
    url = serializers.SerializerMethodField(help_text="The public page of the visit.")

    def get_url(self, obj) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(obj.get_absolute_url()) if request else obj.get_absolute_url()


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Confirmed visits of the Tijdscapsule, past and planned"),
        tags=["tijdscapsule"],
        parameters=[
            OpenApiParameter("municipality", str, description=gettext_lazy("Only this municipality (CBS code).")),
            OpenApiParameter(
                "upcoming", OpenApiTypes.BOOL, description=gettext_lazy("true: only visits that have not ended; false: only past visits.")
            ),
        ],
    ),
    retrieve=extend_schema(summary=gettext_lazy("One confirmed visit"), tags=["tijdscapsule"]),
)
class VisitViewSet(ReadOnlyViewSet):
    serializer_class = VisitSerializer
    filter_params = {"municipality", "upcoming"}
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        visits = services.public_visits().order_by("start_date", "pk")
        if self.action != "list":
            return visits
        params = self.request.query_params
        if "municipality" in params:
            visits = visits.filter(municipality__cbs_code=params["municipality"])
        if "upcoming" in params:
            if params["upcoming"] not in ("true", "false"):
                raise exceptions.ValidationError({"upcoming": [_("Give true or false.")]})
            today = services.today_local()
            visits = visits.filter(end_date__gte=today) if params["upcoming"] == "true" else visits.filter(end_date__lt=today)
        return visits


class MunicipalityCountSerializer(serializers.Serializer):
    municipality = serializers.CharField(help_text="CBS code.")
    name = serializers.CharField()
    visits = serializers.IntegerField()
    wishes = serializers.IntegerField()


class RoleCountSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices)
    wishes = serializers.IntegerField()


class GoalCountSerializer(serializers.Serializer):
    goal = serializers.IntegerField(help_text="Number of the goal (1-17).")
    wishes = serializers.IntegerField()


class CountsSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text="Accepted wishes in the capsule.")
    openingDate = serializers.DateField(help_text="Until this day the wishes are sealed.")  # noqa: N815
    isOpen = serializers.BooleanField()  # noqa: N815
    municipalities = MunicipalityCountSerializer(many=True)
    roles = RoleCountSerializer(many=True)
    goals = GoalCountSerializer(many=True)


class CountsViewSet(ApiViewMixin, viewsets.ViewSet):
    """Counts only: the wishes themselves are sealed until the opening."""

    @extend_schema(
        summary=gettext_lazy("Wishes in the Tijdscapsule per municipality, role and goal"), tags=["tijdscapsule"], responses={200: CountsSerializer}
    )
    def list(self, request, format=None):  # noqa: A002 - DRF's name
        from .models import Capsule

        counts = services.wish_counts()
        capsule = Capsule.current()
        return Response(
            {
                "total": counts["total"],
                "openingDate": capsule.opening_date.isoformat(),
                "isOpen": services.is_open(capsule),
                "municipalities": [
                    {"municipality": m["cbs_code"], "name": m["name"], "visits": m["visits"], "wishes": m["wishes"]} for m in counts["municipalities"]
                ],
                "roles": [{"role": r["role"], "wishes": r["wishes"]} for r in counts["roles"]],
                "goals": [{"goal": g["number"], "wishes": g["wishes"]} for g in counts["goals"]],
            }
        )
