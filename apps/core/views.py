from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .permissions import public

SENSITIVE = ("password", "csrfmiddlewaretoken", "token")


@public
def csrf_failure(request, reason=""):
    """The form's security token was missing or stale (e.g. the page was open for a long time).
    Offer the submitted values again with a fresh token, so nothing typed is lost."""
    carried = []
    if request.method == "POST":
        for key in request.POST:
            if any(word in key for word in SENSITIVE):
                continue
            for value in request.POST.getlist(key):
                carried.append((key, value))
    return render(
        request,
        "errors/csrf.html",
        {"carried": carried, "action": request.path, "title": _("Your form could not be sent")},
        status=403,
    )


@public
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@public
def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


@public
def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


@public
def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


@public
def server_error(request):
    return render(request, "errors/500.html", status=500)
