"""Open API: public budget-per-goal figures (read, no key). Amounts are decimal strings in euros,
exact to the cent: the goal amounts of a budget add up to its total expenditure."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import exceptions, serializers

from apps.api.base import ReadOnlyViewSet

from .models import Budget, GoalTotal, Version


class GoalAmountSerializer(serializers.Serializer):
    goal = serializers.IntegerField(source="goal_id", help_text="Number of the goal (1-17).")
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="Expenditure (lasten) for this goal, in euros.")
    share = serializers.SerializerMethodField(help_text="Share of the total expenditure, 0-1 (four decimals).")

    def get_share(self, obj) -> str:
        total = self.context["totals"].get(obj.budget_id) or Decimal(0)
        return str((obj.amount / total).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)) if total else "0.0000"


class BudgetFiguresSerializer(serializers.ModelSerializer):
    municipality = serializers.CharField(source="municipality.cbs_code", help_text="CBS code of the municipality, e.g. GM0344.")
    versionLabel = serializers.SerializerMethodField(help_text="The version in Dutch and English.")  # noqa: N815
    number = serializers.IntegerField(help_text="Number of a budget amendment; 0 otherwise.")
    totalExpenditure = serializers.DecimalField(
        source="total_lasten", max_digits=16, decimal_places=2, help_text="Total expenditure (lasten) in euros, without changes in reserves."
    )  # noqa: N815
    totalIncome = serializers.DecimalField(source="total_baten", max_digits=16, decimal_places=2, help_text="Total income (baten) in euros.")  # noqa: N815
    goals = serializers.SerializerMethodField(help_text="Expenditure per goal (all 17).")

    class Meta:
        model = Budget
        fields = ["id", "municipality", "year", "version", "number", "versionLabel", "totalExpenditure", "totalIncome", "goals"]

    @extend_schema_field({"type": "object", "properties": {"nl": {"type": "string"}, "en": {"type": "string"}}, "required": ["nl", "en"]})
    def get_versionLabel(self, obj) -> dict:  # noqa: N802
        from django.utils import translation

        labels = {}
        for language in ("nl", "en"):
            with translation.override(language):
                labels[language] = str(obj.version_label)
        return labels

    @extend_schema_field(GoalAmountSerializer(many=True))
    def get_goals(self, obj) -> list[dict]:
        totals = {obj.pk: obj.total_lasten}
        return GoalAmountSerializer(sorted(obj.goal_totals.all(), key=lambda t: t.goal_id), many=True, context={"totals": totals}).data


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Budget per goal of municipalities (every year and version)"),
        tags=["budget"],
        parameters=[
            OpenApiParameter("municipality", str, description=gettext_lazy("Only this municipality (CBS code).")),
            OpenApiParameter("year", OpenApiTypes.INT, description=gettext_lazy("Only this year.")),
            OpenApiParameter("version", str, enum=list(Version.values), description=gettext_lazy("Only this version.")),
        ],
    ),
    retrieve=extend_schema(summary=gettext_lazy("One budget's figures per goal"), tags=["budget"]),
)
class BudgetFiguresViewSet(ReadOnlyViewSet):
    serializer_class = BudgetFiguresSerializer
    lookup_value_regex = r"[0-9]+"
    filter_params = {"municipality", "year", "version"}

    def get_queryset(self):
        budgets = (
            Budget.objects.select_related("municipality")
            .only("id", "year", "version", "number", "total_lasten", "total_baten", "municipality__cbs_code")
            .prefetch_related(Prefetch("goal_totals", queryset=GoalTotal.objects.only("id", "budget_id", "goal_id", "amount")))
            .order_by("municipality__cbs_code", "-year", "version", "number")
        )
        if self.action != "list":
            return budgets
        params = self.request.query_params
        if "municipality" in params:
            budgets = budgets.filter(municipality__cbs_code=params["municipality"])
        if "year" in params:
            raw = params["year"]
            if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
                raise exceptions.ValidationError({"year": [_("Give a year from 2000 to 2100.")]})
            budgets = budgets.filter(year=int(raw))
        if "version" in params:
            if params["version"] not in Version.values:
                raise exceptions.ValidationError({"version": [_("Unknown version. Use one of: %(values)s.") % {"values": ", ".join(Version.values)}]})
            budgets = budgets.filter(version=params["version"])
        return budgets
