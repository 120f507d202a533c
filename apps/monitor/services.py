"""Monitor business rules (writes): a municipality's indicator set, values, uploads and reviews."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.core.exceptions import ServiceError

from . import importer
from .models import AdoptedIndicator, Indicator, ReferenceValue, Review, Upload, Value

MAX_DISAGGREGATION = 120


def available_indicators(municipality):
    """The library plus the municipality's own indicators."""
    query = Q(municipality__isnull=True, active=True)
    if municipality is not None:
        query |= Q(municipality=municipality)
    return Indicator.objects.filter(query)


def _own_indicator(municipality, indicator: Indicator):
    if indicator.municipality_id not in (None, municipality.pk):
        raise ServiceError(_("This indicator belongs to another municipality."))


# --- the set ----------------------------------------------------------------------------------


def indicator_adopt(*, municipality, indicator: Indicator) -> AdoptedIndicator:
    """Add an indicator to the set; adopting twice is harmless."""
    _own_indicator(municipality, indicator)
    adoption, _created = AdoptedIndicator.objects.get_or_create(municipality=municipality, indicator=indicator)
    return adoption


def indicator_drop(*, municipality, adoption: AdoptedIndicator) -> None:
    """Take an indicator out of the set; its values stay (adopting it again shows them again)."""
    if adoption.municipality_id != municipality.pk:
        raise ServiceError(_("This belongs to another municipality."))
    adoption.delete()


def adoption_update(*, municipality, adoption: AdoptedIndicator, data: dict) -> AdoptedIndicator:
    if adoption.municipality_id != municipality.pk:
        raise ServiceError(_("This belongs to another municipality."))
    if (data.get("baseline_year") is None) != (data.get("baseline_value") is None):
        raise ServiceError(_("Give both the baseline year and the baseline value, or neither."))
    if (
        data.get("target_value") is not None
        and data.get("baseline_year")
        and data.get("target_year")
        and data["target_year"] <= data["baseline_year"]
    ):
        raise ServiceError(_("The ambition year must come after the baseline year."))
    for name in ("baseline_year", "baseline_value", "target_value", "target_year", "public", "note"):
        if name in data:
            setattr(adoption, name, data[name])
    adoption.save()
    return adoption


def own_indicator_create(*, municipality, data: dict) -> AdoptedIndicator:
    """An indicator of the municipality's own, adopted at once (not public until it says so)."""
    goal = data["goal"]
    number = Indicator.objects.filter(code__startswith=f"{municipality.cbs_code.lower()}-").count() + 1
    with transaction.atomic():
        indicator = Indicator.objects.create(
            code=f"{municipality.cbs_code.lower()}-{goal.number}-{number}",
            goal=goal,
            target=data.get("target") or "",
            name_nl=data["name_nl"],
            name_en=data.get("name_en") or data["name_nl"],
            definition_nl=data.get("definition_nl", ""),
            definition_en=data.get("definition_en", ""),
            unit_nl=data["unit_nl"],
            unit_en=data.get("unit_en") or data["unit_nl"],
            direction=data["direction"],
            decimals=data.get("decimals") or 0,
            source=data.get("source") or _("Own records of the municipality"),
            availability="own",
            indicator_set=_("Own indicator"),
            municipality=municipality,
        )
        return AdoptedIndicator.objects.create(municipality=municipality, indicator=indicator, public=False)


# --- values -----------------------------------------------------------------------------------


def value_save(*, municipality, indicator: Indicator, year: int, value: float, disaggregation: str = "", note: str = "") -> Value:
    """Set (or replace) one value; the indicator joins the set if it was not in it."""
    _own_indicator(municipality, indicator)
    if year > timezone.localdate().year:
        raise ServiceError(_("%(year)s is in the future: only values of past and current years can be entered.") % {"year": year})
    if year < importer.MIN_YEAR:
        raise ServiceError(_("%(year)s is before %(min)s.") % {"year": year, "min": importer.MIN_YEAR})
    disaggregation = (disaggregation or "").strip()[:MAX_DISAGGREGATION]
    with transaction.atomic():
        AdoptedIndicator.objects.get_or_create(municipality=municipality, indicator=indicator)
        saved, _created = Value.objects.update_or_create(
            municipality=municipality, indicator=indicator, year=year, disaggregation=disaggregation, defaults={"value": value, "note": note[:300]}
        )
    return saved


def value_delete(*, municipality, value: Value) -> None:
    if value.municipality_id != municipality.pk:
        raise ServiceError(_("This belongs to another municipality."))
    value.delete()


def values_push(*, municipality, items: list[dict]) -> list[Value]:
    """Values sent through the API with a municipality's key: all or nothing."""
    with transaction.atomic():
        return [value_save(municipality=municipality, **item) for item in items]


