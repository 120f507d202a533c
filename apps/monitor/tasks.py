from django.tasks import task


@task()
def render_review_pdf(review_id: int) -> int:
    from .services import review_render_pdf

    review = review_render_pdf(review_id=review_id)
    return review.pdf.size if review.pdf else 0


@task()
def load_open_dataset(key: str, path: str = "") -> dict:
    """Load one open-data set (the shipped file, or ``path``); the report is kept on the set."""
    from pathlib import Path

    from .open_loader import open_dataset_load

    return open_dataset_load(key=key, path=Path(path) if path else None).as_dict()
