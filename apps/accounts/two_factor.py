"""Two-factor login for the back office (django-otp, TOTP): with ``BACK_OFFICE_2FA`` on (the default
under production settings), a staff member reaches the back office only after confirming a code
from an authenticator app in this session. The first time, they link the app (QR code or key)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse


def two_factor_required(user) -> bool:
    return bool(getattr(settings, "BACK_OFFICE_2FA", False)) and user.is_authenticated and user.is_staff


class BackOfficeTwoFactorMiddleware:
    """Send a staff member who has not confirmed a second factor in this session from any back-office
    URL to the verification page (after django_otp.middleware.OTPMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        admin_prefix = reverse("admin:index")
        if request.path.startswith(admin_prefix) and two_factor_required(request.user) and not request.user.is_verified():
            login_url = reverse("admin:login")
            logout_url = reverse("admin:logout")
            if request.path not in (login_url, logout_url):
                return redirect(reverse("accounts:two_factor") + "?" + urlencode({"next": request.get_full_path()}))
        return self.get_response(request)