# --- uploads ----------------------------------------------------------------------------------


def upload_check(*, municipality, user, upload, reference: bool = False) -> Upload:
    """Read and check a file; the result (problems, or the checked rows) waits for confirmation."""
    if upload.size > importer.MAX_BYTES:
        raise ServiceError(
            _("The file is %(size)s MB; at most %(max)s MB can be imported. Split the file, or leave out columns you do not need.")
            % {"size": round(upload.size / 1024 / 1024, 1), "max": importer.MAX_BYTES // (1024 * 1024)}
        )
    raw = upload.read(importer.MAX_BYTES + 1)
    name = (upload.name or "upload")[:200]
    indicators = {}
    for indicator in available_indicators(None if reference else municipality).only("id", "code", "unit_nl", "unit_en", "municipality_id"):
        indicators[indicator.code] = indicator
        indicators[indicator.code.lower()] = indicator
        indicators[indicator.slug] = indicator
    own = (
        set()
        if reference
        else {municipality.cbs_code.upper(), municipality.cbs_code.casefold(), municipality.name.casefold(), municipality.display_name.casefold()}
    )
    checked = importer.check_file(filename=name, raw=raw, indicators=indicators, own_codes=own, reference=reference)
    summary = {"rows": checked.total_rows, "indicators": sorted(checked.indicators.values())}
    if not checked.problems:
        summary.update(_changes(municipality=municipality, rows=checked.rows, reference=reference))
    return Upload.objects.create(
        municipality=None if reference else municipality,
        kind=Upload.Kind.REFERENCE if reference else Upload.Kind.MUNICIPALITY,
        filename=name,
        uploaded_by=user,
        status=Upload.Status.INVALID if checked.problems else Upload.Status.READY,
        rows=[] if checked.problems else checked.rows,
        problems=checked.problems[:1000],
        summary={**summary, "problem_count": len(checked.problems)},
    )


def _changes(*, municipality, rows: list[dict], reference: bool) -> dict:
    ids = {r["i"] for r in rows}
    if reference:
        existing = {
            (v.indicator_id, v.area, "", v.year): v.value
            for v in ReferenceValue.objects.filter(indicator_id__in=ids).only("indicator_id", "area", "year", "value")
        }
        keys = [((r["i"], r["a"], "", r["y"]), r["v"]) for r in rows]
        adopt = []
    else:
        existing = {
            (v.indicator_id, "", v.disaggregation.casefold(), v.year): v.value
            for v in Value.objects.filter(municipality=municipality, indicator_id__in=ids).only("indicator_id", "disaggregation", "year", "value")
        }
        keys = [((r["i"], "", r["d"].casefold(), r["y"]), r["v"]) for r in rows]
        adopted = set(AdoptedIndicator.objects.filter(municipality=municipality).values_list("indicator_id", flat=True))
        adopt = sorted(ids - adopted)
    new = sum(1 for key, _v in keys if key not in existing)
    changed = sum(1 for key, v in keys if key in existing and existing[key] != v)
    return {"new": new, "changed": changed, "unchanged": len(keys) - new - changed, "adopt": len(adopt)}


def upload_confirm(*, municipality, upload_id: int, reference: bool = False) -> Upload:
    """Write every checked row in one transaction. A second confirmation (a double click, the back
    button) finds the upload imported and writes nothing again."""
    with transaction.atomic():
        scope = Upload.objects.select_for_update().filter(pk=upload_id)
        scope = (
            scope.filter(kind=Upload.Kind.REFERENCE, municipality__isnull=True)
            if reference
            else scope.filter(municipality=municipality, kind=Upload.Kind.MUNICIPALITY)
        )
        upload = scope.first()
        if upload is None:
            raise ServiceError(_("This upload does not exist (any more). Upload the file again."))
        if upload.status == Upload.Status.IMPORTED:
            raise ServiceError(
                _("This file has already been imported, on %(date)s.") % {"date": timezone.localtime(upload.imported_at).strftime("%d-%m-%Y %H:%M")}
            )
        if upload.status != Upload.Status.READY:
            raise ServiceError(_("This file has problems; nothing has been imported. Correct the file and upload it again."))
        now = timezone.now()
        if reference:
            ReferenceValue.objects.bulk_create(
                [ReferenceValue(indicator_id=r["i"], area=r["a"], year=r["y"], value=r["v"], updated_at=now) for r in upload.rows],
                update_conflicts=True,
                unique_fields=["indicator", "area", "year"],
                update_fields=["value", "updated_at"],
                batch_size=2000,
            )
        else:
            ids = {r["i"] for r in upload.rows}
            adopted = set(AdoptedIndicator.objects.filter(municipality=municipality, indicator_id__in=ids).values_list("indicator_id", flat=True))
            AdoptedIndicator.objects.bulk_create([AdoptedIndicator(municipality=municipality, indicator_id=i) for i in sorted(ids - adopted)])
            Value.objects.bulk_create(
                [
                    Value(
                        municipality=municipality, indicator_id=r["i"], year=r["y"], disaggregation=r["d"], value=r["v"], note=r["n"], updated_at=now
                    )
                    for r in upload.rows
                ],
                update_conflicts=True,
                unique_fields=["municipality", "indicator", "disaggregation", "year"],
                update_fields=["value", "note", "updated_at"],
                batch_size=2000,
            )
        upload.status = Upload.Status.IMPORTED
        upload.imported_at = now
        upload.rows = []  # the values are in the monitor now; the upload keeps its summary
        upload.save(update_fields=["status", "imported_at", "rows"])
    return upload


def upload_message(upload: Upload) -> str:
    count = len(upload.rows) if upload.rows else upload.summary.get("rows", 0)
    return ngettext("%(n)s value has been imported.", "%(n)s values have been imported.", count) % {"n": count}


# --- reviews (VLR) ----------------------------------------------------------------------------


def review_create(*, municipality, user, language: str, year: int | None = None) -> Review:
    """One action: a draft with texts to start from, and its PDF requested. An existing review
    of the same year and language is opened instead of made twice."""
    from .vlr import default_texts

    year = year or timezone.localdate().year
    if language not in ("nl", "en"):
        raise ServiceError(_("Choose Dutch or English."))
    texts = default_texts(municipality=municipality, language=language, year=year)
    try:
        with transaction.atomic():
            review = Review.objects.create(municipality=municipality, language=language, year=year, created_by=user, **texts)
    except IntegrityError:
        return Review.objects.get(municipality=municipality, language=language, year=year)
    review_request_pdf(municipality=municipality, review=review)
    return review


def review_update(*, municipality, review: Review, data: dict) -> Review:
    if review.municipality_id != municipality.pk:
        raise ServiceError(_("This belongs to another municipality."))
    for name in ("title", "introduction", "approach", "conclusion"):
        if name in data:
            setattr(review, name, data[name])
    if "goal_texts" in data:
        review.goal_texts = {str(k): v for k, v in data["goal_texts"].items() if v}
    review.save()
    review_request_pdf(municipality=municipality, review=review)
    return review


def review_request_pdf(*, municipality, review: Review) -> None:
    from .tasks import render_review_pdf

    if review.municipality_id != municipality.pk:
        raise ServiceError(_("This belongs to another municipality."))
    Review.objects.filter(pk=review.pk).update(pdf_status=Review.PdfStatus.QUEUED, pdf_error="")
    review.pdf_status = Review.PdfStatus.QUEUED
    transaction.on_commit(lambda: render_review_pdf.enqueue(review.pk))


def review_render_pdf(*, review_id: int) -> Review:
    """The task's work: typeset the review and store the PDF through the storage API."""
    from django.core.files.base import ContentFile

    from apps.core.pdf import render_pdf

    from .vlr import review_context

    review = Review.objects.select_related("municipality").get(pk=review_id)
    try:
        pdf = render_pdf("monitor/vlr_pdf.html", review_context(review), language=review.language)
    except Exception as error:  # a PDF that cannot be made is reported on the page, never lost silently
        Review.objects.filter(pk=review.pk).update(pdf_status=Review.PdfStatus.FAILED, pdf_error=str(error)[:300])
        raise
    old = review.pdf.name if review.pdf else None
    review.pdf.save(f"vlr-{review.municipality.slug}-{review.year}-{review.language}.pdf", ContentFile(pdf), save=False)
    review.pdf_status = Review.PdfStatus.READY
    review.pdf_made_at = timezone.now()
    review.pdf_error = ""
    Review.objects.filter(pk=review.pk).update(pdf=review.pdf.name, pdf_status=review.pdf_status, pdf_made_at=review.pdf_made_at, pdf_error="")
    if old and old != review.pdf.name:
        review.pdf.storage.delete(old)
    return review


def open_indicator_set_hidden(*, municipality, indicator: Indicator, hidden: bool) -> bool:
    """Hide an open-data indicator from the municipality's public monitor, or show it again."""
    from .models import HiddenOpenIndicator

    if indicator.indicator_set != "Open data" or indicator.municipality_id is not None:
        raise ServiceError(_("Only published open-data indicators can be hidden."))
    if hidden:
        HiddenOpenIndicator.objects.get_or_create(municipality=municipality, indicator=indicator)
    else:
        HiddenOpenIndicator.objects.filter(municipality=municipality, indicator=indicator).delete()
    return hidden
