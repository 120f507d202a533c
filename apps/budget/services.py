"""Writes of the budget app: reference data, import (preview, confirm), tagging, totals, paragraph,
exports. Every write keeps the budget's per-goal totals exact (see :func:`allocate`)."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.exceptions import ServiceError
from apps.core.exports import csv_writer, xlsx_append

from . import parsing
from .models import Budget, BudgetDocument, BudgetImport, BudgetLine, GoalTotal, KeyShare, LineShare, Taakveld, TaggingEvent, Version

DATA_DIR = Path(__file__).resolve().parent / "data"
HUNDRED = Decimal(100)
GOALS = range(1, 18)


class BudgetError(ServiceError):
    pass


# --- reference data -----------------------------------------------------------------------------


def _csv_rows(name: str):
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def parse_splits(text: str) -> list[tuple[int, Decimal]]:
    return [(int(goal), Decimal(pct)) for goal, pct in (part.split(":") for part in text.split("|") if part)]


def reference_load(*, taakveld_model=Taakveld, key_model=KeyShare) -> dict:
    """Create or update the taakvelden from data/taakvelden.csv; add the default key (data/default_key.csv)
    for every taakveld that has none yet, so the campaign team's changes in the back office stay.
    The model arguments let the data migration pass its historical models."""
    keys = {row["code"]: row for row in _csv_rows("default_key.csv")}
    taakvelden = []
    for order, row in enumerate(_csv_rows("taakvelden.csv"), start=1):
        key = keys[row["code"]]
        taakvelden.append(
            taakveld_model(
                code=row["code"],
                main=int(row["hoofdtaakveld"]),
                order=order,
                name_nl=row["name_nl"],
                name_en=row["name_en"],
                description_nl=row["description_nl"],
                description_en=row["description_en"],
                negative_lasten_allowed=row["negative_lasten_allowed"] == "yes",
                counts_in_total=row["counts_in_total"] == "yes",
                reasoning_nl=key["reasoning_nl"],
                reasoning_en=key["reasoning_en"],
            )
        )
    existing = set(taakveld_model.objects.values_list("code", flat=True))
    new = [t for t in taakvelden if t.code not in existing]
    taakveld_model.objects.bulk_create(new)
    for t in taakvelden:  # names and descriptions follow the shipped list; the reasoning is the team's
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


def lines_allocate(lines, line_shares: dict[int, list], key: dict[int, list]) -> tuple[dict[int, int], int, int]:
    """(cents per goal, total cents, unattributed cents) for ``lines`` (dicts or BudgetLine objects
    with id, taakveld_id, parent_id, lasten, tagged, counts_in_total)."""
    child_sum = defaultdict(int)
    for line in lines:
        if line["parent_id"]:
            child_sum[line["parent_id"]] += _cents(line["lasten"])
    per_goal = dict.fromkeys(GOALS, 0)
    total = unattributed = 0
    for line in lines:
        if not line["counts_in_total"]:
            continue
        cents = _cents(line["lasten"]) - child_sum.get(line["id"], 0)
        total += cents
        shares = line_shares.get(line["id"]) if line["tagged"] else None
        shares = shares or key.get(line["taakveld_id"])
        if not shares:
            unattributed += cents
            continue
        for goal, part in allocate(cents, shares).items():
            per_goal[goal] += part
    return per_goal, total, unattributed


def _cents(amount: Decimal) -> int:
    return int(amount * 100)


LINE_VALUES = ("id", "taakveld_id", "parent_id", "lasten", "baten", "tagged")


def budget_recalculate(*, budget: Budget, key: dict | None = None) -> Budget:
    """Recompute the budget's totals and its amount per goal (3 queries + writes)."""
    key = default_key() if key is None else key
    lines = [
        {**row, "counts_in_total": row.pop("taakveld__counts_in_total")}
        for row in BudgetLine.objects.filter(budget=budget).values(*LINE_VALUES, "taakveld__counts_in_total")
    ]
    shares = defaultdict(list)
    for line_id, goal, pct in LineShare.objects.filter(line__budget=budget).values_list("line_id", "goal_id", "percentage"):
        shares[line_id].append((goal, pct))
    per_goal, total, unattributed = lines_allocate(lines, shares, key)
    baten = sum((line["baten"] for line in lines if line["counts_in_total"] and not line["parent_id"]), Decimal(0))
    with transaction.atomic():
        GoalTotal.objects.filter(budget=budget).delete()
        GoalTotal.objects.bulk_create([GoalTotal(budget=budget, goal_id=goal, amount=Decimal(cents) / 100) for goal, cents in per_goal.items()])
        Budget.objects.filter(pk=budget.pk).update(total_lasten=Decimal(total) / 100, total_baten=baten, updated_at=timezone.now())
    budget.total_lasten, budget.total_baten = Decimal(total) / 100, baten
    budget.unattributed = Decimal(unattributed) / 100
    return budget


