from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _clear_arguments_of_finished_task(sender, task_result, **kwargs):
    """A delivered task (e-mail, export) keeps no arguments in the task table (apps/privacy/registry.py)."""
    from django_tasks_db import DatabaseBackend

    from .registry import clear_finished_task_arguments

    database_queue = isinstance(sender, type) and issubclass(sender, DatabaseBackend)
    if database_queue and getattr(task_result, "status", None) == "SUCCESSFUL":
        clear_finished_task_arguments(pk=task_result.id)


class PrivacyConfig(AppConfig):
    name = "apps.privacy"
    verbose_name = _("Privacy")

    def ready(self):
        from django.tasks.signals import task_finished

        task_finished.connect(_clear_arguments_of_finished_task, dispatch_uid="privacy-clear-task-arguments")
