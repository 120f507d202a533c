"""Support's part of a user's data export: the requests they asked, with their own messages and the
campaign team's answers to them (not what colleagues wrote). On account deletion the requests stay
with the municipality; the name goes with the account (the foreign keys point at the anonymised user)."""


def _iso(value):
    return value.isoformat() if value else None


def export(user) -> dict:
    from django.db.models import Prefetch, Q

    from .models import Message, SupportRequest

    own_requests = (
        SupportRequest.objects.filter(requested_by=user)
        .select_related("municipality")
        .prefetch_related(Prefetch("messages", queryset=Message.objects.filter(Q(author=user) | Q(from_team=True)).order_by("created_at", "pk")))
        .order_by("created_at")
    )
    return {
        "requests_asked": [
            {
                "number": r.number,
                "municipality": r.municipality.name,
                "category": r.category,
                "subject": r.subject,
                "status": r.status,
                "created_at": _iso(r.created_at),
                "messages": [
                    {"from_team": m.from_team, "body": m.body, "attachment": m.attachment_name or None, "created_at": _iso(m.created_at)}
                    for m in r.messages.all()
                ],
            }
            for r in own_requests
        ],
        "messages_in_other_requests": [
            {"request": m.request.number, "body": m.body, "attachment": m.attachment_name or None, "created_at": _iso(m.created_at)}
            for m in Message.objects.filter(author=user).exclude(request__requested_by=user).select_related("request").order_by("created_at")
        ],
    }
