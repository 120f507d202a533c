from django.conf import settings


def platform(request):
    return {
        "SITE_URL": settings.SITE_URL,
        "debug": settings.DEBUG,
        "SESSION_IDLE_SECONDS": settings.SESSION_COOKIE_AGE,
        "SESSION_WARNING_SECONDS": settings.SESSION_WARNING_MINUTES * 60,
        "SESSION_WARNING_MINUTES": settings.SESSION_WARNING_MINUTES,
    }


WORKSPACE_ROUTE = "werkruimte/<slug:slug>/"


def workspace(request):
    """On every page of a workspace section (Menukaart, Tijdscapsule, support, ...), the link back to
    the workspace's dashboard that base.html shows above the content; not on the dashboard itself."""
    match = getattr(request, "resolver_match", None)
    if match is None or not (match.route or "").startswith(WORKSPACE_ROUTE) or match.view_name == "workspace:home":
        return {}
    from django.urls import reverse

    return {"workspace_home_url": reverse("workspace:home", kwargs={"slug": match.kwargs["slug"]})}
