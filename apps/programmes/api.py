"""Open API: the public parts of programmes (no meeting links, no contact details)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers

from apps.api.base import ReadOnlyViewSet
from apps.api.serializers import TranslatedField

from .models import Programme, Registration, Session


@extend_schema_field({"type": "string", "format": "time-local", "example": "14:00:00"})
class LocalTimeField(serializers.TimeField):
    """A wall-clock time in the Netherlands without an offset (ADR /core/date-time: `time-local`); the
    full moment with its offset is in `start`/`end`."""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M:%S", **kwargs)


class SessionSerializer(serializers.ModelSerializer):
    title = TranslatedField("title")
    start = serializers.SerializerMethodField(help_text="Start as a date-time with its UTC offset (RFC 3339).")
    end = serializers.SerializerMethodField(help_text="End as a date-time with its UTC offset (RFC 3339).")
    startTime = LocalTimeField(source="start_time", help_text="Local start time (Europe/Amsterdam).")  # noqa: N815
    endTime = LocalTimeField(source="end_time", help_text="Local end time (Europe/Amsterdam).")  # noqa: N815

    class Meta:
        model = Session
        fields = ["title", "date", "start", "end", "startTime", "endTime"]

    @staticmethod
    def _moment(date, time) -> str:
        return timezone.make_aware(dt.datetime.combine(date, time)).isoformat()

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_start(self, session) -> str:
        return self._moment(session.date, session.start_time)

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_end(self, session) -> str:
        return self._moment(session.date, session.end_time)


class ProgrammeSerializer(serializers.ModelSerializer):
    title = TranslatedField("title")
    summary = TranslatedField("summary")
    registrationOpens = serializers.DateField(source="registration_opens", allow_null=True)  # noqa: N815
    registrationCloses = serializers.DateField(source="registration_closes", allow_null=True)  # noqa: N815
    sessions = SessionSerializer(many=True, read_only=True)
    participants = serializers.SerializerMethodField(help_text="CBS codes of the confirmed participating municipalities.")
    guide = serializers.SerializerMethodField(help_text="The published guide: web page and PDFs, or null.")
    url = serializers.SerializerMethodField(help_text="The programme's public page.")

    class Meta:
        model = Programme
        fields = [
            "slug",
            "title",
            "summary",
            "partners",
            "eligibility",
            "capacity",
            "registrationOpens",
            "registrationCloses",
            "sessions",
            "participants",
            "guide",
            "url",
        ]

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_participants(self, obj) -> list[str]:
        return sorted({r.municipality.cbs_code for r in obj.confirmed})

    def get_guide(self, obj) -> dict | None:
        from django.urls import reverse

        guide = getattr(obj, "guide", None)
        if guide is None or not guide.published or guide.status != "ready":
            return None
        return {
            "url": self._absolute(guide.get_absolute_url()),
            "pdfNl": self._absolute(reverse("programmes:guide_pdf", kwargs={"slug": obj.slug, "language": "nl"})),
            "pdfEn": self._absolute(reverse("programmes:guide_pdf", kwargs={"slug": obj.slug, "language": "en"})) if guide.pdf_en else None,
            "publishedOn": guide.published_on.isoformat() if guide.published_on else None,
        }

    def get_url(self, obj) -> str:
        return self._absolute(obj.get_absolute_url())


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Programmes of the campaign (public parts)"), tags=["programmes"]),
    retrieve=extend_schema(summary=gettext_lazy("One programme"), tags=["programmes"]),
)
class ProgrammeViewSet(ReadOnlyViewSet):
    serializer_class = ProgrammeSerializer
    lookup_field = "slug"
    lookup_value_regex = r"[-a-z0-9]+"

    def get_queryset(self):
        confirmed = (
            Registration.objects.filter(status=Registration.Status.CONFIRMED)
            .select_related("municipality")
            .only("programme_id", "municipality__cbs_code")
        )
        return (
            Programme.objects.filter(published=True)
            .select_related("guide")
            .prefetch_related("sessions", Prefetch("registrations", queryset=confirmed, to_attr="confirmed"))
            .order_by("-registration_opens", "slug")
        )
