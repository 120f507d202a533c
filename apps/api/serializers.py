from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.goals.models import Goal, Target
from apps.municipalities.models import Municipality


@extend_schema_field({"type": "object", "properties": {"nl": {"type": "string"}, "en": {"type": "string"}}, "required": ["nl", "en"]})
class TranslatedField(serializers.Field):
    """A text in both languages: {"nl": ..., "en": ...} from the model's ``<name>_nl`` / ``<name>_en``."""

    def __init__(self, name: str, **kwargs):
        self.base = name
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, instance):
        return {"nl": getattr(instance, f"{self.base}_nl"), "en": getattr(instance, f"{self.base}_en")}


class GoalSerializer(serializers.ModelSerializer):
    titleShort = TranslatedField("title_short")  # noqa: N815 - the API's property names are camelCase (ADR)
    titleFull = TranslatedField("title_full")  # noqa: N815
    description = TranslatedField("description")
    colour = serializers.CharField(help_text="Official UN colour, #RRGGBB.")

    class Meta:
        model = Goal
        fields = ["number", "colour", "titleShort", "titleFull", "description"]


class TargetSerializer(serializers.ModelSerializer):
    goal = serializers.IntegerField(source="goal_id", help_text="Number of the goal (1-17).")
    titleShort = TranslatedField("title_short")  # noqa: N815
    text = TranslatedField("text")

    class Meta:
        model = Target
        fields = ["code", "goal", "kind", "titleShort", "text"]


class MunicipalitySerializer(serializers.ModelSerializer):
    cbsCode = serializers.CharField(source="cbs_code", help_text="CBS code, e.g. GM0363.")  # noqa: N815
    officialName = serializers.CharField(source="name", help_text="The name as CBS writes it.")  # noqa: N815
    name = serializers.CharField(source="display_name")
    population = serializers.IntegerField(allow_null=True)
    populationDate = serializers.DateField(source="population_date", allow_null=True)  # noqa: N815
    sizeClass = serializers.IntegerField(source="size_class", allow_null=True, help_text="CBS size class 1-7 by population.")  # noqa: N815
    validUntil = serializers.DateField(source="valid_until", allow_null=True, help_text="Last day of a municipality that no longer exists.")  # noqa: N815
    successor = serializers.CharField(source="successor.cbs_code", allow_null=True, default=None, help_text="CBS code of the municipality it merged into.")
    isMember = serializers.SerializerMethodField(help_text="Whether the municipality takes part in the campaign.")  # noqa: N815
    memberSince = serializers.SerializerMethodField(help_text="Date it joined the campaign.")  # noqa: N815
    focusGoals = serializers.SerializerMethodField(help_text="Numbers of the goals it focuses on.")  # noqa: N815
    profileUrl = serializers.SerializerMethodField(help_text="The public profile page.")  # noqa: N815

    class Meta:
        model = Municipality
        fields = [
            "cbsCode",
            "name",
            "officialName",
            "slug",
            "province",
            "population",
            "populationDate",
            "sizeClass",
            "validUntil",
            "successor",
            "isMember",
            "memberSince",
            "focusGoals",
            "profileUrl",
        ]

    def _membership(self, obj):
        return getattr(obj, "membership", None)

    def get_isMember(self, obj) -> bool:  # noqa: N802
        return self._membership(obj) is not None

    def get_memberSince(self, obj) -> str | None:  # noqa: N802
        membership = self._membership(obj)
        return membership.since.isoformat() if membership else None

    def get_focusGoals(self, obj) -> list[int]:  # noqa: N802
        membership = self._membership(obj)
        return [goal.number for goal in membership.focus_goals.all()] if membership else []

    def get_profileUrl(self, obj) -> str:  # noqa: N802
        request = self.context.get("request")
        url = obj.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


class ActionFormatSerializer(serializers.ModelSerializer):
    title = TranslatedField("title")
    summary = TranslatedField("summary")
    category = serializers.CharField(source="category.slug")
    goals = serializers.SerializerMethodField(help_text="Numbers of the goals the format serves.")
    leadTimeWeeks = serializers.IntegerField(source="lead_time_weeks")  # noqa: N815
    url = serializers.SerializerMethodField(help_text="The format's page.")

    class Meta:
        from apps.menukaart.models import ActionFormat

        model = ActionFormat
        fields = ["slug", "title", "summary", "category", "goals", "audience", "effort", "cost", "leadTimeWeeks", "url"]

    def get_goals(self, obj) -> list[int]:
        return [goal.number for goal in obj.goals.all()]

    def get_url(self, obj) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(obj.get_absolute_url()) if request else obj.get_absolute_url()


class ActivitySerializer(serializers.ModelSerializer):
    municipality = serializers.CharField(source="municipality.cbs_code", help_text="CBS code of the municipality.")
    actionFormat = serializers.CharField(source="action_format.slug", allow_null=True, default=None)  # noqa: N815
    startDate = serializers.DateField(source="start_date", allow_null=True)  # noqa: N815
    endDate = serializers.DateField(source="end_date", allow_null=True)  # noqa: N815
    goals = serializers.SerializerMethodField()

    class Meta:
        from apps.menukaart.models import Activity

        model = Activity
        fields = ["id", "municipality", "title", "actionFormat", "status", "startDate", "endDate", "goals", "reach"]

    def get_goals(self, obj) -> list[int]:
        return [goal.number for goal in obj.goals.all()]


class PracticeExampleSerializer(serializers.ModelSerializer):
    municipality = serializers.CharField(source="municipality.cbs_code")
    actionFormat = serializers.CharField(source="action_format.slug", allow_null=True, default=None)  # noqa: N815
    goals = serializers.SerializerMethodField()

    class Meta:
        from apps.menukaart.models import PracticeExample

        model = PracticeExample
        fields = ["id", "municipality", "title", "actionFormat", "goals", "version"]

    def get_goals(self, obj) -> list[int]:
        return [goal.number for goal in obj.goals.all()]


class ActivityWriteSerializer(serializers.Serializer):
    """What a municipality's own system sends for an activity (camelCase, like the rest of the API)."""

    title = serializers.CharField(max_length=200)
    actionFormat = serializers.SlugField(required=False, allow_null=True, help_text="Slug of a Menukaart action format.")  # noqa: N815
    status = serializers.ChoiceField(choices=["idea", "planned", "done", "cancelled"], default="planned")
    startDate = serializers.DateField(required=False, allow_null=True)  # noqa: N815
    endDate = serializers.DateField(required=False, allow_null=True)  # noqa: N815
    goals = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=17), required=False, max_length=17)
    reach = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=10_000_000)
    partners = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    report = serializers.CharField(required=False, allow_blank=True, max_length=5000)

    def validate_actionFormat(self, value):  # noqa: N802
        from apps.menukaart.models import ActionFormat

        if not value:
            return None
        found = ActionFormat.objects.filter(slug=value, published=True).first()
        if found is None:
            raise serializers.ValidationError("Unknown action format.")
        return found

    def to_service_data(self) -> dict:
        data = self.validated_data
        mapping = {"title": "title", "actionFormat": "action_format", "status": "status", "startDate": "start_date", "endDate": "end_date", "reach": "reach", "partners": "partners", "report": "report"}
        result = {target: data[source] for source, target in mapping.items() if source in data}
        if "goals" in data:
            result["goals"] = data["goals"]
        return result
