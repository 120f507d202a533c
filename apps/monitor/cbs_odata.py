"""Update a CBS table from CBS's open-data API (OData v3, opendata.cbs.nl) in production.

The API's ``DataProperties`` name each column by a key (e.g. ``GemiddeldBesteedbaarInkomen_65``) and
a title within its topic groups. The StatLine CSV download that we ship names a column by the same
path of titles with its unit (``Inkomen en vermogen/…/Particuliere huishoudens excl. studenten
(1 000 euro)``), so the keys are looked up by that header and never hard-coded: a renumbered key in
a new release of the table still loads. The rows are handed to the same loader as the shipped file."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator

from . import open_sets

BASE_URL = "https://opendata.cbs.nl/ODataApi/odata/{table}"
TIMEOUT = 60

Fetch = Callable[[str], dict]


class ODataError(Exception):
    pass


def fetch_json(url: str) -> dict:
    if not url.startswith("https://"):
        raise ODataError(f"Not an https address: {url}")
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310 - https only, checked above
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - a fixed https address
        return json.load(response)


def column_headers(properties: list[dict]) -> dict[str, str]:
    """StatLine CSV header -> OData key, for every topic (a column with figures)."""
    by_id = {p["ID"]: p for p in properties}
    headers = {}
    for prop in properties:
        if prop.get("Type") != "Topic":
            continue
        titles, parent = [prop["Title"].strip()], prop.get("ParentID")
        while parent is not None:
            titles.insert(0, by_id[parent]["Title"].strip())
            parent = by_id[parent].get("ParentID")
        headers[f"{'/'.join(titles)} ({prop.get('Unit', '').strip()})"] = prop["Key"]
    return headers


def odata_records(spec: open_sets.OpenSet, *, fetch: Fetch = fetch_json) -> Iterator[open_sets.Record]:
    """The rows of the set's CBS table for all municipalities (``RegioS`` GM…), yearly periods only."""
    base = BASE_URL.format(table=spec.table_id)
    headers = column_headers(fetch(f"{base}/DataProperties")["value"])
    keys = {}
    for name, header in spec.headers.items():
        if header not in headers:
            raise ODataError(f"Column not found in {spec.table_id}: {header}")
        keys[name] = headers[header]
    query = urllib.parse.urlencode(
        {"$filter": "startswith(RegioS,'GM')", "$select": ",".join(["RegioS", "Perioden", *keys.values()]), "$format": "json"}, safe="$,'()"
    )
    url = f"{base}/TypedDataSet?{query}"
    while url:
        page = fetch(url)
        for row in page["value"]:
            period = row["Perioden"].strip()
            if "JJ" not in period:
                continue
            figures = {name: (None if row.get(key) is None else float(row[key])) for name, key in keys.items()}
            yield open_sets.Record(row["RegioS"].strip(), int(period[:4]), figures)
        url = page.get("odata.nextLink") or ""


CBS_SETS = {spec.table_id: spec for spec in open_sets.SETS.values() if spec.publisher == "CBS"}
