"""Settings for avs_schema, read from the environment.

SQLite is the embedded default so that `make run` works anywhere; set
DATABASE_URL=postgres://… for PostgreSQL (production and CI).
"""

import os
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "oui"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# pytest-django imports these settings with pytest loaded: tests need no secret and no manifest.
TESTING = "pytest" in sys.modules

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured("SECRET_KEY doit être défini dans l'environnement lorsque DEBUG est désactivé.")
    # Development only: a fixed key so that sessions survive restarts of `make run`.
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "bootstrap",
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "core",
    "comptes",
    "fiches",
    "structures",
    "indicateurs",
    "rapports",
    "gouvernance",
    "portail",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After SessionMiddleware: renews the session's expiry every few minutes of activity (core/sessions.py).
    "core.sessions.SessionActivityMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the French lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "avs_schema.urls"
WSGI_APPLICATION = "avs_schema.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portail.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Production keeps connections open for a minute (health-checked); DEBUG and tests open one per request.
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0" if DEBUG or TESTING else "60")),
        conn_health_checks=True,
    )
}
# On PostgreSQL, server-side binding lets psycopg prepare the statements a connection repeats (the fifth time),
# so that PostgreSQL plans each once per connection instead of on every request: planning was about 40 % of its
# time on the main pages. DATABASE_PREPARED_STATEMENTS=0 turns it off, as a connection pooler in transaction mode
# without prepared statements (PgBouncer before 1.21) requires.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DATABASE_PREPARED_STATEMENTS", True):
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds the annual report PDFs (rapports/caching.py) and the render requests waiting for the worker.
# REDIS_URL (redis://host:6379/0): one cache shared by every server and the worker (several machines).
# CACHE_DIR: a folder shared by the processes of one machine. Neither: each process keeps its own memory cache,
# which is enough for `make run` (one process, tasks run in it).
if os.environ.get("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}}
elif os.environ.get("CACHE_DIR"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": os.environ["CACHE_DIR"]}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions live in the database, so that any application server serves any signed-in user.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Background work (django-tasks): TASKS_BACKEND=database queues the bilan PDFs in the database for
# `manage.py db_worker` (deploy/avs-worker.service); the default runs each task at once, inside the request,
# so that `make run` and the tests need no other process.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if os.environ.get("TASKS_BACKEND", "immediate") == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

AUTH_USER_MODEL = "comptes.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a login attempt while its e-mail address and IP address are locked out.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Logging in only: permissions are the rules' (comptes/backends.py says why).
    "comptes.backends.LoginBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

if TESTING:
    # Hashing a password on purpose takes time; tests create many users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
# Off: ids and years written in attributes, anchors and query strings must never read "action-3 408".
# Figures shown to people are grouped explicitly by the fr_number, euros and percent filters (core/templatetags/avs.py).
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
# Hashed names from the manifest are served with a ten-year "immutable" Cache-Control by whitenoise
# itself; this max-age is for the few files without a hash in their name (a day in production).
WHITENOISE_MAX_AGE = 0 if DEBUG or TESTING else 24 * 3600
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "avs-schema@localhost")
# Address of the site in the links of e-mails sent by scheduled commands (no request to build it from).
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000")

# --- Campaigns -------------------------------------------------------------------------------
# Plausibility of a typed value (indicateurs/plausibility.py): questioned when it lies more than
# PLAUSIBILITY_TOLERANCE (a share: 0.5 = 50 %) below the smallest or above the largest value of the structure's
# PLAUSIBILITY_YEARS previous campaigns. A question to the director, never a refusal.
PLAUSIBILITY_TOLERANCE = float(os.environ.get("PLAUSIBILITY_TOLERANCE", "0.5"))
PLAUSIBILITY_YEARS = int(os.environ.get("PLAUSIBILITY_YEARS", "3"))
# The scheduled reminder (manage.py send_reminders) writes to the directors of the structures that have not
# submitted everything when the closing date is this many days away, once per step.
CAMPAIGN_REMINDER_DAYS = tuple(
    int(days) for days in os.environ.get("CAMPAIGN_REMINDER_DAYS", "14,7,1").split(",") if days.strip()
)

# --- Security --------------------------------------------------------------------------------
# `python manage.py check --deploy` reports nothing with DEBUG off and SECRET_KEY and ALLOWED_HOSTS
# set (tests/test_security.py runs it). Behind a TLS-terminating proxy, set SECURE_PROXY_SSL_HEADER=1.

# Sessions end after about SESSION_COOKIE_AGE seconds of inactivity: activity renews the session and its
# cookie at most every SESSION_REFRESH_INTERVAL seconds (core/sessions.py), not with a write on every page.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(2 * 60 * 60)))
SESSION_REFRESH_INTERVAL = 5 * 60
# htmx reads the CSRF token from the page (base.html), never from the cookie.
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    # HTTPS only: redirect plain HTTP (not in tests, whose client speaks HTTP) and tell browsers
    # to remember it for a year, subdomains included.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not TESTING)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Content-Security-Policy (django-csp): everything comes from the application itself; no inline
# script, no inline style, no frame. Charts are SVG images, some embedded as data: URIs, and
# Bootstrap draws its icons with data: SVGs, hence img-src data:. A template that really needs
# an inline <script> gives it nonce="{{ request.csp_nonce }}".
HTMX_INDICATOR_STYLE_HASH = "'sha256-faU7yAF8NxuMTNEwVmBz+VcYeIoBQ2EMHW3WaVxCvnk='"  # htmx 2 (django-htmx 1.29)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        # The one inline style is the <style> htmx adds for its loading indicators, allowed by its hash.
        "style-src": [SELF, HTMX_INDICATOR_STYLE_HASH],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Brute force (django-axes): 5 failed logins for one e-mail address from one IP address lock that
# pair out for an hour; an administrateur unlocks it from the Utilisateurs page (comptes:user_unlock).
# Off in tests, except those that turn it on (tests/comptes/test_lockout.py).
AXES_ENABLED = env_bool("AXES_ENABLED", not TESTING)
# Failed attempts and lockouts are rows in the database: a lockout holds on every application server.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hour
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "comptes.lockout.username_from_request"
AXES_LOCKOUT_TEMPLATE = "comptes/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Unlocking is done from the Utilisateurs page (comptes:user_unlock), not in axes' own admin.
AXES_ENABLE_ADMIN = False
# Invitations to set a password are valid for this many days (comptes.models.Invitation).
INVITATION_VALID_DAYS = 7
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset link is valid one day

# Statistical secrecy (core/secrecy.py): a partner sees a group figure (by EPCI, by type of structure, a
# département's budget…) only when at least this many structures make it.
AVS_MIN_GROUP_SIZE = int(os.environ.get("AVS_MIN_GROUP_SIZE", "3"))

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# The public reference data shipped beside the project (communes, seeds).
SHARED_DIR = Path(os.environ.get("AVS_SHARED_DIR", BASE_DIR.parent / "shared"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
