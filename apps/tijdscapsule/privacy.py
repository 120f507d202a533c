"""Privacy hooks (apps/privacy/services.py): the visit requests a user made, with the contact data
given. Wishes are anonymous (no account, no address: only a keyed hash of it) and stay sealed, so
they are neither exported nor touched here."""

from django.db.models import Q


def _visits(user):
    from .models import Visit

    return (
        Visit.objects.filter(Q(requested_by=user) | Q(contact_email__iexact=user.email)).select_related("municipality").order_by("start_date", "pk")
    )


def export(user) -> dict:
    return {
        "visit_requests": [
            {
                "municipality": v.municipality.display_name,
                "title": v.title,
                "status": v.status,
                "start_date": v.start_date.isoformat(),
                "end_date": v.end_date.isoformat(),
                "event_type": v.event_type,
                "address": v.address,
                "expected_audience": v.expected_audience,
                "contact_name": v.contact_name,
                "contact_email": v.contact_email,
                "contact_phone": v.contact_phone,
                "notes": v.notes,
                "requested_at": v.created_at.isoformat(),
            }
            for v in _visits(user)
        ]
    }


def anonymise(user) -> None:
    """The municipality keeps its visits; the person's name and contact details go (the visit's
    history included)."""
    visits = list(_visits(user))
    for visit in visits:
        mine = visit.contact_email.lower() == user.email.lower()
        fields = {"requested_by": None}
        if mine:
            fields.update(contact_name="", contact_email="deleted@invalid", contact_phone="")
        type(visit).objects.filter(pk=visit.pk).update(**fields)
        history = visit.history.all()
        history.update(requested_by=None)
        if mine:
            history.update(contact_name="", contact_email="deleted@invalid")
