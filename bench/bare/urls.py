from django.http import HttpResponse
from django.urls import path

PAGE = b"""<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><title>Bare Django page</title></head>
<body><h1>Bare Django page</h1><p>A fixed page: the yardstick for the load benchmark.</p></body>
</html>
"""


def page(request):
    # No middleware here, so no CommonMiddleware to add Content-Length: set it, as the site's pages have it.
    return HttpResponse(PAGE, headers={"Content-Length": str(len(PAGE))})


urlpatterns = [path("", page)]
