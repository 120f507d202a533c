from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from apps.core.exceptions import ServiceError
from apps.core.permissions import PublicView

from . import services


@method_decorator(csrf_exempt, name="dispatch")  # the signed token is the proof; mail clients POST here (RFC 8058 one-click)
class UnsubscribeView(PublicView, View):
    """No login needed: the link in every update carries a signed token of the address."""

    template_name = "updates/unsubscribe.html"

    def get(self, request, token):
        try:
            email = services.unsubscribe_email(token)
        except ServiceError as error:
            return render(request, self.template_name, {"error": error.message}, status=400)
        return render(request, self.template_name, {"email": email, "token": token})

    def post(self, request, token):
        try:
            email = services.unsubscribe(token)
        except ServiceError as error:
            return render(request, self.template_name, {"error": error.message}, status=400)
        return render(request, self.template_name, {"email": email, "done": True})
