"""Load an open-data set for every municipality of the current division (services: writes).

``open_dataset_load`` reads the set's file (or records given by the CBS OData command), maps each row
by CBS code to a municipality of the current division, carries figures published on an older
division over with the reorganisations in ``data/open/indelingen.csv`` (see ``open_sets`` for the
rules per kind), computes rates and values per inhabitant from their published parts, ranks every
municipality among all, its province and its size class, and replaces the set's values and peer
statistics in one transaction. Loading the same file twice gives the same rows."""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from apps.municipalities.models import Municipality

from . import open_sets
from .models import Availability, Indicator, OpenDataset, OpenPeerStat, OpenValue

EmptyReason = OpenValue.EmptyReason


@dataclass
class LoadReport:
    dataset: str
    rows_read: int = 0
    rows_matched: int = 0
    rows_refused: int = 0
    refused: dict[str, int] = field(default_factory=dict)
    refused_examples: dict[str, list[str]] = field(default_factory=dict)
    carried_over: list[str] = field(default_factory=list)
    values: int = 0
    empty: dict[str, int] = field(default_factory=dict)
    not_published: int = 0
    municipalities: int = 0
    years: list[int] = field(default_factory=list)
    indicators: int = 0

    def refuse(self, reason: str, example: str):
        self.rows_refused += 1
        self.refused[reason] = self.refused.get(reason, 0) + 1
        examples = self.refused_examples.setdefault(reason, [])
        if len(examples) < 5 and example not in examples:
            examples.append(example)

    def as_dict(self) -> dict:
        return asdict(self)


def _successors() -> tuple[dict[str, str], dict[str, str], set[str]]:
    """old code -> current code (transitively), old code -> old name, and the municipalities that
    continued under their own code (Amsterdam absorbing Weesp)."""
    successor, names, continuing = {}, {}, set()
    for reorganisation in open_sets.reorganisations():
        if reorganisation.new_code in reorganisation.old_codes:
            continuing.add(reorganisation.new_code)
        for code, name in zip(reorganisation.old_codes, reorganisation.old_names, strict=True):
            if code != reorganisation.new_code:
                successor[code] = reorganisation.new_code
                names[code] = name
    for code in list(successor):
        seen = {code}
        while successor[code] in successor and successor[code] not in seen:
            seen.add(successor[code])
            successor[code] = successor[successor[code]]
    return successor, names, continuing


