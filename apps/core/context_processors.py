from django.conf import settings


def platform(request):
    return {
        "SITE_URL": settings.SITE_URL,
        "debug": settings.DEBUG,
        "SESSION_IDLE_SECONDS": settings.SESSION_COOKIE_AGE,
        "SESSION_WARNING_SECONDS": settings.SESSION_WARNING_MINUTES * 60,
        "SESSION_WARNING_MINUTES": settings.SESSION_WARNING_MINUTES,
    }
