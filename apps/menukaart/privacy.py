"""The Menukaart's part of a user's data export. Activities and practice examples belong to the
municipality and stay when an account is deleted; the person's name goes with the account itself
(the foreign keys point at the anonymised user), so ``anonymise`` has nothing more to remove."""


def _iso(value):
    return value.isoformat() if value else None


def export(user) -> dict:
    from .models import Activity, ExampleVersion, ModerationEvent, PracticeExample, Score

    return {
        "activities_created": [
            {
                "municipality": a.municipality.name,
                "title": a.title,
                "status": a.status,
                "start_date": _iso(a.start_date),
                "end_date": _iso(a.end_date),
                "partners": a.partners,
                "report": a.report,
                "reach": a.reach,
                "created_at": _iso(a.created_at),
            }
            for a in Activity.objects.filter(created_by=user).select_related("municipality").order_by("created_at")
        ],
        "practice_examples_started": [
            {
                "municipality": e.municipality.name,
                "title": e.title,
                "status": e.status,
                "draft": {q: getattr(e, q) for q in PracticeExample.QUESTIONS},
                "created_at": _iso(e.created_at),
            }
            for e in PracticeExample.objects.filter(created_by=user).select_related("municipality").order_by("created_at")
        ],
        "practice_example_versions_sent_in": [
            {"example": v.example.title, "version": v.number, "title": v.title, "answers": v.answers, "submitted_at": _iso(v.submitted_at)}
            for v in ExampleVersion.objects.filter(submitted_by=user).select_related("example").order_by("submitted_at")
        ],
        "moderation_steps_taken": [
            {"example": m.example.title, "version": m.version, "status": m.status, "message": m.message, "created_at": _iso(m.created_at)}
            for m in ModerationEvent.objects.filter(actor=user).select_related("example").order_by("created_at")
        ],
        "award_scores_given": [
            {"year": s.entry.award_round.year, "example": s.entry.example.title, "criterion": s.criterion.name_nl, "value": s.value}
            for s in Score.objects.filter(juror=user).select_related("entry__award_round", "entry__example", "criterion").order_by("pk")
        ],
    }