def indicators_sync(spec: open_sets.OpenSet) -> dict[str, Indicator]:
    """The set's indicators in the library (created or updated by code); history only on change."""
    existing = {i.code: i for i in Indicator.objects.filter(code__in=[c.code for c in spec.columns])}
    result = {}
    for column in spec.columns:
        values = {
            "goal_id": column.goal,
            "target": column.target,
            "name_nl": column.name_nl,
            "name_en": column.name_en,
            "definition_nl": " ".join(t for t in (column.definition_nl, column.formula_nl and f"Berekening: {column.formula_nl}.") if t),
            "definition_en": " ".join(t for t in (column.definition_en, column.formula_en and f"Computation: {column.formula_en}.") if t),
            "unit_nl": column.unit_nl,
            "unit_en": column.unit_en,
            "direction": column.direction,
            "decimals": column.decimals,
            "source": spec.publisher[:200],
            "source_table": spec.table_id[:60],
            "source_url": spec.url,
            "availability": Availability.MUNICIPALITY,
            "indicator_set": "Open data",
            "active": True,
        }
        indicator = existing.get(column.code)
        if indicator is None:
            indicator = Indicator.objects.create(code=column.code, **values)
        elif any(getattr(indicator, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(indicator, key, value)
            indicator.save()
        result[column.code] = indicator
    return result


def _combine(column: open_sets.Column, contributions: list[tuple[str, dict]]) -> tuple[float | None, str, dict]:
    """(value, empty reason, computation) of one indicator from the rows of one or more municipalities."""
    merged = len(contributions) > 1
    if column.kind == "level":
        if merged:
            return None, EmptyReason.MERGED_LEVEL, {}
        value = contributions[0][1].get(column.fields[0])
        return value, "", {}
    needed = (*column.fields, *column.denominator)
    missing = any(figures.get(f) is None for _, figures in contributions for f in needed)
    if missing:
        return None, (EmptyReason.MISSING_PART if merged else None), {}
    numerator = sum(figures[f] for _, figures in contributions for f in column.fields)
    computation = {}
    if column.kind == "sum":
        value = numerator
        if len(column.fields) > 1 or merged:
            computation = {"numerator": numerator}
    else:
        denominator = sum(figures[f] for _, figures in contributions for f in column.denominator)
        if denominator == 0:
            return None, EmptyReason.ZERO_DENOMINATOR, {"numerator": numerator, "denominator": 0.0, "factor": column.factor}
        value = numerator / denominator * column.factor
        computation = {"numerator": numerator, "denominator": denominator, "factor": column.factor}
    return value, "", computation


def _rank(values: list[tuple[int, float]], higher_is_better: bool) -> dict[int, int]:
    """Competition ranking (1 = best; equal values share a rank)."""
    ordered = sorted(values, key=lambda item: -item[1] if higher_is_better else item[1])
    ranks, previous, rank = {}, None, 0
    for position, (key, value) in enumerate(ordered, start=1):
        if value != previous:
            rank, previous = position, value
        ranks[key] = rank
    return ranks


_COLUMNS = ["dataset_id", "indicator_id", "municipality_id", "year", "value", "empty_reason", "computation"]
_RANKS = ["rank_all", "count_all", "rank_province", "count_province", "rank_size", "count_size"]


def _insert_values(dataset: OpenDataset, values: list[dict]) -> None:
    """A plain multi-row INSERT (executemany) of the set's values."""
    table = connection.ops.quote_name(OpenValue._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in (*_COLUMNS, *_RANKS))
    placeholders = ", ".join(["%s"] * (len(_COLUMNS) + len(_RANKS)))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608 - names from the model, values as parameters
    rows = [
        (
            dataset.pk,
            v["indicator"].pk,
            v["municipality"].pk,
            v["year"],
            v["value"],
            v["empty_reason"],
            json.dumps(v["computation"]),
            *(v.get(name) for name in _RANKS),
        )
        for v in values
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


@transaction.atomic
def open_dataset_load(*, key: str, path: Path | None = None, records: Iterable[open_sets.Record] | None = None) -> LoadReport:
    """Load (or reload) one open-data set for all current municipalities; returns the report."""
    spec = open_sets.SETS[key]
    report = LoadReport(dataset=key)
    dataset, _ = OpenDataset.objects.update_or_create(
        key=key,
        defaults={
            "title_nl": spec.title_nl,
            "title_en": spec.title_en,
            "publisher": spec.publisher[:200],
            "table_id": spec.table_id,
            "licence": spec.licence,
            "attribution": spec.attribution,
            "url": spec.url,
        },
    )
    indicators = indicators_sync(spec)
    municipalities = {m.cbs_code: m for m in Municipality.objects.current().only("id", "cbs_code", "province", "size_class")}
    successor, old_names, continuing = _successors()

    # (current code, year) -> [(source code, figures)]
    rows: dict[tuple[str, int], list[tuple[str, dict]]] = defaultdict(list)
    for record in records if records is not None else spec.records(path):
        report.rows_read += 1
        code = record.code
        if code in municipalities:
            target = code
        elif code in successor and successor[code] in municipalities:
            target = successor[code]
        else:
            report.refuse("unknown_code", code or "(empty)")
            continue
        report.rows_matched += 1
        rows[(target, record.year)].append((code, record.figures))

    # One dict per value (no model instances: 30,000 of them would cost seconds of CPU).
    new_values: list[dict] = []
    for (target, year), contributions in rows.items():
        direct = [c for c in contributions if c[0] == target]
        if direct and len(contributions) > len(direct) and target not in continuing:
            contributions = direct  # a newly formed municipality published on its own division
        if len(direct) > 1:
            report.refuse("duplicate_row", f"{target} {year}")
            contributions = direct[:1] + [c for c in contributions if c[0] != target]
        merged_from = sorted(c[0] for c in contributions) if len(contributions) > 1 else []
        if merged_from:
            report.carried_over.append(f"{year}: {'+'.join(merged_from)} -> {target}")
        municipality = municipalities[target]
        for column in spec.columns:
            value, reason, computation = _combine(column, contributions)
            if value is None and not reason:
                report.not_published += 1
                continue
            if merged_from:
                computation = {**computation, "merged_from": [[code, old_names.get(code, code)] for code in merged_from]}
            new_values.append(
                {
                    "indicator": indicators[column.code],
                    "municipality": municipality,
                    "year": year,
                    "value": value,
                    "empty_reason": reason or "",
                    "computation": computation,
                }
            )
            if reason:
                report.empty[reason] = report.empty.get(reason, 0) + 1

    # Ranks and peer statistics per indicator and year: all, province, size class.
    peer_stats: list[OpenPeerStat] = []
    by_indicator_year: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for item in new_values:
        if item["value"] is not None:
            by_indicator_year[(item["indicator"].pk, item["year"])].append(item)
    for (indicator_id, year), items in by_indicator_year.items():
        higher = items[0]["indicator"].higher_is_better
        groups: dict[str, list[dict]] = defaultdict(list)
        for item in items:
            groups["all"].append(item)
            groups[f"province:{item['municipality'].province}"].append(item)
            if item["municipality"].size_class:
                groups[f"size:{item['municipality'].size_class}"].append(item)
        for group, members in groups.items():
            kind = group.split(":")[0]
            ranks = _rank([(index, m["value"]) for index, m in enumerate(members)], higher)
            for index, member in enumerate(members):
                member[f"rank_{kind}"] = ranks[index]
                member[f"count_{kind}"] = len(members)
            numbers = [m["value"] for m in members]
            peer_stats.append(
                OpenPeerStat(
                    indicator_id=indicator_id,
                    year=year,
                    group=group,
                    count=len(numbers),
                    median=statistics.median(numbers),
                    low=min(numbers),
                    high=max(numbers),
                )
            )

    indicator_ids = [i.pk for i in indicators.values()]
    OpenValue.objects.filter(indicator_id__in=indicator_ids).delete()
    OpenPeerStat.objects.filter(indicator_id__in=indicator_ids).delete()
    _insert_values(dataset, new_values)
    OpenPeerStat.objects.bulk_create(peer_stats, batch_size=2000)

    report.values = len(new_values)
    report.municipalities = len({v["municipality"].pk for v in new_values})
    report.years = sorted({v["year"] for v in new_values})
    report.indicators = len(indicators)
    report.carried_over = sorted(set(report.carried_over))
    dataset.loaded_at = timezone.now()
    dataset.report = report.as_dict()
    dataset.save(update_fields=["loaded_at", "report"])
    return report


def open_data_load_all() -> list[LoadReport]:
    return [open_dataset_load(key=key) for key in open_sets.SETS]
