"""Where personal data lives: the one registry that export, account deletion and retention all use.

Each :class:`Location` names a model and the columns in which a person's name, e-mail address,
phone number or own words can appear. ``identity`` columns identify whose row it is (a row whose
identity column holds the person's e-mail address or name is *theirs*); ``content`` columns hold
free text that can mention them. A model with django-simple-history has its historical table
covered too (``history=True`` is found automatically). The task queue (django-tasks-db) keeps task
arguments and return values as JSON; :data:`TASK_QUEUE` covers it. Invitation and password-reset
e-mails never put their link, token or address there: their tasks get ids and build the link when
they run (``apps/accounts/tasks.py``). Files are listed in :data:`FILES`.

- **Export** (:func:`find`): every row, current or historical, that holds the person's address or
  name, per location.
- **Account deletion** (:func:`erase`): the person's own rows get every listed column emptied,
  other rows lose the address or name inside their text; queued tasks for the person are removed
  and finished ones lose their arguments.
- **Retention** (:func:`purge_deleted_history`): when retention deletes records, their history goes
  too; delivered tasks keep no arguments (:func:`clear_finished_task_arguments`).

``apps/privacy/tests/test_erasure.py`` creates a person with data in every app, deletes the account,
runs retention and then searches every column of every table, and the file storage, for the
person's e-mail address and name.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q

ERASED = "[verwijderd]"
EMPTY_ARGS = {"args": [], "kwargs": {}}


@dataclass(frozen=True)
class Location:
    model: str  # "app_label.ModelName"
    identity: tuple[str, ...] = ()
    content: tuple[str, ...] = ()
    purpose: str = ""
    delete_own: bool = False  # the person's own rows are deleted instead of emptied (unique addresses, logs)

    def get_model(self):
        return apps.get_model(self.model)

    def tables(self):
        """The model and, where it has one, its simple-history model."""
        model = self.get_model()
        yield model
        history = getattr(model, "history", None)
        if history is not None and hasattr(history, "model"):
            yield history.model

    @property
    def columns(self) -> tuple[str, ...]:
        return self.identity + self.content


def _columns(table, names) -> tuple[str, ...]:
    """The listed columns that ``table`` has (a history table may exclude some)."""
    present = {field.name for field in table._meta.concrete_fields}
    return tuple(name for name in names if name in present)


REGISTRY: tuple[Location, ...] = (
    Location("accounts.User", identity=("email", "full_name"), content=("job_title",), purpose="the account"),
    Location("accounts.Invitation", identity=("email", "full_name"), content=("message", "job_title"), purpose="invitations"),
    Location("accounts.AccessGrant", content=("reason",), purpose="coach access"),
    Location(
        "membership.Application",
        identity=("email", "contact_name"),
        content=("contact_role", "motivation", "decision_message"),
        purpose="join requests",
    ),
    Location("programmes.Registration", identity=("contact_email",), content=("motivation",), purpose="programme registrations"),
    Location("programmes.Comment", content=("body",), purpose="comments on texts"),
    Location("programmes.Post", content=("body",), purpose="questions and notes in sessions"),
    Location(
        "tijdscapsule.Visit",
        identity=("contact_email", "contact_name"),
        content=("contact_phone", "notes", "team_message"),
        purpose="Tijdscapsule visit requests",
    ),
    Location("youngchallengers.Nomination", identity=("email",), purpose="YoungChallenger nominations", delete_own=True),
    Location("youngchallengers.YoungChallenger", content=("role_title", "works_on", "public_summary"), purpose="YoungChallenger profiles"),
    Location("youngchallengers.Post", content=("body",), purpose="YoungChallenger messages"),
    Location("youngchallengers.Report", content=("reason",), purpose="reports of messages"),
    Location("support.Message", content=("body",), purpose="support conversations"),
    Location("updates.Delivery", identity=("email",), purpose="update deliveries", delete_own=True),
    Location("updates.OptOut", identity=("email",), purpose="update opt-outs", delete_own=True),
    Location("menukaart.ModerationEvent", content=("message",), purpose="moderation of practice examples"),
    Location("axes.AccessAttempt", identity=("username",), purpose="login attempts", delete_own=True),
    Location("axes.AccessLog", identity=("username",), purpose="logins", delete_own=True),
    Location("axes.AccessFailureLog", identity=("username",), purpose="failed logins", delete_own=True),
)

TASK_QUEUE = "django_tasks_database.DBTaskResult"  # args_kwargs and return_value (JSON)

FILES = {
    "privacy.DataExport.file": "data exports (removed with the account and after their retention period)",
    "support.Message.attachment": "support attachments",
    "youngchallengers.YoungChallenger.photo": "YoungChallenger photos",
    "tijdscapsule.Wish.photo": "wish photos (sealed)",
}


def _available():
    labels = {config.label for config in apps.get_app_configs()}
    for location in REGISTRY:
        if location.model.split(".")[0] in labels:
            yield location


def _needles(email: str, names) -> list[str]:
    return [value for value in [email, *names] if value and len(value) >= 3]


def _match(columns, needles) -> Q:
    query = Q()
    for column in columns:
        for needle in needles:
            query |= Q(**{f"{column}__icontains": needle})
    return query


def _replace(text: str, needles) -> str:
    import re

    for needle in needles:
        text = re.sub(re.escape(needle), ERASED, text, flags=re.IGNORECASE)
    return text


def find(*, email: str, names=()) -> dict[str, list[dict]]:
    """Every row, current or historical, of every location that holds the address or a name."""
    needles = _needles(email, names)
    found: dict[str, list[dict]] = {}
    if not needles:
        return found
    for location in _available():
        for table in location.tables():
            columns = _columns(table, location.columns)
            rows = list(table.objects.filter(_match(columns, needles)).values("pk", *columns))
            if rows:
                found[table._meta.label] = [{key: str(value) for key, value in row.items()} for row in rows]
    for result in _task_rows(needles):
        found.setdefault(TASK_QUEUE, []).append({"pk": str(result.pk), "task": result.task_path, "status": result.status})
    return found


def erase(*, email: str, names=()) -> int:
    """Remove the person's address and names from every location (current and historical rows) and
    from the task queue; returns the number of rows changed."""
    needles = _needles(email, names)
    if not needles:
        return 0
    changed = 0
    for location in _available():
        for table in location.tables():
            columns = _columns(table, location.columns)
            identity = _columns(table, location.identity)
            for row in table.objects.filter(_match(columns, needles)):
                own = any(any(n.lower() == str(getattr(row, c) or "").strip().lower() for n in needles) for c in identity)
                if own and location.delete_own and table is location.get_model():
                    table.objects.filter(pk=row.pk).delete()
                    changed += 1
                    continue
                for column in columns:
                    value = getattr(row, column)
                    if isinstance(value, str):
                        setattr(row, column, "" if own else _replace(value, needles))
                table.objects.filter(pk=row.pk).update(**{column: getattr(row, column) for column in columns})
                changed += 1
    changed += _erase_tasks(needles)
    return changed


def _task_model():
    try:
        return apps.get_model(TASK_QUEUE)
    except LookupError:
        return None


def _task_rows(needles):
    model = _task_model()
    if model is None:
        return []
    lowered = [n.lower() for n in needles]
    found = []
    for result in model.objects.only("pk", "args_kwargs", "return_value", "task_path", "status").iterator():
        text = json.dumps([result.args_kwargs, result.return_value], ensure_ascii=False).lower()
        if any(needle in text for needle in lowered):
            found.append(result)
    return found


def _erase_tasks(needles) -> int:
    model = _task_model()
    changed = 0
    for result in _task_rows(needles):
        if result.status == "READY":
            model.objects.filter(pk=result.pk).delete()  # a queued message to the person: not sent any more
        else:
            model.objects.filter(pk=result.pk).update(args_kwargs=EMPTY_ARGS, return_value=None)
        changed += 1
    return changed


def clear_finished_task_arguments(*, pk=None) -> int:
    """Successful tasks (a delivered e-mail) keep no arguments (addresses, links, message texts).
    Failed ones keep theirs until their retention period, so the team can see and retry them."""
    model = _task_model()
    if model is None:
        return 0
    done = model.objects.filter(status="SUCCESSFUL")
    if pk is not None:
        done = done.filter(pk=pk)
    return done.exclude(args_kwargs=EMPTY_ARGS).update(args_kwargs=EMPTY_ARGS, return_value=None)


def purge_deleted_history() -> int:
    """Delete the history rows of records that no longer exist (retention deleted them)."""
    removed = 0
    for location in _available():
        model = location.get_model()
        history = getattr(model, "history", None)
        if history is None or not hasattr(history, "model"):
            continue
        pk = model._meta.pk.attname
        removed += history.model.objects.exclude(**{f"{pk}__in": model.objects.values("pk")}).delete()[0]
    return removed
