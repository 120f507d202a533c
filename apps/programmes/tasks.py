from django.tasks import task


@task()
def send_reminder(kind: str, target_id: int) -> int:
    """Send one scheduled reminder (and any other that is due: a catch-up after a stopped worker)."""
    from .services import reminder_send, reminders_due

    return reminder_send(kind=kind, target_id=target_id) + reminders_due()


@task()
def build_guide(guide_id: int) -> dict:
    from .services import guide_build

    return guide_build(guide_id=guide_id)
