from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from apps.api import views as api_views
from apps.api.docs import api_docs
from apps.core import views as core_views
from apps.core.files import private_file_view
from apps.pages import views as pages_views

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", core_views.healthz, name="healthz"),
    path("bestanden/<str:key>/<int:pk>/", private_file_view, name="private_file"),
    path(".well-known/security.txt", pages_views.security_txt, name="security_txt"),
    # The API root has no trailing slash; /api/v1/ is a 404, not a redirect (ADR /core/no-trailing-slash).
    path("api/v1", api_views.api_root, name="api_root"),
    path("api/v1/", include("apps.api.urls")),
]
urlpatterns += i18n_patterns(
    path("backoffice/", admin.site.urls),
    path("aanmelden/", include("apps.membership.urls")),
    path("account/gegevens/", include("apps.privacy.urls")),
    path("account/", include("apps.accounts.urls")),
    path("werkruimte/<slug:slug>/", include("apps.membership.workspace_urls")),
    path("werkruimte/<slug:slug>/menukaart/", include("apps.menukaart.workspace_urls")),
    path("werkruimte/<slug:slug>/beleidsscan/", include("apps.policyscan.workspace_urls")),
    path("werkruimte/<slug:slug>/programmas/", include("apps.programmes.workspace_urls")),
    path("werkruimte/<slug:slug>/tijdscapsule/", include("apps.tijdscapsule.workspace_urls")),
    path("werkruimte/<slug:slug>/monitor/", include("apps.monitor.workspace_urls")),
    path("werkruimte/<slug:slug>/begroting/", include("apps.budget.workspace_urls")),
    path("werkruimte/<slug:slug>/api-sleutels/", include("apps.api.workspace_urls")),
    path("werkruimte/<slug:slug>/ondersteuning/", include("apps.support.workspace_urls")),
    path("werkruimte/<slug:slug>/youngchallengers/", include("apps.youngchallengers.workspace_urls")),
    path("youngchallengers/", include("apps.youngchallengers.urls")),
    path("updates/", include("apps.updates.urls")),
    path("ontwikkelaars/", api_docs, name="api_docs"),
    path("menukaart/", include("apps.menukaart.urls")),
    path("programmas/", include("apps.programmes.urls")),
    path("tijdscapsule/", include("apps.tijdscapsule.urls")),
    path("monitor/", include("apps.monitor.urls")),
    path("begroting/", include("apps.budget.urls")),
    path("zoeken/", include("apps.search.urls")),
    path("", include("apps.branding.urls")),
    path("", include("apps.knowledge.urls")),
    path("", include("apps.pages.urls")),
    prefix_default_language=False,
)

handler400 = "apps.core.views.bad_request"
handler403 = "apps.core.views.permission_denied"
handler404 = "apps.core.views.page_not_found"
handler500 = "apps.core.views.server_error"

if settings.DEBUG:
    # Only the public media (MEDIA_ROOT); private files (PRIVATE_MEDIA_ROOT) go through private_file_view.
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
