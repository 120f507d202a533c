"""Reads of the goals for other apps' pages."""

from .models import Goal


def attach_goals(objects, relation: str, goals) -> list:
    """``objects`` as a list, each with ``goal_list``: its goals through the many-to-many ``relation``,
    in number order, as the ``Goal`` instances of ``goals`` (the list a page already read, for its
    filter). One query on the through table instead of a prefetch that reads and builds every goal
    again per row; a goal missing from ``goals`` is read."""
    objects = list(objects)
    if not objects:
        return objects
    field = type(objects[0])._meta.get_field(relation)
    through = field.remote_field.through
    source = through._meta.get_field(field.m2m_field_name()).attname
    target = through._meta.get_field(field.m2m_reverse_field_name()).attname
    numbers = {obj.pk: [] for obj in objects}
    for pk, number in through.objects.filter(**{f"{source}__in": list(numbers)}).values_list(source, target):
        numbers[pk].append(number)
    by_number = {goal.number: goal for goal in goals}
    missing = {n for found in numbers.values() for n in found} - by_number.keys()
    if missing:
        by_number.update({goal.number: goal for goal in Goal.objects.filter(number__in=missing)})
    for obj in objects:
        obj.goal_list = [by_number[n] for n in sorted(numbers[obj.pk])]
    return objects
