from django.tasks import task


@task()
def generate_artwork(municipality_id: int) -> float:
    from .services import artwork_generate

    return artwork_generate(municipality_id=municipality_id).seconds or 0.0


@task()
def regenerate_all_artwork() -> int:
    from .services import artwork_regenerate_all

    return artwork_regenerate_all()
