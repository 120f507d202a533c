"""Background work of the Tijdscapsule: reminders, booklets, the debate kit PDF (load by id, call the service)."""

from django.tasks import task


@task()
def send_reminder(visit_id: int, kind: str) -> bool:
    from .services import reminder_send

    return reminder_send(visit_id=visit_id, kind=kind)


@task()
def build_booklet(booklet_id: int) -> int:
    from .services import booklet_build

    return booklet_build(booklet_id=booklet_id).pk


@task()
def build_debate_kit(capsule_id: int) -> int:
    from .services import kit_build

    return kit_build(capsule_id=capsule_id).pk
