"""Open data out: a series as CSV or JSON, and a municipality's whole monitor in the data format of
Open SDG (open-sdg.org; read by its sdg-build package): per indicator ``data/indicator_<id>.csv``
(tidy: Year, the disaggregation columns, Units, Value; a blank disaggregation is the total) and
``meta/indicator_<id>.md`` (metadata as YAML front matter), zipped."""

from __future__ import annotations

import io
import json
import zipfile

from django.utils import timezone

from apps.core.exports import SafeDictWriter, csv_writer

from .models import Value


def _number(value: float, decimals: int) -> str:
    return f"{value:.{max(decimals, 0)}f}" if decimals else f"{value:g}"


def series_rows(adoption) -> list[dict]:
    indicator = adoption.indicator
    values = Value.objects.filter(municipality=adoption.municipality, indicator=indicator).order_by("disaggregation", "year")
    return [
        {
            "municipality": adoption.municipality.cbs_code,
            "indicator": indicator.code,
            "year": v.year,
            "breakdown": v.disaggregation,
            "value": v.value,
            "unit": indicator.unit_nl,
        }
        for v in values.only("year", "disaggregation", "value")
    ]


def series_csv(adoption) -> bytes:
    out = io.StringIO()
    writer = SafeDictWriter(out, fieldnames=["municipality", "indicator", "year", "breakdown", "value", "unit"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(series_rows(adoption))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def series_json(adoption, *, url: str = "") -> bytes:
    indicator = adoption.indicator
    body = {
        "municipality": {"cbsCode": adoption.municipality.cbs_code, "name": adoption.municipality.display_name},
        "indicator": {
            "code": indicator.code,
            "goal": indicator.goal_id,
            "target": indicator.target,
            "name": {"nl": indicator.name_nl, "en": indicator.name_en},
            "unit": {"nl": indicator.unit_nl, "en": indicator.unit_en},
            "direction": indicator.direction,
            "source": indicator.source,
            "sourceUrl": indicator.source_url,
        },
        "baseline": {"year": adoption.baseline_year, "value": adoption.baseline_value},
        "ambition": {"year": adoption.target_year, "value": adoption.target_value},
        "values": [{"year": r["year"], "breakdown": r["breakdown"], "value": r["value"]} for r in series_rows(adoption)],
        "url": url,
        "licence": "CC BY 4.0",
    }
    return json.dumps(body, ensure_ascii=False, indent=2).encode("utf-8")


def open_sdg_id(indicator) -> str:
    """Open SDG names indicators by dash-separated parts (goal-target-indicator): 12.5.g1 -> 12-5-g1;
    an own indicator (gm0344-12-1) keeps its code."""
    return indicator.code.replace(".", "-").lower()


def _yaml(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a valid YAML scalar


def open_sdg_zip(municipality, adoptions) -> bytes:
    """``adoptions``: AdoptedIndicator with indicator loaded. Two queries."""
    adoptions = list(adoptions)
    values = {}
    for v in (
        Value.objects.filter(municipality=municipality, indicator_id__in=[a.indicator_id for a in adoptions])
        .order_by("indicator_id", "disaggregation", "year")
        .only("indicator_id", "year", "disaggregation", "value")
    ):
        values.setdefault(v.indicator_id, []).append(v)
    buffer = io.BytesIO()
    stamp = timezone.localdate().isoformat()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for adoption in adoptions:
            indicator = adoption.indicator
            ident = open_sdg_id(indicator)
            rows = values.get(indicator.pk, [])
            has_breakdown = any(v.disaggregation for v in rows)
            out = io.StringIO()
            writer = csv_writer(out, lineterminator="\n")
            header = ["Year", "Series", *(["Breakdown"] if has_breakdown else []), "Units", "GeoCode", "Value"]
            writer.writerow(header)
            for v in rows:
                writer.writerow(
                    [
                        v.year,
                        indicator.name_en,
                        *([v.disaggregation] if has_breakdown else []),
                        indicator.unit_en,
                        municipality.cbs_code,
                        _number(v.value, indicator.decimals),
                    ]
                )
            archive.writestr(f"data/indicator_{ident}.csv", out.getvalue())
            meta = {
                "indicator_number": indicator.code,
                "indicator_name": indicator.name_en,
                "indicator_name_nl": indicator.name_nl,
                "indicator_definition": indicator.definition_en,
                "target_id": indicator.target or str(indicator.goal_id),
                "sdg_goal": str(indicator.goal_id),
                "goal_meta_link": f"https://unstats.un.org/sdgs/metadata/?Text=&Goal={indicator.goal_id}",
                "reporting_status": "complete" if rows else "notstarted",
                "data_non_statistical": False,
                "graph_type": "line",
                "graph_title": indicator.name_en,
                "computation_units": indicator.unit_en,
                "national_geographical_coverage": municipality.display_name,
                "source_active_1": True,
                "source_organisation_1": indicator.source,
                "source_url_1": indicator.source_url,
                "source_periodicity_1": "annual",
                "baseline_year": adoption.baseline_year,
                "baseline_value": adoption.baseline_value,
                "target_year": adoption.target_year if adoption.target_value is not None else None,
                "target_value": adoption.target_value,
                "published": True,
                "data_last_updated": stamp,
            }
            front = "\n".join(f"{key}: {_yaml(value)}" for key, value in meta.items())
            archive.writestr(f"meta/indicator_{ident}.md", f"---\n{front}\n---\n\n{indicator.definition_en}\n")
        archive.writestr(
            "README.md",
            f"# {municipality.display_name} ({municipality.cbs_code}): Global Goals monitor\n\n"
            "Data and metadata in the format of Open SDG (https://open-sdg.org), for an Open SDG data repository "
            "(copy `data/` and `meta/` into it). Exported by Global Goals Gemeenten on "
            f"{stamp}. Licence of the municipality's own figures: CC BY 4.0; other sources keep their own terms (see `source_organisation_1`).\n",
        )
    return buffer.getvalue()


OPEN_DATA_FIELDS = [
    "gemeentecode",
    "gemeente",
    "indicator",
    "name",
    "goal",
    "year",
    "value",
    "unit",
    "why_empty",
    "computation",
    "rank_all",
    "count_all",
    "rank_province",
    "count_province",
    "rank_size_class",
    "count_size_class",
    "source",
    "table_id",
    "licence",
    "attribution",
]


def computation_text(item) -> str:
    """The published figures a value was computed from, and the municipalities it was carried over from."""
    parts = []
    c = item.computation or {}
    if "denominator" in c:
        parts.append(f"{c['numerator']:g} / {c['denominator']:g} x {c['factor']:g}")
    elif "numerator" in c:
        parts.append(f"sum {c['numerator']:g}")
    if c.get("merged_from"):
        parts.append("merged from " + ", ".join(f"{code} {name}" for code, name in c["merged_from"]))
    return "; ".join(parts)


def open_values_csv(municipality, values) -> bytes:
    """The open-data figures of one municipality, each with its source, table id and licence (UTF-8 with BOM)."""
    out = io.StringIO()
    writer = SafeDictWriter(out, fieldnames=OPEN_DATA_FIELDS, lineterminator="\n")
    writer.writeheader()
    for item in values:
        indicator, dataset = item.indicator, item.dataset
        writer.writerow(
            {
                "gemeentecode": municipality.cbs_code,
                "gemeente": municipality.display_name,
                "indicator": indicator.code,
                "name": indicator.name_nl,
                "goal": indicator.goal_id,
                "year": item.year,
                "value": "" if item.value is None else repr(item.value),
                "unit": indicator.unit_nl,
                "why_empty": item.empty_reason,
                "computation": computation_text(item),
                "rank_all": item.rank_all or "",
                "count_all": item.count_all or "",
                "rank_province": item.rank_province or "",
                "count_province": item.count_province or "",
                "rank_size_class": item.rank_size or "",
                "count_size_class": item.count_size or "",
                "source": dataset.publisher,
                "table_id": dataset.table_id,
                "licence": dataset.licence,
                "attribution": dataset.attribution,
            }
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
