from django.tasks import task


@task()
def render_review_pdf(review_id: int) -> int:
    from .services import review_render_pdf

    review = review_render_pdf(review_id=review_id)
    return review.pdf.size if review.pdf else 0
