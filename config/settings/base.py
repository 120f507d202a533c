"""Settings for Global Goals Gemeenten. Every value that differs per deployment comes from an
environment variable read through :func:`config.env.env`; see docs/configuration.md."""

from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config.env import env

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env("DJANGO_DEBUG", False, "Development mode: detailed error pages, static files from the source tree. Never in production.")
SECRET_KEY = env(
    "DJANGO_SECRET_KEY",
    "",
    "Secret key for signing (sessions, confirmation links). Required when DJANGO_DEBUG is off.",
    secret=True,
)
if not SECRET_KEY:
    if not DEBUG:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=true for local development).")
    SECRET_KEY = "insecure-development-key-only-for-local-use"  # noqa: S105

ALLOWED_HOSTS = env("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1"], "Comma-separated host names the site answers to.")
CSRF_TRUSTED_ORIGINS = env("DJANGO_CSRF_TRUSTED_ORIGINS", [], "Comma-separated origins (https://example.org) trusted for CSRF behind a proxy.")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000", "Public base URL, used for links in e-mails (confirmation, invitations).")

INSTALLED_APPS = [
    "apps.core.apps.PlatformAdminConfig",  # django.contrib.admin with the platform's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "corsheaders",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # back-up codes for a lost phone
    "django_htmx",
    "apps.core",
    "apps.accounts",
    "apps.goals",
    "apps.municipalities",
    "apps.membership",
    "apps.branding",
    "apps.menukaart",
    "apps.policyscan",
    "apps.programmes",
    "apps.tijdscapsule",
    "apps.monitor",
    "apps.budget",
    "apps.pages",
    "apps.privacy",
    "apps.support",
    "apps.knowledge",
    "apps.youngchallengers",
    "apps.updates",
    "apps.api",
    "apps.search",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "apps.core.middleware.PermissionsPolicyMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "apps.core.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "apps.api.middleware.ApiMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "apps.accounts.two_factor.BackOfficeTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.core.context_processors.platform",
                "apps.core.context_processors.workspace",
            ],
            "builtins": ["apps.core.templatetags.cached_url"],  # {% url %} with fixed URLs memoised (bench/README.md)
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env(
            "DATABASE_URL",
            f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
            "Database URL. Default: SQLite file db.sqlite3 in the project. Production: postgres://user:pass@host:5432/name.",
            secret=True,
        ),
        conn_max_age=env(
            "DATABASE_CONN_MAX_AGE", 60, "Seconds a database connection is kept open (PostgreSQL and SQLite; one connection per thread)."
        ),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Persistent connections for SQLite too (one per thread): opening one costs more than a page's
    # queries (connect, four PRAGMAs, and closing it again: ≈ 2.8 ms per request in bench/coldrender.py).
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_redis = env(
    "REDIS_URL",
    "",
    "Redis URL for the shared cache (pages, rate limits, page fragments) with several web processes, e.g. redis://127.0.0.1:6379/0 (Django's built-in RedisCache).",
)
_cache_url = env("CACHE_URL", "", "Alternative name for REDIS_URL (a redis:// or rediss:// URL); REDIS_URL wins when both are set.")
_redis = _redis or _cache_url
CACHES = {
    "default": (
        {"BACKEND": "apps.core.cache.RedisCache", "LOCATION": _redis}  # Django's RedisCache, client object reused
        if _redis
        else {
            # Shared by the web server and the task worker of `make run` (a memory cache is per
            # process: a change made by the worker would not reach the web server's page cache).
            "BACKEND": "apps.core.cache.FileCache",  # Django's file cache, culling less often
            "LOCATION": env("CACHE_DIR", str(BASE_DIR / "var" / "cache"), "Directory of the file cache used when REDIS_URL is empty."),
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    )
}
CACHES["default"]["KEY_PREFIX"] = env("CACHE_KEY_PREFIX", "ggg", "Prefix of every cache key (several sites sharing one Redis).")

# The anonymous page cache (apps/core/pagecache.py): public pages and the open API's GETs for visitors
# without a session, invalidated by version counters when the data behind them changes.
PAGE_CACHE = env("PAGE_CACHE", True, "Serve public pages to anonymous visitors from the cache (invalidated on every relevant change).")
PAGE_CACHE_SECONDS = env("PAGE_CACHE_SECONDS", 600, "Seconds a cached public page lives at most (changes invalidate it earlier).")
PAGE_CACHE_MAX_AGE = env("PAGE_CACHE_MAX_AGE", 60, "Cache-Control max-age of anonymous public pages, for browsers, proxies and CDNs.")
SECTION_CACHE = env("SECTION_CACHE", True, "Cache the sections of a public profile per app for anonymous visitors (apps/core/sections.py).")
PAGE_CACHE_EXCLUDED_PATHS = ["/backoffice/", "/en/backoffice/", "/werkruimte/", "/en/werkruimte/", "/account/", "/en/account/", "/i18n/", "/healthz"]
PAGE_CACHE_DEPENDENCIES: dict[str, list[str]] = {}  # URL name or namespace → collections (app labels); default: every change

TASKS = {
    "default": {
        "BACKEND": env(
            "TASKS_BACKEND",
            "django_tasks_db.DatabaseBackend",
            "Django task backend. Default: the database queue, processed by `manage.py db_worker`.",
        ),
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "apps.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "pages:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Login rate limit (django-axes): lock a username+address pair after repeated failures.
AXES_FAILURE_LIMIT = env("LOGIN_FAILURE_LIMIT", 5, "Failed logins for one e-mail address from one IP address before a temporary lock.")
AXES_COOLOFF_TIME = env("LOGIN_LOCK_MINUTES", 15, "Minutes a login lock lasts.") / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The client's address (apps/core/clientip.py), for login locks, API throttles and form rate limits.
TRUSTED_PROXY_COUNT = env(
    "PROXY_COUNT",
    0,
    "Number of trusted reverse proxies in front of the web processes that append the client's address to X-Forwarded-For "
    "(nginx alone: 1). 0: the header is ignored and the connection's address is used (development). See docs/production.md.",
)
AXES_CLIENT_IP_CALLABLE = "apps.core.clientip.client_ip"
RATELIMIT_USE_CACHE = "default"
RATELIMIT_IP_META_KEY = "apps.core.clientip.client_ip"

# Two-factor login for the back office (apps/accounts/two_factor.py, django-otp TOTP, back-up codes: otp_static).
BACK_OFFICE_2FA = env(
    "BACK_OFFICE_2FA",
    False,
    "Staff need a code from an authenticator app (TOTP) for the back office. On by default under config.settings.production.",
)
OTP_TOTP_ISSUER = "Global Goals Gemeenten"

INVITATION_VALID_DAYS = env("INVITATION_VALID_DAYS", 14, "Days an invitation link stays valid.")
CONFIRMATION_VALID_DAYS = env("CONFIRMATION_VALID_DAYS", 7, "Days the e-mail confirmation link of an application stays valid.")
JOIN_RATE_LIMIT = env("JOIN_RATE_LIMIT", 10, "Applications one IP address may submit per hour.")

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media"), "Directory for public media: only what is published on purpose outside the checked download view (the Tijdscapsule debate kit, generated branding files). Everything else: PRIVATE_MEDIA_ROOT."))
PRIVATE_MEDIA_ROOT = Path(
    env(
        "PRIVATE_MEDIA_ROOT",
        str(BASE_DIR / "var" / "private"),
        "Directory for private files (uploads, exports, generated PDFs): outside MEDIA_ROOT and never served by the web server directly (apps/core/files.py).",
    )
)
PRIVATE_FILES_SERVER = env(
    "PRIVATE_FILES_SERVER",
    "django",
    "How a private file is sent after the permission check: django (streamed by the application), nginx (X-Accel-Redirect) or sendfile (X-Sendfile for Apache/lighttpd). See docs/production.md.",
)
PRIVATE_FILES_INTERNAL_URL = env(
    "PRIVATE_FILES_INTERNAL_URL",
    "/_private/",
    "With PRIVATE_FILES_SERVER=nginx: the internal nginx location whose alias is PRIVATE_MEDIA_ROOT.",
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "apps.core.files.PrivateStorage"},  # PRIVATE_MEDIA_ROOT
    "staticfiles": {
        "BACKEND": ("django.contrib.staticfiles.storage.StaticFilesStorage" if DEBUG else "whitenoise.storage.CompressedManifestStaticFilesStorage")
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = env("UPLOAD_MAX_BYTES", 20 * 1024 * 1024, "Largest request body accepted, in bytes.")

# E-mail (Django 6.1 mailers): "default" queues every message as a task (apps/core/mail.py); the
# worker delivers it through "delivery".
EMAIL_DELIVERY_BACKEND = env(
    "EMAIL_DELIVERY_BACKEND",
    "django.core.mail.backends.console.EmailBackend",
    "Backend the task worker uses to deliver e-mail. Production: django.core.mail.backends.smtp.EmailBackend.",
)
_smtp_options = {
    "host": env("EMAIL_HOST", "localhost", "SMTP host (with the SMTP delivery backend)."),
    "port": env("EMAIL_PORT", 25, "SMTP port."),
    "username": env("EMAIL_HOST_USER", "", "SMTP user name."),
    "password": env("EMAIL_HOST_PASSWORD", "", "SMTP password.", secret=True),
    "use_tls": env("EMAIL_USE_TLS", False, "Use STARTTLS for SMTP."),
    "timeout": env("EMAIL_TIMEOUT", 30, "Seconds before an SMTP connection attempt gives up (the task is then retried by hand)."),
}
MAILERS = {
    "default": {"BACKEND": "apps.core.mail.TaskEmailBackend"},
    "delivery": {
        "BACKEND": EMAIL_DELIVERY_BACKEND,
        "OPTIONS": _smtp_options if EMAIL_DELIVERY_BACKEND.endswith("smtp.EmailBackend") else {},
    },
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Global Goals Gemeenten <noreply@globalgoalsgemeenten.nl>", "Sender of all e-mail.")
SECURITY_CONTACT = env("SECURITY_CONTACT", "security@globalgoalsgemeenten.nl", "Where vulnerabilities are reported (security.txt, disclosure page).")
PRIVACY_CONTACT = env("PRIVACY_CONTACT", "privacy@vng.nl", "Contact for privacy questions and requests (privacy statement).")
ACCESSIBILITY_CONTACT = env("ACCESSIBILITY_CONTACT", "campagneteam@globalgoalsgemeenten.nl", "Contact for accessibility problems (accessibility statement).")
SECURITY_TXT_EXPIRES = env(
    "SECURITY_TXT_EXPIRES", "", "Expiry of /.well-known/security.txt as an ISO date-time; empty: one year from now, on every request."
)
if SECURITY_TXT_EXPIRES:
    import datetime as _dt

    SECURITY_TXT_EXPIRES = _dt.datetime.fromisoformat(SECURITY_TXT_EXPIRES)
TIJDSCAPSULE_KEY = env(
    "TIJDSCAPSULE_KEY",
    "",
    "Key(s) that seal the Tijdscapsule wishes (Fernet, comma-separated: the first seals, all open; see docs/tijdscapsule.md). Required under config.settings.production; elsewhere empty means the file var/tijdscapsule.key, generated on first use.",
    secret=True,
)
# config.settings.production sets this: TIJDSCAPSULE_KEY must then be set (system check tijdscapsule.E001).
TIJDSCAPSULE_KEY_REQUIRED = False
TIJDSCAPSULE_MIN_LEAD_DAYS = env(
    "TIJDSCAPSULE_MIN_LEAD_DAYS", 21, "Days between a Tijdscapsule visit request and the visit's first day, at least (time to plan transport)."
)
CAMPAIGN_TEAM_EMAIL = env("CAMPAIGN_TEAM_EMAIL", "campagneteam@globalgoalsgemeenten.nl", "Address that receives notices of new applications.")

SESSION_COOKIE_SECURE = env("SECURE_COOKIES", True, "Send session and CSRF cookies over HTTPS only (make run turns it off for http://127.0.0.1).")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# Idle timeout: every request of a logged-in user renews the session, so it ends after this many
# idle minutes. Pages with a form warn a few minutes before (static/js/session-timeout.js).
SESSION_IDLE_MINUTES = env("SESSION_IDLE_MINUTES", 60, "Minutes without any request after which a logged-in user is logged out.")
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_WARNING_MINUTES = min(5, max(1, SESSION_IDLE_MINUTES // 4))
CSRF_FAILURE_VIEW = "apps.core.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (Django's own middleware): scripts only from our origin (no inline scripts,
# no eval); inline style attributes are allowed (htmx and a few templates set them); no framing.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_HSTS_SECONDS = env("HSTS_SECONDS", 0, "Strict-Transport-Security max-age; set (e.g. 31536000) once the site is served over HTTPS only.")
SECURE_HSTS_INCLUDE_SUBDOMAINS = env("HSTS_INCLUDE_SUBDOMAINS", False, "Add includeSubDomains to Strict-Transport-Security (only if every subdomain is HTTPS).")
SECURE_HSTS_PRELOAD = env("HSTS_PRELOAD", False, "Add preload to Strict-Transport-Security (for the browsers' HSTS preload list).")
SECURE_SSL_REDIRECT = env("SSL_REDIRECT", False, "Redirect HTTP to HTTPS in Django (when no proxy does it).")
if env("BEHIND_HTTPS_PROXY", False, "Trust X-Forwarded-Proto from the reverse proxy."):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO", "Log level (DEBUG, INFO, WARNING, ERROR).")},
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},  # no per-page progress lines
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# The open API (apps/api): Dutch API Design Rules. Public reads for anyone (CORS open, GET only);
# writes only with a municipality's API key, rate-limited per key.
API_VERSION = "1.0.0"
API_MAX_BODY_BYTES = 1024 * 1024  # a JSON body of the API; larger is a 413 problem
API_KEY_VALID_DAYS = env("API_KEY_VALID_DAYS", 365, "Days a new API key works before it expires (the coordinator then makes a new one).")
# HTTPS only (ADR API-11): with SSL_REDIRECT on, the API is not redirected (a client would already have
# sent its key in the clear, and a redirected POST loses its body) but refused over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^api/"]
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],  # each API view names its own (apps/api/base.py)
    "DEFAULT_PERMISSION_CLASSES": ["apps.api.permissions.DenyAll"],  # deny by default: each API view declares its own
    "DEFAULT_PAGINATION_CLASS": "apps.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "apps.api.problems.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "public": env("API_PUBLIC_RATE", "600/minute", "Rate limit of the open API's public reads per client address."),
        "key": env("API_KEY_RATE", "120/minute", "Rate limit of the open API per municipality key."),
    },
    "UNAUTHENTICATED_USER": None,
    "NUM_PROXIES": None,  # unused: every throttle asks apps.core.clientip.client_ip (apps/api/base.py)
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Global Goals Gemeenten API",
    "DESCRIPTION": (
        "Open data of the Gemeenten4GlobalGoals campaign: municipalities and their membership, the 17 goals "
        "and 169 targets, and what municipalities publish on the platform. Read without a key; write with "
        "a municipality's API key (Authorization: Bearer ggg_...). Follows the Dutch API Design Rules. "
        "Errors are application/problem+json."
    ),
    "VERSION": API_VERSION,
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    # Paths are relative to the server URL, which carries the major version (ADR /core/uri-version).
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "SERVERS": [{"url": SITE_URL.rstrip("/") + "/api/v1", "description": "This platform"}],
    "LICENSE": {"name": "EUPL-1.2 (software); data: see each source", "url": "https://eupl.eu/1.2/nl/"},
    "CONTACT": {"name": "Campagneteam Global Goals Gemeenten", "email": CAMPAIGN_TEAM_EMAIL, "url": SITE_URL.rstrip("/") + "/ontwikkelaars/"},
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "apps.api.schema.add_problem_responses"],
}
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["API-Version", "Link"]
