"""For every request under /api/: the client's language; for every response: the API-Version header (ADR API-57) and problem+json for the
errors that happen outside the API's views (an unknown path, a body over the size limit, a crash)."""

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.utils import translation
from django.utils.translation import gettext as _

from .problems import PROBLEM, problem_response

logger = logging.getLogger("django.request")


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        # The API has no language prefix: it answers in the language the client asks for
        # (Accept-Language), Dutch by default; LocaleMiddleware would always pick Dutch here.
        translation.activate(translation.get_language_from_request(request, check_path=False))
        if settings.SECURE_SSL_REDIRECT and not request.is_secure():
            # HTTPS only: refused, not redirected (settings.SECURE_REDIRECT_EXEMPT), so no client keeps
            # sending its key in the clear and no redirected POST silently becomes a GET.
            response = problem_response(request, 403, _("The API answers over HTTPS only. Use https:// in the address."))
            response["API-Version"] = settings.API_VERSION
            return response
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.API_MAX_BODY_BYTES:
            response = problem_response(request, 413, _("The request body is larger than %(size)s bytes.") % {"size": settings.API_MAX_BODY_BYTES})
            response["API-Version"] = settings.API_VERSION
            return response
        response = self.get_response(request)
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith((PROBLEM, "application/json")):
            response = problem_response(request, response.status_code)
        response["API-Version"] = settings.API_VERSION
        return response

    def process_exception(self, request, exception):
        if not request.path.startswith("/api/"):
            return None
        if isinstance(exception, RequestDataTooBig):
            response = problem_response(
                request, 413, _("The request body is larger than %(size)s bytes.") % {"size": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
            )
        else:
            logger.error("Internal Server Error: %s", request.path, exc_info=exception, extra={"status_code": 500, "request": request})
            response = problem_response(request, 500, _("Something went wrong on our side. It has been logged."))
        response["API-Version"] = settings.API_VERSION
        return response
