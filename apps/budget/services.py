"""Writes of the budget app: reference data, import (preview, confirm), tagging, totals, paragraph,
exports. Every write keeps the budget's per-goal totals exact (see :func:`allocate`)."""

from __future__ import annotations

import csv
import functools
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import tabular
from apps.core.exceptions import ServiceError
from apps.core.exports import csv_writer, xlsx_append

from .models import (
    Budget,
    BudgetDocument,
    BudgetImport,
    BudgetLine,
    BulkLoad,
    GoalTotal,
    KeyMode,
    KeyShare,
    LineShare,
    Origin,
    Role,
    Taakveld,
    TaggingEvent,
    Version,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
HUNDRED = Decimal(100)
CENT = Decimal("0.01")
GOALS = range(1, 18)


class BudgetError(ServiceError):
    pass


# --- reference data -----------------------------------------------------------------------------


def _csv_rows(name: str):
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def parse_splits(text: str) -> list[tuple[int, Decimal]]:
    return [(int(goal), Decimal(pct)) for goal, pct in (part.split(":") for part in text.split("|") if part)]


# Support taakvelden serve every goal (overhead, treasury, taxes and general cover): by default they
# are distributed in proportion to the primary taakvelden; land development (8.2, gross) is shown
# separately. The campaign team can change a taakveld's role in the back office.
SUPPORT_CODES = {"0.4", "0.5", "0.61", "0.62", "0.64", "0.7", "0.8", "0.9"}
SEPARATE_CODES = {"8.2"}


def taakveld_mapping() -> dict[str, dict]:
    """Older taakveld codes (data/taakveld_mapping.csv): {old_code: {new_code, successors, name_nl, ...}}."""
    return {row["old_code"]: row for row in _csv_rows("taakveld_mapping.csv")}


def _successor_key(successors: list[str], keys: dict[str, dict]) -> list[tuple[int, Decimal]]:
    """The key of an older code kept as its own line: the average of its successors' keys (sums to 100)."""
    totals = defaultdict(Decimal)
    for code in successors:
        for goal, pct in parse_splits(keys[code]["splits"]):
            totals[goal] += pct / len(successors)
    shares = [(goal, value.quantize(Decimal("0.01"))) for goal, value in sorted(totals.items())]
    rest = HUNDRED - sum(p for _g, p in shares)
    if rest:
        biggest = max(range(len(shares)), key=lambda i: shares[i][1])
        shares[biggest] = (shares[biggest][0], shares[biggest][1] + rest)
    return shares


def reference_load(*, taakveld_model=Taakveld, key_model=KeyShare) -> dict:
    """Create or update the taakvelden from data/taakvelden.csv and the older codes that are kept as
    their own line (data/taakveld_mapping.csv, rows without a new code); add the default key
    (data/default_key.csv; for an older code the average of its successors' keys) for every
    taakveld that has none yet, so the campaign team's changes in the back office stay.
    The model arguments let the data migrations pass their historical models."""
    fields = {f.name for f in taakveld_model._meta.get_fields()}
    keys = {row["code"]: row for row in _csv_rows("default_key.csv")}
    rows = list(_csv_rows("taakvelden.csv"))
    order_of = {row["code"]: index * 10 for index, row in enumerate(rows, start=1)}
    taakvelden = []
    for row in rows:
        key = keys[row["code"]]
        extra = {}
        if "role" in fields:
            role = "support" if row["code"] in SUPPORT_CODES else "separate" if row["code"] in SEPARATE_CODES else "primary"
            extra = {"current": True, "role": role}
        taakvelden.append(
            taakveld_model(
                code=row["code"],
                main=int(row["hoofdtaakveld"]),
                order=order_of[row["code"]],
                name_nl=row["name_nl"],
                name_en=row["name_en"],
                description_nl=row["description_nl"],
                description_en=row["description_en"],
                negative_lasten_allowed=row["negative_lasten_allowed"] == "yes",
                counts_in_total=row["counts_in_total"] == "yes",
                reasoning_nl=key["reasoning_nl"],
                reasoning_en=key["reasoning_en"],
                **extra,
            )
        )
    old_keys = {}
    if "current" in fields:
        for code, row in taakveld_mapping().items():
            if row["new_code"]:
                continue
            successors = row["successors"].split("|")
            old_keys[code] = _successor_key(successors, keys)
            taakvelden.append(
                taakveld_model(
                    code=code,
                    main=6,
                    order=order_of[successors[0]] - 5,
                    name_nl=row["name_nl"],
                    name_en=row["name_en"],
                    description_nl=f"Oudere code ({row['years']}); opgevolgd door {', '.join(successors)}.",
                    description_en=f"Older code ({row['years']}); succeeded by {', '.join(successors)}.",
                    negative_lasten_allowed=True,
                    counts_in_total=True,
                    reasoning_nl="Een oudere code die niet eenduidig over de huidige taakvelden te verdelen is; de sleutel is het gemiddelde van die van "
                    + ", ".join(successors)
                    + ".",
                    reasoning_en=f"An older code that cannot be divided over the current taakvelden from the data; the key is the average of {', '.join(successors)}.",
                    current=False,
                    role="primary",
                )
            )
    existing = set(taakveld_model.objects.values_list("code", flat=True))
    new = [t for t in taakvelden if t.code not in existing]
    taakveld_model.objects.bulk_create(new)
    for t in taakvelden:  # names and descriptions follow the shipped list; the reasoning and role are the team's
        if t.code in existing:
            taakveld_model.objects.filter(code=t.code).update(
                main=t.main, order=t.order, name_nl=t.name_nl, name_en=t.name_en, description_nl=t.description_nl, description_en=t.description_en
            )
    ids = dict(taakveld_model.objects.values_list("code", "pk"))
    with_key = set(key_model.objects.values_list("taakveld_id", flat=True))
    shares = []
    for code, row in keys.items():
        if ids[code] in with_key:
            continue
        targets = [t for t in row["targets"].split("|") if t]
        for goal, pct in parse_splits(row["splits"]):
            mine = " ".join(t for t in targets if t.split(".")[0] == str(goal))
            shares.append(key_model(taakveld_id=ids[code], goal_id=goal, percentage=pct, targets=mine))
    for code, split in old_keys.items():
        if ids[code] not in with_key:
            shares.extend(key_model(taakveld_id=ids[code], goal_id=goal, percentage=pct) for goal, pct in split)
    key_model.objects.bulk_create(shares)
    return {"taakvelden": len(taakvelden), "new_taakvelden": len(new), "key_shares_added": len(shares)}


def default_key() -> dict[int, list[tuple[int, Decimal]]]:
    """{taakveld_id: [(goal, percentage), ...]} (one query)."""
    key = defaultdict(list)
    for taakveld_id, goal, pct in KeyShare.objects.values_list("taakveld_id", "goal_id", "percentage").order_by("goal_id"):
        key[taakveld_id].append((goal, pct))
    return dict(key)


def key_shares_check(shares: list[tuple[int, Decimal]]) -> None:
    """Refuse a split that does not sum to 100 % exactly, or names a goal twice."""
    if not shares:
        raise BudgetError(_("Give at least one goal with a percentage."))
    goals = [g for g, _p in shares]
    if len(goals) != len(set(goals)):
        raise BudgetError(_("Name each goal once."))
    for _g, pct in shares:
        if pct <= 0 or pct > HUNDRED or pct != pct.quantize(Decimal("0.01")):
            raise BudgetError(_("Each percentage is more than 0 and at most 100, with at most two decimals."))
    total = sum((p for _g, p in shares), Decimal(0))
    if total != HUNDRED:
        raise BudgetError(_("The percentages add up to %(total)s %%; they must add up to exactly 100 %%.") % {"total": _number(total)})


def _number(value: Decimal) -> str:
    from django.utils.formats import number_format

    return number_format(value.normalize() if value == value.to_integral() else value, use_l10n=True)


# --- exact totals -------------------------------------------------------------------------------


def allocate(cents: int, shares: list[tuple[int, Decimal]]) -> dict[int, int]:
    """Split ``cents`` over goals by percentage so the parts add up to ``cents`` exactly:
    round every part down, then give the remaining cents to the largest remainders (ties: the
    lower goal number). Deterministic; a negative amount is split as its absolute value."""
    sign = -1 if cents < 0 else 1
    whole = abs(cents)
    exact = [(goal, Decimal(whole) * pct / HUNDRED) for goal, pct in shares]
    parts = {goal: int(value) for goal, value in exact}
    left = whole - sum(parts.values())
    for goal, _value in sorted(exact, key=lambda item: (-(item[1] - int(item[1])), item[0]))[:left]:
        parts[goal] += 1
    return {goal: sign * amount for goal, amount in parts.items()}


def allocate_weights(cents: int, weights: dict[int, int]) -> dict[int, int]:
    """Split ``cents`` over goals in proportion to integer ``weights`` (largest remainder, exact,
    deterministic; the sign is kept)."""
    sign = -1 if cents < 0 else 1
    whole = abs(cents)
    total = sum(weights.values())
    parts = {goal: whole * weight // total for goal, weight in weights.items()}
    left = whole - sum(parts.values())
    for goal in sorted(weights, key=lambda g: (-(whole * weights[g] % total), g))[:left]:
        parts[goal] += 1
    return {goal: sign * amount for goal, amount in parts.items() if amount}


@dataclass
class Allocation:
    """Cents per goal; the budget's total; the part shown separately (support taakvelden in the
    "separate" mode, land development, lines without a key); and per line its cents per goal and how
    they were allocated: "key", "own", "distributed", "separate" or "excluded" (reserves, result).
    Always: sum(per_goal) + separate == total."""

    per_goal: dict[int, int]
    total: int = 0
    separate: int = 0
    per_line: dict = field(default_factory=dict)
    how: dict = field(default_factory=dict)

    @property
    def unattributed(self) -> int:
        return self.separate


def lines_allocate(lines, line_shares: dict[int, list], key: dict[int, list], *, mode: str = KeyMode.DISTRIBUTE) -> Allocation:
    """Allocate ``lines`` (dicts with id, taakveld_id, parent_id, lasten, tagged, counts_in_total,
    role) over the goals: own tagging first, then the default key for primary taakvelden; support
    taakvelden in proportion to what the primary lines give each goal (or separately), land
    development separately. Negative amounts keep their sign."""
    child_sum = defaultdict(int)
    for line in lines:
        if line["parent_id"]:
            child_sum[line["parent_id"]] += _cents(line["lasten"])
    result = Allocation(per_goal=dict.fromkeys(GOALS, 0))
    support = []
    for line in lines:
        if not line["counts_in_total"]:
            result.how[line["id"]] = "excluded"
            continue
        cents = _cents(line["lasten"]) - child_sum.get(line["id"], 0)
        result.total += cents
        own = line_shares.get(line["id"]) if line["tagged"] else None
        role = line.get("role", Role.PRIMARY)
        if own:
            parts, how = allocate(cents, own), "own"
        elif role == Role.SEPARATE or (role == Role.SUPPORT and mode == KeyMode.SEPARATE) or not key.get(line["taakveld_id"]):
            result.separate += cents
            result.how[line["id"]] = "separate"
            continue
        elif role == Role.SUPPORT:
            support.append((line["id"], cents))
            continue
        else:
            parts, how = allocate(cents, key[line["taakveld_id"]]), "key"
        result.per_line[line["id"]], result.how[line["id"]] = parts, how
        for goal, part in parts.items():
            result.per_goal[goal] += part
    weights = {goal: cents for goal, cents in result.per_goal.items() if cents > 0}
    for line_id, cents in support:
        if not weights:
            result.separate += cents
            result.how[line_id] = "separate"
            continue
        parts = allocate_weights(cents, weights)
        result.per_line[line_id], result.how[line_id] = parts, "distributed"
        for goal, part in parts.items():
            result.per_goal[goal] += part
    return result


def _cents(amount: Decimal) -> int:
    return int(amount * 100)


LINE_VALUES = ("id", "taakveld_id", "parent_id", "lasten", "baten", "tagged")


def _line_values(queryset) -> list[dict]:
    return [
        {**row, "counts_in_total": row.pop("taakveld__counts_in_total"), "role": row.pop("taakveld__role")}
        for row in queryset.values(*LINE_VALUES, "taakveld__counts_in_total", "taakveld__role")
    ]


def budget_recalculate(*, budget: Budget, key: dict | None = None) -> Budget:
    """Recompute the budget's totals and its amount per goal (3 queries + writes)."""
    key = default_key() if key is None else key
    lines = _line_values(BudgetLine.objects.filter(budget=budget))
    shares = defaultdict(list)
    for line_id, goal, pct in LineShare.objects.filter(line__budget=budget).values_list("line_id", "goal_id", "percentage"):
        shares[line_id].append((goal, pct))
    found = lines_allocate(lines, shares, key, mode=budget.key_mode)
    baten = sum((line["baten"] for line in lines if line["counts_in_total"] and not line["parent_id"]), Decimal(0))
    with transaction.atomic():
        GoalTotal.objects.filter(budget=budget).delete()
        GoalTotal.objects.bulk_create([GoalTotal(budget=budget, goal_id=goal, amount=Decimal(c) / 100) for goal, c in found.per_goal.items()])
        Budget.objects.filter(pk=budget.pk).update(
            total_lasten=Decimal(found.total) / 100, total_baten=baten, total_separate=Decimal(found.separate) / 100, updated_at=timezone.now()
        )
    budget.total_lasten, budget.total_baten, budget.total_separate = Decimal(found.total) / 100, baten, Decimal(found.separate) / 100
    budget.unattributed = budget.total_separate
    return budget


def budget_key_mode_set(*, budget: Budget, user, mode: str) -> Budget:
    """The municipality's choice for support taakvelden: in proportion to the goals, or separately."""
    if mode not in KeyMode.values:
        raise BudgetError(_("Choose how support taakvelden are shown."))
    if mode != budget.key_mode:
        before = budget.key_mode
        budget.key_mode = mode
        budget.save(update_fields=["key_mode", "updated_at"])
        TaggingEvent.objects.create(
            budget=budget,
            kind=TaggingEvent.Kind.TAGGED,
            actor=user,
            summary=_("Support taakvelden: %(mode)s") % {"mode": KeyMode(mode).label},
            before={"key_mode": before},
            after={"key_mode": mode},
        )
        budget_recalculate(budget=budget)
    return budget


def budgets_recalculate_all() -> int:
    key = default_key()
    count = 0
    for budget in Budget.objects.all().iterator():
        budget_recalculate(budget=budget, key=key)
        count += 1
    return count


# --- import -------------------------------------------------------------------------------------


IMPORT_MAX_BYTES = 10 * 1024 * 1024
IMPORT_COLUMNS = {
    "taakveld": {"taakveld", "taakvelden", "taakveld_code", "taakveldcode", "code", "iv3", "iv3_taakveld", "task_area", "taskarea"},
    "lasten": {"lasten", "lasten_eur", "lasten_x1000_eur", "lasten_x1000", "lasten_x_1000", "lasten_x_eur_1000", "expenditure", "uitgaven",
               "realisatie_lasten", "begroting_lasten", "lasten_realisatie", "lasten_begroting"},
    "baten": {"baten", "baten_eur", "baten_x1000_eur", "baten_x1000", "baten_x_1000", "baten_x_eur_1000", "income", "inkomsten",
              "realisatie_baten", "begroting_baten", "baten_realisatie", "baten_begroting"},
    "programme": {"programma", "programme", "program"},
    "label": {"omschrijving", "description", "label", "naam", "name"},
    "year": {"jaar", "year", "begrotingsjaar", "boekjaar", "perioden", "periode"},
    "municipality": {"gemeente", "gemeenten", "gemeentenaam", "gemeentecode", "gemeente_code", "cbs_code", "municipality", "regio", "regioaanduiding"},
    "population": {"inwonertal", "inwoners", "population"},
}  # fmt: skip
THOUSANDS_HEADER = re.compile(r"x\s*(€|eur)?\s*1[.,]?000|duizend|thousand|k€|keur|\(x", re.IGNORECASE)
EUROS_HEADER = re.compile(r"€|\beur\b|\beuro", re.IGNORECASE)
PLAUSIBLE_PER_INHABITANT = (Decimal(500), Decimal(40_000))  # total expenditure per inhabitant in euros


def import_read(*, name: str, data: bytes) -> tabular.Sheet:
    return tabular.read(name, data, max_bytes=IMPORT_MAX_BYTES)


def _unit_from_file(sheet: tabular.Sheet, columns: dict[str, int]) -> tuple[int | None, str]:
    """(unit, why) from the amount headers and the layout; (None, "") if the file does not say."""
    headers = [sheet.headers[columns[n]] for n in ("lasten", "baten") if n in columns]
    if any(THOUSANDS_HEADER.search(h) for h in headers):
        return 1000, _("the column header says the amounts are in thousands of euros")
    if "population" in columns and "municipality" in columns and any(tabular.normalise_header(h) == "gemeenten" for h in sheet.headers):
        return 1000, _("the file has the layout of a CBS Iv3 export (amounts in thousands of euros)")
    if any(EUROS_HEADER.search(h) for h in headers):
        return 1, _("the column header says the amounts are in euros")
    return None, ""


def rows_validate(
    *, municipality, year: int, sheet: tabular.Sheet, unit: int | None = None, convention: str | None = None
) -> tuple[tabular.Preview, dict]:
    """Check every row; return the preview (clean rows in euros, problems by row and column) and
    what was recognised (unit and why, mapped codes, rows of other municipalities left out, the
    question about the unit when the amounts per inhabitant are implausible). Nothing is written."""
    result = tabular.Preview()
    notes = {"unit": unit or 1, "unit_why": "", "mapped": {}, "kept_older_codes": {}, "other_rows": 0, "question": ""}
    columns = tabular.match_columns(sheet.headers, {k: {tabular.normalise_header(a) for a in v} for k, v in IMPORT_COLUMNS.items()})
    for name in ("taakveld", "lasten"):
        if name not in columns:
            result.problem(
                1,
                name,
                _("The file has no column “%(name)s”. Columns found: %(found)s.")
                % {"name": name, "found": ", ".join(h for h in sheet.headers if h) or "—"},
            )
    if result.problems:
        return result, notes
    if not sheet.rows:
        result.problem(2, "", _("The file has a header but no budget lines."))
        return result, notes
    if unit is None:
        found, why = _unit_from_file(sheet, columns)
        notes["unit"], notes["unit_why"] = found or 1, str(why)
    else:
        notes["unit_why"] = str(_("you chose the unit"))
    multiplier = Decimal(notes["unit"])

    def where(name):
        index = columns[name]
        return f"{tabular.column_letter(index)} ({sheet.headers[index]})"

    # the municipality column: keep this municipality's rows; refuse a file of another municipality
    rows = sheet.rows
    if "municipality" in columns:
        lookup = municipality_lookup()
        own, others = [], defaultdict(int)
        for number, cells in rows:
            text = sheet.cell(cells, columns["municipality"]).text.strip()
            found = lookup.get(_spelling(text)) if text else municipality
            if found is not None and found.pk == municipality.pk:
                own.append((number, cells))
            else:
                others[found.display_name if found is not None else text] += 1
        if not own:
            named = ", ".join(sorted(others)[:3]) + (" …" if len(others) > 3 else "")
            result.problem(
                None,
                where("municipality"),
                _("This file holds the figures of %(found)s, not of %(name)s: you can only import your own municipality's figures.")
                % {"found": named, "name": municipality.display_name},
            )
            return result, notes
        notes["other_rows"] = sum(others.values())
        notes["other_municipalities"] = len(others)
        rows = own
    conventions = {}
    for name in ("lasten", "baten"):
        if name in columns:
            column = tabular.number_column((sheet.cell(c, columns[name]) for _n, c in rows), hint=sheet.hint, choice=convention)
            if column.ambiguous:
                result.problem(None, where(name), tabular.ambiguity_message(where(name), column.example, column.conflict))
                notes["ask_notation"] = True
            conventions[name] = column.convention
    taakvelden = {t.code: t for t in Taakveld.objects.only("id", "code", "current", "counts_in_total", "name_nl")}
    mapping = taakveld_mapping()
    seen = {}
    for number, cells in rows:
        problems = []
        code_cell = sheet.cell(cells, columns["taakveld"])
        code = tabular.code_text(code_cell)
        taakveld, original = code_resolve(code, taakvelden, mapping) if code else (None, "")
        if not code:
            problems.append(("taakveld", _("The taakveld code is empty.")))
        elif code_cell.numeric and f"{code}0" in taakvelden:
            problems.append(
                (
                    "taakveld",
                    _(
                        "“%(code)s” is stored as a number, so %(code)s and %(code)s0 cannot be told apart. Format the column as text and upload the file again."
                    )
                    % {"code": code},
                )
            )
            taakveld = None
        elif taakveld is None:
            problems.append(
                ("taakveld", _("“%(code)s” is not an Iv3 taakveld code (e.g. 0.1, 6.3, 7.4, or an older code such as 6.71a).") % {"code": code})
            )
        amounts = {}
        for name in ("lasten", "baten"):
            cell = sheet.cell(cells, columns[name]) if name in columns else tabular.EMPTY
            if cell.empty:
                amounts[name] = Decimal(0)
                continue
            try:
                value = tabular.to_decimal(cell, conventions.get(name)) * multiplier
            except ValueError as error:
                problems.append((name, _("%(name)s: %(error)s.") % {"name": name.capitalize(), "error": error}))
                continue
            if value != value.quantize(CENT):
                problems.append((name, _("%(name)s: “%(value)s” has more than two decimals.") % {"name": name.capitalize(), "value": cell.text}))
            elif abs(value) > Decimal("999999999999.99"):
                problems.append((name, _("%(name)s: “%(value)s” is too large.") % {"name": name.capitalize(), "value": cell.text}))
            amounts[name] = value.quantize(CENT)
        if "year" in columns:
            raw_year = sheet.cell(cells, columns["year"]).text.strip().removesuffix(".0")
            raw_year = re.sub(r"^(\d{4})\D.*$", r"\1", raw_year)
            if raw_year and raw_year != str(year):
                problems.append(("year", _("This line is for %(found)s, the import is for %(year)s.") % {"found": raw_year, "year": year}))
        programme = sheet.cell(cells, columns.get("programme")).text.strip()[:150]
        label = sheet.cell(cells, columns.get("label")).text.strip()[:200]
        if original and not label:
            label = code_cell.text.strip()[:200]
        identity = (code, programme.casefold(), label.casefold())
        if taakveld and identity in seen:
            problems.append(("taakveld", _("Duplicate line: taakveld %(code)s%(programme)s already is on row %(row)s.") % {
                "code": code, "programme": f" ({programme})" if programme else "", "row": seen[identity]}))  # fmt: skip
        seen.setdefault(identity, number)
        for name, message in problems:
            result.problem(number, where(name) if name in columns else name, message)
        if not problems:
            if original:
                bucket = "mapped" if taakveld.code != original else "kept_older_codes"
                label_key = f"{original} → {taakveld.code}" if taakveld.code != original else original
                notes[bucket][label_key] = notes[bucket].get(label_key, 0) + 1
            result.rows.append(
                {
                    "row": number,
                    "code": taakveld.code,
                    "original": original,
                    "programme": programme,
                    "label": label,
                    "lasten": str(amounts["lasten"]),
                    "baten": str(amounts["baten"]),
                    "counts": taakveld.counts_in_total,
                }
            )
    notes["question"] = _unit_question(municipality, result.rows, notes["unit"]) if unit is None else ""  # the user chose it
    return result, notes


def _unit_question(municipality, rows: list[dict], unit: int) -> str:
    """A question when the total expenditure per inhabitant is implausible for the unit read."""
    if not municipality.population or not rows:
        return ""
    total = sum((Decimal(r["lasten"]) for r in rows if r.get("counts", True)), Decimal(0))
    per_inhabitant = total / municipality.population
    low, high = PLAUSIBLE_PER_INHABITANT
    from .templatetags.budget import euro

    if unit == 1 and per_inhabitant < low and low <= per_inhabitant * 1000 <= high:
        return _(
            "Read as euros, the total expenditure is %(amount)s, %(per)s per inhabitant: much less than any municipality spends. "
            "Are the amounts in thousands of euros (as in CBS Iv3 data)?"
        ) % {"amount": euro(total), "per": euro(per_inhabitant.quantize(CENT))}
    if unit == 1000 and per_inhabitant > high and low <= per_inhabitant / 1000 <= high:
        return _(
            "Read as thousands of euros, the total expenditure is %(amount)s, %(per)s per inhabitant: far more than any municipality spends. "
            "Are the amounts in euros?"
        ) % {"amount": euro(total), "per": euro(per_inhabitant.quantize(CENT))}
    return ""


def import_prepare(
    *,
    municipality,
    user,
    year: int,
    version: str,
    number: int = 0,
    filename: str = "",
    sheet: tabular.Sheet,
    unit: int | None = None,
    convention: str | None = None,
) -> BudgetImport:
    """Validate the rows and keep them for the preview. Nothing touches a budget yet."""
    if version != Version.AMENDMENT:
        number = 0
    parsed, notes = rows_validate(municipality=municipality, year=year, sheet=sheet, unit=unit, convention=convention)
    return BudgetImport.objects.create(
        municipality=municipality,
        year=year,
        version=version,
        number=number,
        filename=filename[:200],
        rows=parsed.rows,
        problems=parsed.problems,
        unit=notes["unit"],
        unit_question=notes.pop("question"),
        notes=notes,
        created_by=user,
    )


def import_from_upload(*, municipality, user, year, version, number, upload, unit: int | None = None, convention: str | None = None) -> BudgetImport:
    data = upload.read(IMPORT_MAX_BYTES + 1)
    try:
        sheet = import_read(name=upload.name, data=data)
    except tabular.TabularError as error:
        raise BudgetError(error.message) from error
    return import_prepare(
        municipality=municipality,
        user=user,
        year=year,
        version=version,
        number=number,
        filename=upload.name,
        sheet=sheet,
        unit=unit,
        convention=convention,
    )


def import_unit_set(*, budget_import: BudgetImport, unit: int) -> BudgetImport:
    """The officer answered the question about the unit: rescale the rows (exact) and clear it."""
    if budget_import.status != BudgetImport.Status.PREVIEW or unit not in (1, 1000):
        raise BudgetError(_("This import can no longer be changed."))
    if unit != budget_import.unit:
        factor = Decimal(unit) / Decimal(budget_import.unit)
        for row in budget_import.rows:
            for name in ("lasten", "baten"):
                row[name] = str((Decimal(row[name]) * factor).quantize(CENT))
        budget_import.unit = unit
        budget_import.notes = {**budget_import.notes, "unit": unit, "unit_why": str(_("you chose the unit"))}
    budget_import.unit_question = ""
    budget_import.save(update_fields=["rows", "unit", "notes", "unit_question"])
    return budget_import


def import_summary(budget_import: BudgetImport) -> dict:
    lasten = sum((Decimal(r["lasten"]) for r in budget_import.rows), Decimal(0))
    baten = sum((Decimal(r["baten"]) for r in budget_import.rows), Decimal(0))
    existing = Budget.objects.filter(
        municipality=budget_import.municipality, year=budget_import.year, version=budget_import.version, number=budget_import.number
    ).first()
    population = budget_import.municipality.population
    counted = sum((Decimal(r["lasten"]) for r in budget_import.rows if r.get("counts", True)), Decimal(0))
    return {
        "lines": len(budget_import.rows),
        "lasten": lasten,
        "baten": baten,
        "replaces": existing,
        "per_inhabitant": (counted / population).quantize(CENT) if population else None,
        "negative": sum(1 for r in budget_import.rows if Decimal(r["lasten"]) < 0 or Decimal(r["baten"]) < 0),
    }


@transaction.atomic
def import_confirm(*, budget_import: BudgetImport, user) -> Budget:
    """Write the budget (replacing the lines of the same year and version; the municipality's own
    tagging of a line with the same taakveld, programme and description is kept). Confirming twice
    imports once."""
    budget_import = BudgetImport.objects.select_for_update().get(pk=budget_import.pk)
    if budget_import.status == BudgetImport.Status.DONE:
        if budget_import.budget_id:
            return budget_import.budget
        raise BudgetError(_("This import has already been processed."))
    if budget_import.problems:
        raise BudgetError(_("The file still has problems; nothing has been imported. Correct the file and upload it again."))
    if budget_import.unit_question:
        raise BudgetError(_("First answer the question about the unit of the amounts."))
    budget, created = Budget.objects.get_or_create(
        municipality=budget_import.municipality,
        year=budget_import.year,
        version=budget_import.version,
        number=budget_import.number,
        defaults={"created_by": user, "source": budget_import.filename, "origin": Origin.IMPORT},
    )
    kept = {}
    if not created:
        for line in budget.lines.filter(parent__isnull=True, tagged=True).select_related("taakveld").prefetch_related("shares"):
            kept[(line.taakveld.code, line.programme, line.label)] = (line.reason, [(s.goal_id, s.percentage) for s in line.shares.all()])
        budget.lines.all().delete()
        budget.source = budget_import.filename
        budget.origin = Origin.IMPORT
        budget.checksum = ""
        budget.save(update_fields=["source", "origin", "checksum"])
    ids = dict(Taakveld.objects.values_list("code", "pk"))
    lines = BudgetLine.objects.bulk_create(
        [
            BudgetLine(
                budget=budget,
                taakveld_id=ids[row["code"]],
                programme=row["programme"],
                label=row["label"],
                original_code=row.get("original", ""),
                lasten=Decimal(row["lasten"]),
                baten=Decimal(row["baten"]),
                row=row["row"],
                tagged=(row["code"], row["programme"], row["label"]) in kept,
                reason=kept.get((row["code"], row["programme"], row["label"]), ("", []))[0],
            )
            for row in budget_import.rows
        ]
    )
    if kept:
        by_identity = {(r["code"], r["programme"], r["label"]): line for r, line in zip(budget_import.rows, lines, strict=True)}
        LineShare.objects.bulk_create(
            [
                LineShare(line=by_identity[identity], goal_id=goal, percentage=pct)
                for identity, (_r, shares) in kept.items()
                if identity in by_identity
                for goal, pct in shares
            ]
        )
    budget_import.status = BudgetImport.Status.DONE
    budget_import.budget = budget
    budget_import.save(update_fields=["status", "budget"])
    TaggingEvent.objects.create(
        budget=budget,
        kind=TaggingEvent.Kind.IMPORTED,
        actor=user,
        summary=_("%(n)s lines imported from %(file)s") % {"n": len(lines), "file": budget_import.filename or _("the form")},
        after={"lines": len(lines), "replaced": not created, "kept_taggings": len(kept)},
    )
    budget_recalculate(budget=budget)
    return budget


# --- tagging ------------------------------------------------------------------------------------


def _shares_json(shares) -> dict:
    return {str(goal): str(pct) for goal, pct in shares}


def line_current_shares(line: BudgetLine, key: dict | None = None) -> list[tuple[int, Decimal]]:
    if line.tagged:
        return [(s.goal_id, s.percentage) for s in line.shares.all()]
    key = default_key() if key is None else key
    return key.get(line.taakveld_id, [])


@transaction.atomic
def line_tag(*, line: BudgetLine, user, shares: list[tuple[int, Decimal]], reason: str) -> BudgetLine:
    """The municipality's own split of a line over goals (exactly 100 %), with why."""
    key_shares_check(shares)
    reason = (reason or "").strip()
    if not reason:
        raise BudgetError(_("Write down why this line serves these goals; the council and colleagues read it."))
    before = _shares_json(line_current_shares(line))
    line.shares.all().delete()
    LineShare.objects.bulk_create([LineShare(line=line, goal_id=goal, percentage=pct) for goal, pct in shares])
    line.tagged = True
    line.reason = reason
    line.save(update_fields=["tagged", "reason"])
    TaggingEvent.objects.create(
        budget=line.budget,
        line=line,
        kind=TaggingEvent.Kind.TAGGED,
        actor=user,
        summary=_("Tagging of %(line)s changed") % {"line": str(line)},
        before=before,
        after=_shares_json(shares),
        reason=reason,
    )
    budget_recalculate(budget=line.budget)
    return line


@transaction.atomic
def line_reset(*, line: BudgetLine, user) -> BudgetLine:
    before = _shares_json(line_current_shares(line))
    line.shares.all().delete()
    line.tagged = False
    line.reason = ""
    line.save(update_fields=["tagged", "reason"])
    TaggingEvent.objects.create(
        budget=line.budget,
        line=line,
        kind=TaggingEvent.Kind.RESET,
        actor=user,
        summary=_("%(line)s follows the default key again") % {"line": str(line)},
        before=before,
    )
    budget_recalculate(budget=line.budget)
    return line


@transaction.atomic
def subline_add(*, parent: BudgetLine, user, label: str, lasten: Decimal, shares: list[tuple[int, Decimal]], reason: str) -> BudgetLine:
    """An own line below a taakveld line: it takes ``lasten`` out of the parent and has its own split."""
    parent = BudgetLine.objects.select_for_update().get(pk=parent.pk)
    if parent.parent_id:
        raise BudgetError(_("Add own lines below a taakveld line, not below another own line."))
    label = (label or "").strip()
    if not label:
        raise BudgetError(_("Give the own line a description."))
    if lasten <= 0:
        raise BudgetError(_("The amount of an own line is more than zero."))
    taken = sum((c.lasten for c in parent.children.all()), Decimal(0))
    if taken + lasten > parent.lasten:
        raise BudgetError(
            _("The own lines would add up to more than the taakveld line (%(total)s); at most %(left)s is left.")
            % {"total": _money(parent.lasten), "left": _money(parent.lasten - taken)}
        )
    key_shares_check(shares)
    if not (reason or "").strip():
        raise BudgetError(_("Write down why this line serves these goals; the council and colleagues read it."))
    line = BudgetLine.objects.create(
        budget=parent.budget,
        taakveld=parent.taakveld,
        parent=parent,
        programme=parent.programme,
        label=label[:200],
        lasten=lasten,
        tagged=True,
        reason=reason.strip(),
    )
    LineShare.objects.bulk_create([LineShare(line=line, goal_id=goal, percentage=pct) for goal, pct in shares])
    TaggingEvent.objects.create(
        budget=parent.budget,
        line=line,
        kind=TaggingEvent.Kind.SUBLINE,
        actor=user,
        summary=_("Own line “%(label)s” (%(amount)s) added below %(parent)s") % {"label": label, "amount": _money(lasten), "parent": str(parent)},
        after=_shares_json(shares),
        reason=reason.strip(),
    )
    budget_recalculate(budget=parent.budget)
    return line


@transaction.atomic
def subline_remove(*, line: BudgetLine, user) -> None:
    if not line.parent_id:
        raise BudgetError(_("Only own lines can be removed; taakveld lines come from the import."))
    budget = line.budget
    TaggingEvent.objects.create(
        budget=budget,
        kind=TaggingEvent.Kind.SUBLINE_REMOVED,
        actor=user,
        summary=_("Own line “%(label)s” removed") % {"label": line.label},
        before={"lasten": str(line.lasten)},
    )
    line.delete()
    budget_recalculate(budget=budget)


def _money(amount: Decimal) -> str:
    from .templatetags.budget import euro

    return euro(amount)


# --- paragraph and exports -----------------------------------------------------------------------


def paragraph_generate(*, budget: Budget) -> str:
    """A first text for the Global Goals paragraph in the active language, with the figures."""
    from .selectors import budget_goals

    rows = budget_goals(budget=budget)
    funded = [r for r in rows if r["amount"] > 0]
    top = sorted(funded, key=lambda r: -r["amount"])[:3]
    gaps = [r for r in rows if r["amount"] <= 0]
    municipality = budget.municipality.display_name
    text = [
        _(
            "In this %(label)s the municipality of %(name)s shows how its budget contributes to the Global Goals, the 17 "
            "Sustainable Development Goals of the United Nations. Every taakveld has been linked to the goals it serves; "
            "where a line serves several goals, it has been split by percentage."
        )
        % {"label": budget.label.lower(), "name": municipality},
        _("Of the total expenditure of %(total)s, the largest parts go to %(top)s.")
        % {
            "total": _money(budget.total_lasten),
            "top": _join([f"{_('goal')} {r['goal'].number} ({r['goal'].title_short}: {_money(r['amount'])}, {_pct(r['share'])})" for r in top]),
        },
    ]
    if gaps:
        text.append(
            _(
                "No expenditure is linked to %(goals)s. That does not mean nothing happens for these goals: it can be part of other budget lines or of partners' work."
            )
            % {"goals": _join([f"{_('goal')} {r['goal'].number} ({r['goal'].title_short})" for r in gaps])}
        )
    text.append(
        _(
            "The table below gives the expenditure per goal. The key per taakveld and the choices the municipality made are on the platform Global Goals Gemeenten."
        )
    )
    return "\n\n".join(text)


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " " + _("and") + " " + items[-1]


def _pct(share: Decimal) -> str:
    from .templatetags.budget import percent

    return percent(share)


def paragraph_save(*, budget: Budget, user, text: str) -> Budget:
    text = (text or "").strip()
    if len(text) > 20_000:
        raise BudgetError(_("The paragraph is longer than 20,000 characters."))
    before = budget.paragraph
    budget.paragraph = text
    budget.paragraph_changed_at = timezone.now()
    budget.save(update_fields=["paragraph", "paragraph_changed_at", "updated_at"])
    TaggingEvent.objects.create(
        budget=budget,
        kind=TaggingEvent.Kind.PARAGRAPH,
        actor=user,
        summary=_("Global Goals paragraph changed"),
        before={"length": len(before)},
        after={"length": len(text)},
    )
    return budget


def export_rows(*, budget: Budget) -> tuple[list[str], list[list]]:
    """Header and rows: per goal (amount, share), then per line with its split."""
    from .selectors import budget_goals, budget_lines

    header = [_("Goal"), _("Title"), _("Expenditure (EUR)"), _("Share of total expenditure")]
    rows = [[r["goal"].number, r["goal"].title_short, r["amount"], r["share"]] for r in budget_goals(budget=budget)]
    rows.append(["", _("Total"), budget.total_lasten, Decimal(1) if budget.total_lasten else Decimal(0)])
    rows.append([])
    rows.append(
        [_("Taakveld"), _("Programme"), _("Description"), _("Expenditure (EUR)"), _("Income (EUR)"), _("Goals (%)"), _("Own tagging"), _("Why")]
    )
    for line in budget_lines(budget=budget):
        rows.append(
            [
                line["code"],
                line["programme"],
                line["label"],
                line["lasten"],
                line["baten"],
                " ".join(f"{g}:{p.normalize()}" for g, p in line["shares"]),
                _("yes") if line["tagged"] else _("no"),
                line["reason"],
            ]
        )
    return header, rows


def export_csv(*, budget: Budget) -> bytes:
    """Semicolon-separated with decimal commas in Dutch (opens directly in Dutch Excel), commas and points in English."""
    from django.utils.translation import get_language

    dutch = (get_language() or "nl").startswith("nl")
    out = io.StringIO()
    writer = csv_writer(out, delimiter=";" if dutch else ",", decimal_comma=dutch)
    header, rows = export_rows(budget=budget)
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def export_xlsx(*, budget: Budget) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(budget.year)
    header, rows = export_rows(budget=budget)
    xlsx_append(sheet, header)
    for row in rows:
        xlsx_append(sheet, row)
    for cells in sheet.iter_rows(min_row=2):
        for c in cells:
            if isinstance(c.value, Decimal):
                c.number_format = "0.00%" if c.column == 4 and c.value <= 1 and c.row <= 19 else "#,##0.00"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def pdf_request(*, budget: Budget, user, language: str) -> BudgetDocument:
    """Queue the PDF (typeset by a background task); a pending request is reused (double clicks)."""
    from .tasks import build_budget_pdf

    pending = BudgetDocument.objects.filter(budget=budget, language=language, status=BudgetDocument.Status.PENDING).first()
    if pending:
        return pending
    document = BudgetDocument.objects.create(budget=budget, language=language, requested_by=user)
    transaction.on_commit(lambda: build_budget_pdf.enqueue(document.pk))
    return document


def pdf_build(*, document_id: int) -> BudgetDocument:
    from django.core.files.base import ContentFile

    from apps.core.pdf import render_pdf

    from .selectors import budget_goals, chart_bars

    document = BudgetDocument.objects.select_related("budget__municipality").get(pk=document_id)
    budget = document.budget
    try:
        from django.utils import translation

        with translation.override(document.language):
            goals = budget_goals(budget=budget)
            context = {
                "budget": budget,
                "municipality": budget.municipality,
                "goals": goals,
                "bars": chart_bars(goals),
                "paragraph": budget.paragraph or paragraph_generate(budget=budget),
            }
            data = render_pdf("budget/paragraph_pdf.html", context, language=document.language)
    except Exception:
        document.status = BudgetDocument.Status.FAILED
        document.save(update_fields=["status"])
        raise
    name = f"global-goals-paragraaf-{budget.municipality.slug}-{budget.year}-{document.language}.pdf"
    document.file.save(name, ContentFile(data), save=False)
    document.status = BudgetDocument.Status.READY
    document.save(update_fields=["file", "status"])
    return document


# --- CBS open data: every municipality's budget ---------------------------------------------------

CBS_DIR = DATA_DIR / "cbs"
CBS_COLUMNS = {
    "municipality": {"gemeenten", "gemeente", "gemeentenaam", "regio", "regioaanduiding", "municipality", "municipalities", "gemeentecode"},
    "taakveld": {"taakveld", "taakvelden", "taakveldcode", "iv3taakveld", "code", "taskarea"},
    "lasten": {"lasten", "lastenx1000", "expenditure"},
    "baten": {"baten", "batenx1000", "income"},
    "population": {"inwonertal", "inwoners", "population"},
}
CBS_MAX_BYTES = 40 * 1024 * 1024
THOUSAND = Decimal(1000)


def cbs_file(year: int) -> Path:
    return CBS_DIR / f"iv3_begroting_{year}_alle_gemeenten.csv.gz"


def cbs_years() -> list[int]:
    return sorted(int(path.name.split("_")[2]) for path in CBS_DIR.glob("iv3_begroting_*_alle_gemeenten.csv.gz"))


def municipality_lookup() -> dict[str, object]:
    """Every spelling of every municipality (CBS name, display name, slug, CBS code with and without
    GM and leading zeros) -> Municipality; names shared by two municipalities are left out."""
    from apps.municipalities.models import Municipality

    found, clashes = {}, set()
    for m in Municipality.objects.only("id", "cbs_code", "name", "display_name", "slug", "population"):
        digits = m.cbs_code[2:]
        for spelling in {m.name, m.display_name, m.slug, m.cbs_code, digits, digits.lstrip("0"), f"gemeente {m.display_name}"}:
            key = _spelling(spelling)
            if key in found and found[key].pk != m.pk:
                clashes.add(key)
            found[key] = m
    for key in clashes:
        found.pop(key, None)
    return found


@functools.lru_cache(maxsize=4096)
def _spelling(text) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return "".join(c for c in text.casefold() if c.isalnum())


def _amount(cell, convention) -> Decimal:
    if cell.empty:
        return Decimal(0)
    return tabular.to_decimal(cell, convention)


def code_resolve(code: str, taakvelden: dict[str, Taakveld], mapping: dict[str, dict]) -> tuple[Taakveld | None, str]:
    """(taakveld, original code if it was mapped or kept) for a code in a file."""
    if code in taakvelden and taakvelden[code].current:
        return taakvelden[code], ""
    row = mapping.get(code)
    if row and row["new_code"] and row["new_code"] in taakvelden:
        return taakvelden[row["new_code"]], code
    if code in taakvelden:  # an older code kept as its own line
        return taakvelden[code], code
    return None, ""


def cbs_load(*, data: bytes, year: int, version: str = Version.PRIMITIVE, filename: str = "", progress=None) -> dict:
    """Load a CBS Iv3 file of all municipalities (amounts in thousands of euros) as their budgets
    of ``year``. Idempotent: a municipality whose lines did not change is not touched; budgets the
    municipality imported itself are kept. Bulk writes, a fixed number of queries per chunk.
    ``progress(done, total)`` is called as municipalities are written. Returns the report."""
    per_municipality, report = cbs_parse(data=data, year=year, version=version, filename=filename)
    _cbs_write(per_municipality, year=year, version=version, filename=filename, report=report, progress=progress)
    return report


def cbs_parse(*, data: bytes, year: int, version: str = Version.PRIMITIVE, filename: str = "") -> tuple[dict[int, list[dict]], dict]:
    """The rows per municipality (id -> rows in euros, older codes mapped) and the report; reads only."""
    sheet = tabular.read(filename or "cbs.csv", data, max_bytes=CBS_MAX_BYTES)
    columns = tabular.match_columns(sheet.headers, CBS_COLUMNS)
    missing = [name for name in ("municipality", "taakveld", "lasten") if name not in columns]
    if missing:
        raise BudgetError(
            _("This is not a CBS Iv3 file: the columns %(missing)s are missing. Columns found: %(found)s.")
            % {"missing": ", ".join(missing), "found": ", ".join(sheet.headers) or "—"}
        )
    conventions = {}
    for name in ("lasten", "baten"):
        if name in columns:
            column = tabular.number_column((sheet.cell(c, columns[name]) for _n, c in sheet.rows), hint=sheet.hint)
            if column.ambiguous:
                raise BudgetError(tabular.ambiguity_message(sheet.headers[columns[name]], column.example, column.conflict))
            conventions[name] = column.convention
    lookup = municipality_lookup()
    taakvelden = {t.code: t for t in Taakveld.objects.all()}
    mapping = taakveld_mapping()
    report = {
        "year": year,
        "version": version,
        "file": filename,
        "rows": len(sheet.rows),
        "municipalities": 0,
        "created": 0,
        "replaced": 0,
        "unchanged": 0,
        "kept_own_import": [],
        "lines": 0,
        "mapped": {},
        "kept_older_codes": {},
        "refused": [],
        "unknown_municipalities": [],
        "national_rows": 0,
        "with_negative_amounts": 0,
    }
    per_municipality: dict[int, list[dict]] = defaultdict(list)
    unknown = {}
    for number, cells in sheet.rows:
        name = sheet.cell(cells, columns["municipality"]).text.strip()
        if _spelling(name) in ("nederland", "totaal", "total"):
            report["national_rows"] += 1
            continue
        municipality = lookup.get(_spelling(name))
        if municipality is None:
            unknown[name] = unknown.get(name, 0) + 1
            continue
        raw_code = sheet.cell(cells, columns["taakveld"])
        code = tabular.code_text(raw_code)
        taakveld, original = code_resolve(code, taakvelden, mapping)
        if taakveld is None:
            report["refused"].append(
                {"row": number, "column": sheet.headers[columns["taakveld"]], "message": _("Unknown taakveld “%(code)s”.") % {"code": raw_code.text}}
            )
            continue
        try:
            lasten = _amount(sheet.cell(cells, columns["lasten"]), conventions["lasten"]) * THOUSAND
            baten = _amount(sheet.cell(cells, columns["baten"]), conventions.get("baten")) * THOUSAND if "baten" in columns else Decimal(0)
        except ValueError as error:
            report["refused"].append({"row": number, "column": "", "message": str(error)})
            continue
        if original:
            key = f"{original} → {taakveld.code}" if taakveld.code != original else original
            bucket = "mapped" if taakveld.code != original else "kept_older_codes"
            report[bucket][key] = report[bucket].get(key, 0) + 1
        label = raw_code.text.strip()[:200] if original else ""
        per_municipality[municipality.pk].append(
            {
                "row": number,
                "taakveld": taakveld,
                "original": original,
                "label": label,
                "lasten": lasten.quantize(CENT),
                "baten": baten.quantize(CENT),
            }
        )
    report["unknown_municipalities"] = sorted(unknown)
    report["municipalities"] = len(per_municipality)
    report["with_negative_amounts"] = sum(1 for rows in per_municipality.values() if any(r["lasten"] < 0 or r["baten"] < 0 for r in rows))
    report["lines"] = sum(len(rows) for rows in per_municipality.values())
    return per_municipality, report


def _checksum(rows: list[dict]) -> str:
    import hashlib

    text = "\n".join(sorted(f"{r['taakveld'].code}|{r['label']}|{r['lasten']}|{r['baten']}" for r in rows))
    return hashlib.sha256(text.encode()).hexdigest()


def _cbs_write(per_municipality, *, year, version, filename, report, progress, chunk: int = 50) -> None:
    key = default_key()
    source = _("CBS Iv3 open data, %(file)s (Bron: CBS, CC BY 4.0)") % {"file": filename or year}
    existing = {b.municipality_id: b for b in Budget.objects.filter(year=year, version=version, number=0, municipality_id__in=per_municipality)}
    ids = list(per_municipality)
    total = len(ids)
    for start in range(0, total, chunk):
        part = ids[start : start + chunk]
        with transaction.atomic():
            to_create, to_fill, tagged = [], [], []
            for municipality_id in part:
                rows = per_municipality[municipality_id]
                checksum = _checksum(rows)
                budget = existing.get(municipality_id)
                if budget is None:
                    to_create.append(
                        Budget(municipality_id=municipality_id, year=year, version=version, origin=Origin.CBS, source=source[:200], checksum=checksum)
                    )
                    report["created"] += 1
                elif budget.origin == Origin.IMPORT:
                    report["kept_own_import"].append(municipality_id)
                elif budget.checksum == checksum:
                    report["unchanged"] += 1
                else:
                    budget.checksum, budget.origin, budget.source = checksum, Origin.CBS, source[:200]
                    to_fill.append(budget)
                    report["replaced"] += 1
            created = Budget.objects.bulk_create(to_create)
            if to_fill:
                Budget.objects.bulk_update(to_fill, ["checksum", "origin", "source"])
                tagged = set(BudgetLine.objects.filter(budget__in=to_fill, tagged=True).values_list("budget_id", flat=True))
                plain = [b.pk for b in to_fill if b.pk not in tagged]
                TaggingEvent.objects.filter(line__budget_id__in=plain).update(line=None)
                LineShare.objects.filter(line__budget_id__in=plain).delete()
                BudgetLine.objects.filter(budget_id__in=plain)._raw_delete(BudgetLine.objects.db)
                GoalTotal.objects.filter(budget_id__in=plain).delete()
            budgets = [b for b in [*created, *to_fill] if b.pk not in tagged]
            _insert(
                BudgetLine,
                ("budget_id", "taakveld_id", "programme", "label", "original_code", "lasten", "baten", "row", "tagged", "reason"),
                (
                    (budget.pk, r["taakveld"].pk, "", r["label"], r["original"], r["lasten"], r["baten"], r["row"], False, "")
                    for budget in budgets
                    for r in per_municipality[budget.municipality_id]
                ),
            )
            totals = []
            for budget in budgets:
                rows = per_municipality[budget.municipality_id]
                values = [
                    {
                        "id": index,
                        "taakveld_id": r["taakveld"].pk,
                        "parent_id": None,
                        "lasten": r["lasten"],
                        "tagged": False,
                        "counts_in_total": r["taakveld"].counts_in_total,
                        "role": r["taakveld"].role,
                    }
                    for index, r in enumerate(rows)
                ]
                found = lines_allocate(values, {}, key, mode=budget.key_mode)
                totals.extend((budget.pk, goal, Decimal(c) / 100) for goal, c in found.per_goal.items())
                budget.total_lasten = Decimal(found.total) / 100
                budget.total_separate = Decimal(found.separate) / 100
                budget.total_baten = sum((r["baten"] for r in rows if r["taakveld"].counts_in_total), Decimal(0))
                budget.updated_at = timezone.now()
            _insert(GoalTotal, ("budget_id", "goal_id", "amount"), totals)
            _update_totals(budgets)
            for budget in to_fill:  # the rare budget with the municipality's own tagging: replaced line by line, tagging kept
                if budget.pk in tagged:
                    _replace_lines(budget=budget, rows=per_municipality[budget.municipality_id], user=None, filename=source)
        if progress:
            progress(min(start + chunk, total), total)


def _update_totals(budgets: list[Budget]) -> None:
    from django.db import connection

    ops = connection.ops
    table = ops.quote_name(Budget._meta.db_table)
    sql = f"UPDATE {table} SET total_lasten = %s, total_separate = %s, total_baten = %s, updated_at = %s WHERE id = %s"  # noqa: S608 (names from the model, values as parameters)
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [
                (
                    ops.adapt_decimalfield_value(b.total_lasten, 16, 2),
                    ops.adapt_decimalfield_value(b.total_separate, 16, 2),
                    ops.adapt_decimalfield_value(b.total_baten, 16, 2),
                    ops.adapt_datetimefield_value(b.updated_at),
                    b.pk,
                )
                for b in budgets
            ],
        )


def _insert(model, fields: tuple[str, ...], rows, batch: int = 5000) -> int:
    """Plain INSERTs of many rows (executemany), without building model instances: the bulk CBS
    load writes some 24,000 lines a year. Values pass the fields' own database preparation."""
    from django.db import connection

    prepare = [model._meta.get_field(name.removesuffix("_id") if name.endswith("_id") else name) for name in fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in prepare)
    sql = f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608 (names from the model)
    decimals = [(index, f.max_digits, f.decimal_places) for index, f in enumerate(prepare) if f.get_internal_type() == "DecimalField"]
    adapt = connection.ops.adapt_decimalfield_value
    count = 0
    chunk = []
    with connection.cursor() as cursor:
        for row in rows:
            row = list(row)
            for index, digits, places in decimals:
                row[index] = adapt(row[index], digits, places)
            chunk.append(row)
            if len(chunk) >= batch:
                cursor.executemany(sql, chunk)
                count += len(chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
            count += len(chunk)
    return count


def _replace_lines(*, budget: Budget, rows: list[dict], user, filename: str) -> None:
    kept = {}
    for line in budget.lines.filter(parent__isnull=True, tagged=True).select_related("taakveld").prefetch_related("shares"):
        kept[(line.taakveld.code, line.programme, line.label)] = (line.reason, [(s.goal_id, s.percentage) for s in line.shares.all()])
    budget.lines.all().delete()
    lines = BudgetLine.objects.bulk_create(
        [
            BudgetLine(
                budget=budget,
                taakveld=r["taakveld"],
                label=r["label"],
                original_code=r["original"],
                lasten=r["lasten"],
                baten=r["baten"],
                row=r["row"],
                tagged=(r["taakveld"].code, "", r["label"]) in kept,
                reason=kept.get((r["taakveld"].code, "", r["label"]), ("", []))[0],
            )
            for r in rows
        ]
    )
    LineShare.objects.bulk_create(
        [
            LineShare(line=line, goal_id=goal, percentage=pct)
            for line in lines
            if line.tagged
            for goal, pct in kept[(line.taakveld.code, "", line.label)][1]
        ]
    )
    budget_recalculate(budget=budget)


def cbs_load_year(*, year: int, progress=None) -> dict:
    """Load the CBS file of ``year`` shipped in data/cbs/."""
    import gzip

    path = cbs_file(year)
    if not path.exists():
        raise BudgetError(_("No CBS file for %(year)s is shipped with the platform.") % {"year": year})
    return cbs_load(data=gzip.decompress(path.read_bytes()), year=year, filename=path.name.removesuffix(".gz"), progress=progress)


def bulk_load_request(*, user, year: int, version: str, upload) -> BulkLoad:
    """Keep the uploaded file (compressed, in the database) and queue the load as a background task."""
    import gzip

    from .tasks import run_bulk_load

    data = upload.read(CBS_MAX_BYTES + 1)
    if len(data) > CBS_MAX_BYTES:
        raise BudgetError(_("The file is larger than %(mb)s MB.") % {"mb": CBS_MAX_BYTES // (1024 * 1024)})
    if data[:4] == b"PK\x03\x04":
        tabular.zip_guard(data)
    load = BulkLoad.objects.create(year=year, version=version, filename=upload.name[:200], data=gzip.compress(data), created_by=user)
    transaction.on_commit(lambda: run_bulk_load.enqueue(load.pk))
    return load


def bulk_load_run(*, load_id: int) -> dict:
    import gzip

    load = BulkLoad.objects.get(pk=load_id)
    if load.status == BulkLoad.Status.DONE:
        return load.report
    BulkLoad.objects.filter(pk=load.pk).update(status=BulkLoad.Status.RUNNING)

    def progress(done, total):
        BulkLoad.objects.filter(pk=load.pk).update(done=done, total=total)

    try:
        report = cbs_load(data=gzip.decompress(bytes(load.data)), year=load.year, version=load.version, filename=load.filename, progress=progress)
    except (BudgetError, tabular.TabularError) as error:
        BulkLoad.objects.filter(pk=load.pk).update(status=BulkLoad.Status.FAILED, report={"error": str(error.message)}, finished_at=timezone.now())
        return {"error": str(error.message)}
    except Exception:
        BulkLoad.objects.filter(pk=load.pk).update(status=BulkLoad.Status.FAILED, finished_at=timezone.now())
        raise
    BulkLoad.objects.filter(pk=load.pk).update(status=BulkLoad.Status.DONE, report=report, finished_at=timezone.now())
    return report
