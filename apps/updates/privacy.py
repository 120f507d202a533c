"""Updates' part of a user's data export (which updates went to their address; whether they
unsubscribed), and on account deletion: the address leaves the send log and the opt-out list."""


def export(user) -> dict:
    from .models import Delivery, OptOut

    email = user.email.lower()
    opt_out = OptOut.objects.filter(email__iexact=email).first()
    return {
        "updates_received": [
            {"subject": d.update.subject, "sent_at": d.sent_at.isoformat(), "error": d.error or None}
            for d in Delivery.objects.filter(email__iexact=email).select_related("update").order_by("sent_at")
        ],
        "unsubscribed_since": opt_out.created_at.isoformat() if opt_out else None,
    }


def anonymise(user) -> None:
    from .models import Delivery, OptOut

    Delivery.objects.filter(email__iexact=user.email).update(email=f"deleted-{user.pk}@invalid")
    OptOut.objects.filter(email__iexact=user.email).delete()
