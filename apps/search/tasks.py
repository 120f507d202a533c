from django.tasks import task

from .index import rebuild_index


@task()
def rebuild_search_index() -> dict:
    """Rebuild the whole search index (after a change of data/synonyms.txt, or now and then to refresh
    word counts and popularity)."""
    return {str(k): v for k, v in rebuild_index().items()}
