from django.core.management.base import BaseCommand

from apps.search.index import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the search index from the published formats, examples, articles, programmes, goals and targets."

    def handle(self, *args, **options):
        counts = rebuild_index()
        self.stdout.write("Search index: " + ", ".join(f"{kind}: {n}" for kind, n in sorted(counts.items())))
