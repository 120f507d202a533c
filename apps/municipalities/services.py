"""Load and maintain the municipality reference data (CBS list, boundaries, reorganisations)."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from .models import Municipality, Province, Reorganisation, display_name_for

DATA_DIR = Path(__file__).resolve().parent / "data"
MUNICIPALITIES_CSV = DATA_DIR / "gemeenten_2025.csv"
BOUNDARIES_GEOJSON = DATA_DIR / "gemeenten_2025.geojson"
REORGANISATIONS_CSV = DATA_DIR / "herindelingen.csv"
POPULATION_DATE = dt.date(2025, 1, 1)
CLASSIFICATION_DATE = dt.date(2025, 1, 1)

# Map projection: equirectangular, scaled by cos(latitude) at the centre of the Netherlands,
# so that shapes look right at this size. Units are SVG user units.
MAP_ORIGIN_LON, MAP_ORIGIN_LAT = 3.30, 53.60
MAP_SCALE = 100.0
MAP_COS = math.cos(math.radians(52.15))


@dataclass(frozen=True)
class LoadReport:
    created: int
    updated: int


def project(lon: float, lat: float) -> tuple[float, float]:
    return ((lon - MAP_ORIGIN_LON) * MAP_COS * MAP_SCALE, (MAP_ORIGIN_LAT - lat) * MAP_SCALE)


def _ring_to_path(ring: list[list[float]]) -> str:
    """An SVG subpath for one ring, with relative moves at 0.1 unit (about 100 m) precision."""
    points = [tuple(round(v * 10) for v in project(lon, lat)) for lon, lat in ring]
    deduplicated = [points[0]]
    for point in points[1:]:
        if point != deduplicated[-1]:
            deduplicated.append(point)
    if len(deduplicated) < 3:
        return ""

    def fmt(v: int) -> str:
        text = f"{v / 10:g}"
        return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text

    x0, y0 = deduplicated[0]
    parts = [f"M{fmt(x0)} {fmt(y0)}l"]
    previous = (x0, y0)
    steps = []
    for x, y in deduplicated[1:]:
        dx, dy = x - previous[0], y - previous[1]
        sx, sy = fmt(dx), fmt(dy)
        steps.append(f"{sx}{'' if sy.startswith('-') else ' '}{sy}")
        previous = (x, y)
    parts.append(" ".join(steps))
    parts.append("z")
    return "".join(parts)


def geometry_to_path(geometry: dict) -> str:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return "".join(_ring_to_path(ring) for polygon in polygons for ring in polygon)


@functools.cache
def read_boundaries(path: Path = BOUNDARIES_GEOJSON) -> dict[str, str]:
    with path.open(encoding="utf-8") as handle:
        collection = json.load(handle)
    return {feature["properties"]["statcode"]: geometry_to_path(feature["geometry"]) for feature in collection["features"]}


def map_viewbox() -> str:
    """The SVG viewBox that holds every current municipality (computed from the projection bounds)."""
    x0, y0 = project(3.358, 53.554)
    x1, y1 = project(7.218, 50.751)
    pad = 2
    return f"{x0 - pad:.0f} {y0 - pad:.0f} {x1 - x0 + 2 * pad:.0f} {y1 - y0 + 2 * pad:.0f}"


def unique_slug(name: str, cbs_code: str, taken: set[str]) -> str:
    slug = slugify(name) or cbs_code.lower()
    if slug in taken:
        slug = f"{slug}-{cbs_code.lower()}"
    taken.add(slug)
    return slug


@transaction.atomic
def municipalities_load(*, csv_path: Path = MUNICIPALITIES_CSV, geojson_path: Path = BOUNDARIES_GEOJSON) -> LoadReport:
    """Create or update the current municipalities from the CBS list and their map outlines."""
    paths = read_boundaries(geojson_path)
    existing = {m.cbs_code: m for m in Municipality.objects.all()}
    taken = {m.slug for m in existing.values()}
    created = updated = 0
    with csv_path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["cbs_code"].strip()
            values = {
                "name": row["name"].strip(),
                "display_name": display_name_for(row["name"].strip()),
                "province": Province.from_name(row["province"].strip()),
                "population": int(row["population"]) if row["population"].strip() else None,
                "population_date": POPULATION_DATE if row["population"].strip() else None,
                "map_path": paths.get(code, ""),
            }
            municipality = existing.get(code)
            if municipality is None:
                Municipality.objects.create(cbs_code=code, slug=unique_slug(values["name"], code, taken), **values)
                created += 1
            elif any(getattr(municipality, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(municipality, key, value)
                municipality.save()
                updated += 1
    return LoadReport(created=created, updated=updated)


@transaction.atomic
def reorganisation_apply(
    *,
    effective_date: dt.date,
    old_codes: list[str],
    old_names: list[str],
    new_code: str,
    new_name: str,
    source: str = "",
) -> Reorganisation:
    """Record a reorganisation: the old municipalities end the day before ``effective_date`` and point
    to the new one. Rows that do not exist yet (older than the loaded list) are created as history.
    Applying the same reorganisation twice changes nothing."""
    taken = set(Municipality.objects.values_list("slug", flat=True))
    new = Municipality.objects.filter(cbs_code=new_code).first()
    old_known = {m.cbs_code: m for m in Municipality.objects.filter(cbs_code__in=old_codes)}
    if new is None:
        template = next(iter(old_known.values()), None)
        if template is None:
            raise ValueError(f"Cannot create {new_code} {new_name}: no province known")
        new = Municipality.objects.create(
            cbs_code=new_code,
            name=new_name,
            display_name=display_name_for(new_name),
            slug=unique_slug(new_name, new_code, taken),
            province=template.province,
            valid_from=effective_date,
        )
    elif new.valid_from is None and new_code not in old_codes:
        new.valid_from = effective_date
        new.save(update_fields=["valid_from"])
    reorganisation, _ = Reorganisation.objects.get_or_create(effective_date=effective_date, new_municipality=new, defaults={"source": source})
    end = effective_date - dt.timedelta(days=1)
    for code, name in zip(old_codes, old_names, strict=True):
        if code == new_code:
            continue  # the municipality that continues (e.g. Amsterdam absorbing Weesp)
        old = old_known.get(code)
        if old is None:
            old = Municipality.objects.create(
                cbs_code=code,
                name=name,
                display_name=display_name_for(name),
                slug=unique_slug(name, code, taken),
                province=new.province,
                valid_until=end,
                successor=new,
            )
        elif old.valid_until != end or old.successor_id != new.pk:
            old.valid_until = end
            old.successor = new
            old.save()
        reorganisation.old_municipalities.add(old)
    return reorganisation


def reorganisations_load(*, csv_path: Path = REORGANISATIONS_CSV) -> int:
    count = 0
    with csv_path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            reorganisation_apply(
                effective_date=dt.date.fromisoformat(row["effective_date"]),
                old_codes=row["old_codes"].split(";"),
                old_names=row["old_names"].split(";"),
                new_code=row["new_code"],
                new_name=row["new_name"],
                source=f"CBS gemeentelijke indeling {row['first_cbs_classification_with_change']}",
            )
            count += 1
    return count