def budgets_recalculate_all() -> int:
    key = default_key()
    count = 0
    for budget in Budget.objects.all().iterator():
        budget_recalculate(budget=budget, key=key)
        count += 1
    return count


# --- import -------------------------------------------------------------------------------------


def _municipality_matches(value, municipality) -> bool:
    text = str(value or "").strip()
    if not text:
        return True
    digits = "".join(c for c in text if c.isdigit())
    if digits and text.upper().lstrip("GM").isdigit():
        return int(digits) == int(municipality.cbs_code[2:])
    return text.casefold() in {municipality.display_name.casefold(), municipality.name.casefold()}


def _other_municipality(text: str) -> str:
    from apps.municipalities.models import Municipality

    digits = "".join(c for c in text if c.isdigit())
    if not digits:
        return ""
    found = Municipality.objects.filter(cbs_code=f"GM{int(digits):04d}").only("display_name").first()
    return found.display_name if found else ""


def rows_validate(*, municipality, year: int, table: parsing.Table, multiplier: int = 1) -> parsing.Parsed:
    """Check every row; return the clean rows and a problem per row and column (nothing written)."""
    result = parsing.Parsed()
    columns, multipliers = parsing.map_columns(table.headers)
    for name in parsing.REQUIRED:
        if name not in columns:
            result.problems.append(
                {
                    "row": 1,
                    "column": name,
                    "message": _("The file has no column “%(name)s”. Columns found: %(found)s.")
                    % {"name": name, "found": ", ".join(h for h in table.headers if h) or "—"},
                }
            )
    if result.problems:
        return result
    if not table.rows:
        result.problems.append({"row": 2, "column": "", "message": _("The file has a header but no budget lines.")})
        return result
    taakvelden = {t.code: t for t in Taakveld.objects.only("id", "code", "negative_lasten_allowed", "name_nl")}
    seen = {}

    def cell(cells, name):
        index = columns.get(name)
        return cells[index] if index is not None and index < len(cells) else None

    def where(name):
        index = columns[name]
        return f"{parsing.column_letter(index)} ({table.headers[index]})"

    for number, cells in table.rows:
        problems = []
        code = parsing.normalise_code(cell(cells, "taakveld"))
        taakveld = taakvelden.get(code)
        if not code:
            problems.append(("taakveld", _("The taakveld code is empty.")))
        elif taakveld is None:
            problems.append(("taakveld", _("“%(code)s” is not an Iv3 taakveld code of the current list (e.g. 0.1, 6.3, 7.4).") % {"code": code}))
        amounts = {}
        for name in ("lasten", "baten"):
            raw = cell(cells, name)
            if name == "baten" and (raw is None or str(raw).strip() == ""):
                amounts[name] = Decimal(0)
                continue
            try:
                amounts[name] = parsing.parse_amount(raw) * multiplier * multipliers.get(name, 1)
            except ValueError as error:
                problems.append((name, _("%(name)s: %(error)s.") % {"name": name.capitalize(), "error": error}))
        if taakveld and amounts.get("lasten") is not None and amounts["lasten"] < 0 and not taakveld.negative_lasten_allowed:
            problems.append(("lasten", _("Negative expenditure is not allowed on taakveld %(code)s; book a credit as income.") % {"code": code}))
        if "year" in columns:
            raw_year = str(cell(cells, "year") or "").strip().removesuffix(".0")
            if raw_year and raw_year != str(year):
                problems.append(("year", _("This line is for %(found)s, the import is for %(year)s.") % {"found": raw_year, "year": year}))
        if "municipality" in columns and not _municipality_matches(cell(cells, "municipality"), municipality):
            found = str(cell(cells, "municipality")).strip()
            named = _other_municipality(found)
            problems.append(
                (
                    "municipality",
                    _("“%(found)s” is another municipality's budget: this import is for %(name)s (%(code)s).")
                    % {"found": f"{found} ({named})" if named else found, "name": municipality.display_name, "code": municipality.cbs_code},
                )
            )
        programme = str(cell(cells, "programme") or "").strip()[:150]
        label = str(cell(cells, "label") or "").strip()[:200]
        identity = (code, programme.casefold(), label.casefold())
        if taakveld and identity in seen:
            problems.append(("taakveld", _("Duplicate line: taakveld %(code)s%(programme)s already is on row %(row)s.") % {
                "code": code, "programme": f" ({programme})" if programme else "", "row": seen[identity]}))  # fmt: skip
        seen.setdefault(identity, number)
        for name, message in problems:
            result.problems.append({"row": number, "column": where(name) if name in columns else name, "message": str(message)})
        if not problems:
            result.rows.append(
                {
                    "row": number,
                    "code": code,
                    "programme": programme,
                    "label": label,
                    "lasten": str(amounts["lasten"]),
                    "baten": str(amounts["baten"]),
                }
            )
    return result


