"""Response headers that Django's own middleware does not set."""

from django.conf import settings

PERMISSIONS_POLICY = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()"


class PermissionsPolicyMiddleware:
    """Permissions-Policy: the platform uses no powerful browser features, so none are allowed (the
    Tijdscapsule's photo upload uses a plain file input, which needs no camera permission)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.value = getattr(settings, "PERMISSIONS_POLICY", PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.value)
        return response
