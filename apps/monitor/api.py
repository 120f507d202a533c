"""The Monitor in the open API (/api/v1/): the indicator library and public series to read without a
key; indicator values pushed from a municipality's own systems with its API key (own municipality
only)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.response import Response

from apps.api.base import ApiViewMixin, KeyRequiredForWrites, ReadOnlyViewSet, int_param
from apps.api.serializers import TranslatedField
from apps.core.exceptions import ServiceError

from . import selectors, services
from .models import AdoptedIndicator, Indicator, Value


class IndicatorSerializer(serializers.ModelSerializer):
    name = TranslatedField("name")
    definition = TranslatedField("definition")
    unit = TranslatedField("unit")
    goal = serializers.IntegerField(source="goal_id")
    sourceTable = serializers.CharField(source="source_table")  # noqa: N815 - camelCase properties (ADR)
    sourceUrl = serializers.CharField(source="source_url")  # noqa: N815
    indicatorSet = serializers.CharField(source="indicator_set")  # noqa: N815

    class Meta:
        model = Indicator
        fields = [
            "code",
            "goal",
            "target",
            "name",
            "definition",
            "unit",
            "direction",
            "decimals",
            "source",
            "sourceTable",
            "sourceUrl",
            "availability",
            "indicatorSet",
        ]


class PointSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    breakdown = serializers.CharField(help_text="Empty for the whole municipality.")
    value = serializers.FloatField()


class SeriesSerializer(serializers.Serializer):
    municipality = serializers.CharField(source="municipality.cbs_code", help_text="CBS code.")
    indicator = serializers.CharField(source="indicator.code")
    goal = serializers.IntegerField(source="indicator.goal_id")
    unit = serializers.SerializerMethodField()
    baselineYear = serializers.IntegerField(source="baseline_year", allow_null=True)  # noqa: N815
    baselineValue = serializers.FloatField(source="baseline_value", allow_null=True)  # noqa: N815
    ambitionYear = serializers.IntegerField(source="target_year")  # noqa: N815
    ambitionValue = serializers.FloatField(source="target_value", allow_null=True)  # noqa: N815
    status = serializers.SerializerMethodField()
    values = serializers.SerializerMethodField()

    @extend_schema_field({"type": "object", "properties": {"nl": {"type": "string"}, "en": {"type": "string"}}, "required": ["nl", "en"]})
    def get_unit(self, adoption):
        return {"nl": adoption.indicator.unit_nl, "en": adoption.indicator.unit_en}

    def _points(self, adoption):
        return self.context["points"].get((adoption.municipality_id, adoption.indicator_id), [])

    @extend_schema_field({"type": "string", "enum": ["on_track", "moderate", "off_track", "insufficient_data"]})
    def get_status(self, adoption):
        total = [(p["year"], p["value"]) for p in self._points(adoption) if not p["breakdown"]]
        return selectors.assess_adoption(adoption, total).status

    @extend_schema_field(PointSerializer(many=True))
    def get_values(self, adoption):
        return self._points(adoption)


class ValueSerializer(serializers.ModelSerializer):
    municipality = serializers.CharField(source="municipality.cbs_code")
    indicator = serializers.CharField(source="indicator.code")
    breakdown = serializers.CharField(source="disaggregation")

    class Meta:
        model = Value
        fields = ["id", "municipality", "indicator", "year", "breakdown", "value", "note"]


class ValueWriteSerializer(serializers.Serializer):
    """One value from a municipality's own system; an existing value of that year and breakdown is replaced."""

    indicator = serializers.CharField(max_length=40, help_text="Code from the indicator library (for example 12.5.g1) or of an own indicator.")
    year = serializers.IntegerField(min_value=1990, max_value=2100)
    value = serializers.FloatField()
    breakdown = serializers.CharField(max_length=120, required=False, allow_blank=True, default="", help_text="Empty for the whole municipality.")
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    municipality = serializers.CharField(
        max_length=6, required=False, help_text="Optional; if given it must be the key's own municipality (CBS code)."
    )


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("The indicator library of the monitor"),
        tags=["monitor"],
        parameters=[OpenApiParameter("goal", OpenApiTypes.INT, description=gettext_lazy("Only indicators of this goal (1-17)."))],
    ),
    retrieve=extend_schema(summary=gettext_lazy("One indicator of the library"), tags=["monitor"]),
)
class IndicatorViewSet(ReadOnlyViewSet):
    serializer_class = IndicatorSerializer
    lookup_field = "code"
    lookup_value_regex = r"[0-9]{1,2}\.[0-9a-z]{1,2}\.[a-z0-9]{1,4}"
    filter_params = {"goal"}

    def get_queryset(self):
        indicators = Indicator.objects.filter(municipality__isnull=True, active=True).order_by("goal_id", "code")
        goal = int_param(self.request, "goal", 1, 17) if self.action == "list" else None
        return indicators.filter(goal_id=goal) if goal else indicators


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Public monitor series: a municipality's indicator with baseline, ambition, status and values"),
        tags=["monitor"],
        parameters=[
            OpenApiParameter("municipality", str, description=gettext_lazy("Only this municipality (CBS code).")),
            OpenApiParameter("indicator", str, description=gettext_lazy("Only this indicator (code).")),
            OpenApiParameter("goal", OpenApiTypes.INT, description=gettext_lazy("Only indicators of this goal (1-17).")),
        ],
    ),
)
class SeriesViewSet(ApiViewMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = SeriesSerializer
    filter_params = {"municipality", "indicator", "goal"}

    def get_queryset(self):
        adoptions = (
            AdoptedIndicator.objects.filter(public=True, municipality__membership__isnull=False)
            .select_related("municipality", "indicator")
            .only(
                "id",
                "municipality__cbs_code",
                "indicator__code",
                "indicator__goal_id",
                "indicator__unit_nl",
                "indicator__unit_en",
                "indicator__direction",
                "baseline_year",
                "baseline_value",
                "target_year",
                "target_value",
                "municipality_id",
                "indicator_id",
            )
            .order_by("municipality__cbs_code", "indicator__goal_id", "indicator__code")
        )
        params = self.request.query_params
        if "municipality" in params:
            adoptions = adoptions.filter(municipality__cbs_code=params["municipality"])
        if "indicator" in params:
            adoptions = adoptions.filter(indicator__code=params["indicator"])
        goal = int_param(self.request, "goal", 1, 17)
        if goal:
            adoptions = adoptions.filter(indicator__goal_id=goal)
        return adoptions

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        points = defaultdict(list)
        if page:
            pairs = Q()
            for municipality_id in {a.municipality_id for a in page}:
                pairs |= Q(municipality_id=municipality_id, indicator_id__in=[a.indicator_id for a in page if a.municipality_id == municipality_id])
            for m, i, year, breakdown, value in (
                Value.objects.filter(pairs)
                .order_by("disaggregation", "year")
                .values_list("municipality_id", "indicator_id", "year", "disaggregation", "value")
            ):
                points[(m, i)].append({"year": year, "breakdown": breakdown, "value": value})
        serializer = self.get_serializer(page, many=True, context={**self.get_serializer_context(), "points": points})
        return self.get_paginated_response(serializer.data)


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Public indicator values"),
        tags=["monitor"],
        parameters=[
            OpenApiParameter("municipality", str, description=gettext_lazy("Only this municipality (CBS code).")),
            OpenApiParameter("indicator", str, description=gettext_lazy("Only this indicator (code).")),
            OpenApiParameter("year", OpenApiTypes.INT, description=gettext_lazy("Only this year.")),
        ],
    ),
)
class ValueViewSet(ApiViewMixin, mixins.CreateModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Read: values of public series. Write (POST): a municipality's key, for its own municipality only."""

    filter_params = {"municipality", "indicator", "year"}
    http_method_names = ["get", "post", "head", "options"]

    def get_permissions(self):
        return [KeyRequiredForWrites()]

    def get_serializer_class(self):
        return ValueWriteSerializer if self.request.method == "POST" else ValueSerializer

    def get_queryset(self):
        values = (
            selectors.public_series()
            .select_related("municipality", "indicator")
            .only("id", "year", "disaggregation", "value", "note", "municipality__cbs_code", "indicator__code")
            .order_by("municipality__cbs_code", "indicator__code", "disaggregation", "year", "pk")
        )
        params = self.request.query_params
        if "municipality" in params:
            values = values.filter(municipality__cbs_code=params["municipality"])
        if "indicator" in params:
            values = values.filter(indicator__code=params["indicator"])
        year = int_param(self.request, "year", 1990, 2100)
        if year:
            values = values.filter(year=year)
        return values

    @extend_schema(
        summary=gettext_lazy("Push an indicator value (with a municipality's key)"),
        tags=["monitor"],
        request=ValueWriteSerializer,
        responses={201: ValueSerializer},
    )
    def create(self, request, *args, **kwargs):
        municipality = request.auth.municipality
        serializer = ValueWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data.get("municipality") and data["municipality"].upper() != municipality.cbs_code:
            raise exceptions.PermissionDenied(
                _("This key belongs to %(name)s; it can only write that municipality's values.") % {"name": municipality.display_name}
            )
        indicator = services.available_indicators(municipality).filter(code=data["indicator"]).first()
        if indicator is None:
            raise exceptions.ValidationError({"indicator": [_("Unknown indicator. Use a code from the indicator library, for example 12.5.g1.")]})
        if data["year"] > timezone.localdate().year:
            raise exceptions.ValidationError({"year": [_("Only values of past and current years can be sent.")]})
        try:
            saved = services.value_save(
                municipality=municipality,
                indicator=indicator,
                year=data["year"],
                value=data["value"],
                disaggregation=data["breakdown"],
                note=data["note"],
            )
        except ServiceError as error:
            raise exceptions.ValidationError({"nonFieldErrors": [error.message]}) from error
        saved = Value.objects.select_related("municipality", "indicator").get(pk=saved.pk)
        return Response(ValueSerializer(saved).data, status=201)