def import_prepare(
    *, municipality, user, year: int, version: str, number: int = 0, filename: str = "", table: parsing.Table, multiplier: int = 1
) -> BudgetImport:
    """Validate the rows and keep them for the preview. Nothing touches a budget yet."""
    if version != Version.AMENDMENT:
        number = 0
    parsed = rows_validate(municipality=municipality, year=year, table=table, multiplier=multiplier)
    return BudgetImport.objects.create(
        municipality=municipality,
        year=year,
        version=version,
        number=number,
        filename=filename[:200],
        rows=parsed.rows,
        problems=parsed.problems,
        created_by=user,
    )


def import_from_upload(*, municipality, user, year, version, number, upload, multiplier=1) -> BudgetImport:
    data = upload.read(parsing.MAX_BYTES + 1)
    try:
        table = parsing.read_table(upload.name, data)
    except parsing.FileRefused as error:
        raise BudgetError(error.message) from error
    return import_prepare(
        municipality=municipality, user=user, year=year, version=version, number=number, filename=upload.name, table=table, multiplier=multiplier
    )


def import_summary(budget_import: BudgetImport) -> dict:
    lasten = sum((Decimal(r["lasten"]) for r in budget_import.rows), Decimal(0))
    baten = sum((Decimal(r["baten"]) for r in budget_import.rows), Decimal(0))
    existing = Budget.objects.filter(
        municipality=budget_import.municipality, year=budget_import.year, version=budget_import.version, number=budget_import.number
    ).first()
    return {"lines": len(budget_import.rows), "lasten": lasten, "baten": baten, "replaces": existing}


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
    budget, created = Budget.objects.get_or_create(
        municipality=budget_import.municipality,
        year=budget_import.year,
        version=budget_import.version,
        number=budget_import.number,
        defaults={"created_by": user, "source": budget_import.filename},
    )
    kept = {}
    if not created:
        for line in budget.lines.filter(parent__isnull=True, tagged=True).select_related("taakveld").prefetch_related("shares"):
            kept[(line.taakveld.code, line.programme, line.label)] = (line.reason, [(s.goal_id, s.percentage) for s in line.shares.all()])
        budget.lines.all().delete()
        budget.source = budget_import.filename
        budget.save(update_fields=["source"])
    ids = dict(Taakveld.objects.values_list("code", "pk"))
    lines = BudgetLine.objects.bulk_create(
        [
            BudgetLine(
                budget=budget,
                taakveld_id=ids[row["code"]],
                programme=row["programme"],
                label=row["label"],
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
