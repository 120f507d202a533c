"""Keeps the search index current: a saved or deleted format, practice example, article, programme,
goal or target (or a change of its goals) leaves a PendingChange row, one cheap insert; the engine
applies pending changes in one batch before the next search. An activity marks its format, whose
popularity changes. Bulk loads (bulk_create) send no signals: they end with rebuild_index (the demo
does), or run ``manage.py search_index``."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from apps.goals.models import Goal, Target
from apps.knowledge.models import Article
from apps.menukaart.models import ActionFormat, Activity, PracticeExample
from apps.programmes.models import Programme

from .models import PendingChange

MODELS = {ActionFormat: "format", PracticeExample: "example", Article: "article", Programme: "programme", Goal: "goal", Target: "target"}


def mark(source: str, object_id) -> None:
    if object_id is not None:
        PendingChange.objects.bulk_create([PendingChange(source=source, object_id=object_id)], ignore_conflicts=True)


def _changed(sender, instance, raw=False, **kwargs):
    if not raw:  # fixtures
        mark(MODELS[sender], instance.pk)


def _goals_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and type(instance) in MODELS:
        mark(MODELS[type(instance)], instance.pk)


def _activity_changed(sender, instance, raw=False, **kwargs):
    if not raw and instance.action_format_id:
        mark("format", instance.action_format_id)


for model in MODELS:
    post_save.connect(_changed, sender=model, dispatch_uid=f"search-save-{model.__name__}")
    post_delete.connect(_changed, sender=model, dispatch_uid=f"search-delete-{model.__name__}")
for through in (ActionFormat.goals.through, PracticeExample.goals.through, Article.goals.through):
    m2m_changed.connect(_goals_changed, sender=through, dispatch_uid=f"search-goals-{through.__name__}")
post_save.connect(_activity_changed, sender=Activity, dispatch_uid="search-activity-save")
post_delete.connect(_activity_changed, sender=Activity, dispatch_uid="search-activity-delete")
