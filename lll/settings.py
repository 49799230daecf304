"""One settings module for every environment, configured by environment variables.

Development needs no variables at all: an SQLite database and a generated secret key live under
`var/`, e-mail goes to files under `var/mail/`. Production sets DEBUG=0 and the variables listed in
docs/operations.md; a missing SECRET_KEY then stops the start instead of running insecurely.
"""

import secrets
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("LLL_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

env = environ.Env()
DEBUG = env.bool("DEBUG", default=True)


def _secret_key() -> str:
    key: str = env.str("SECRET_KEY", default="")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Project apps first: their templates (registration/*) win over django.contrib.admin's.
    "lll.core",
    "lll.accounts",
    "lll.territory",
    "lll.indicators",
    "lll.coordination",
    "lll.consultations",
    "lll.selfassessment",
    "lll.vet",
    "lll.publicoffice",
    "lll.activities",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "simple_history",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "lll.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lll.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Public pages for anonymous visitors, from the cache (lll.core.pagecache): before
    # authentication, which a cached page does not need.
    "lll.core.pagecache.PageCacheMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lll.core.middleware.IdleSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "lll.accounts.middleware.ForcePasswordChangeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes goes last so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lll.urls"
WSGI_APPLICATION = "lll.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The project's own templates (base.html, home, error pages, the shared form page).
        "DIRS": [BASE_DIR / "lll" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "lll.core.context_processors.site",
                "lll.core.context_processors.section",
                "lll.core.pagecache.csrf_placeholder",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'lll.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker and the web process use the file at the same time.
    DATABASES["default"].setdefault("OPTIONS", {})
    # IMMEDIATE: a transaction takes the write lock when it begins, so two imports committing at
    # once take turns (the second waits up to `timeout` seconds) instead of one failing with
    # "database is locked" when both try to turn a read into a write.
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": env.int("LLL_SQLITE_BUSY_SECONDS", default=600),
        }
    )
# Persistent connections: a request reuses its process's connection instead of opening one (and,
# on SQLite, running the PRAGMAs) each time; health checks drop one the server closed.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("LLL_CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL: LLL_DB_POOL_MAX_SIZE > 0 gives each process a pool of connections
    # (psycopg_pool; Django 5.2), for threaded or ASGI servers. Off by default: a sync gunicorn
    # worker runs one request at a time, so its one persistent connection (CONN_MAX_AGE) does
    # what a pool would, without the pool's background threads (docs/operations.md). With a pool
    # Django wants CONN_MAX_AGE 0: the pool keeps the connections.
    _pool_max = env.int("LLL_DB_POOL_MAX_SIZE", default=0)
    if _pool_max > 0:
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": env.int("LLL_DB_POOL_MIN_SIZE", default=1),
            "max_size": _pool_max,
            "timeout": env.float("LLL_DB_POOL_TIMEOUT", default=10),
        }
        DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        # ASVS L2 (2.1.1): at least 12 characters.
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Login throttling without a lock (lll.accounts.throttle): after LLL_LOGIN_FREE_FAILURES failed
# logins to one username (from any address) its next attempt waits 1 s after the last failure,
# then 2 s, 4 s, ... up to LLL_LOGIN_MAX_DELAY_SECONDS; an address trying many usernames waits the
# same way after LLL_LOGIN_FREE_FAILURES_PER_ADDRESS failures. Failures are forgotten after
# AXES_COOLOFF_HOURS. django-axes records the attempts; its lockout is off.
LLL_LOGIN_FREE_FAILURES = env.int("LLL_LOGIN_FREE_FAILURES", default=5)
LLL_LOGIN_FREE_FAILURES_PER_ADDRESS = env.int("LLL_LOGIN_FREE_FAILURES_PER_ADDRESS", default=20)
LLL_LOGIN_MAX_DELAY_SECONDS = env.int("LLL_LOGIN_MAX_DELAY_SECONDS", default=60)
AXES_HANDLER = "lll.accounts.throttle.DelayHandler"
AXES_LOCK_OUT_AT_FAILURE = False  # the handler's delays decide, not a failure limit
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # an attempt during a wait is not counted
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "lll.accounts.throttle.username_key"
AXES_LOCKOUT_CALLABLE = "lll.accounts.throttle.wait_response"
# The reverse proxies in front of the server (e.g. 127.0.0.1 for nginx on the same machine):
# a request from one of them counts as coming from the address in X-Forwarded-For, so the
# per-address delays fall on the address that failed, never on every user behind nginx.
LLL_TRUSTED_PROXIES = env.list("LLL_TRUSTED_PROXIES", default=[])
AXES_CLIENT_IP_CALLABLE = "lll.accounts.throttle.client_address"
AXES_RESET_ON_SUCCESS = True

LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("Polish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
NODE_MODULES_DIR = Path(env.str("NODE_MODULES_DIR", default=str(BASE_DIR / "node_modules")))
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "lll.core.vendor.NodeModulesFinder",
]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "media/"

# E-mail: files under var/mail in development; EMAIL_URL (smtp+tls://user:pass@host:587)
# in production.
if env.str("EMAIL_URL", default=""):
    EMAIL_CONFIG = env.email_url("EMAIL_URL")
else:
    EMAIL_CONFIG = {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(VAR_DIR / "mail"),
    }
EMAIL_BACKEND = EMAIL_CONFIG["EMAIL_BACKEND"]
EMAIL_FILE_PATH = EMAIL_CONFIG.get("EMAIL_FILE_PATH", "")
EMAIL_HOST = EMAIL_CONFIG.get("EMAIL_HOST", "localhost")
EMAIL_PORT = EMAIL_CONFIG.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = EMAIL_CONFIG.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = EMAIL_CONFIG.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = EMAIL_CONFIG.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = EMAIL_CONFIG.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="lll@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks: "immediate" runs them inside the request (development, tests);
# "database" queues them for `lll db_worker` (production, see docs/operations.md).
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS = {"default": {"BACKEND": TASK_BACKENDS[env.str("LLL_TASKS", default="immediate")]}}
# A task's lease (lll.core.leases): renewed every heartbeat while the worker works; a lease not
# renewed for LLL_TASK_LEASE_SECONDS means the worker died and its import is marked failed.
LLL_TASK_HEARTBEAT_SECONDS = env.float("LLL_TASK_HEARTBEAT_SECONDS", default=5)
LLL_TASK_LEASE_SECONDS = env.float("LLL_TASK_LEASE_SECONDS", default=60)

# Caches. "default" lives in each process's memory. "progress" carries a running file import's
# progress from the task worker to the web process, outside the import's transaction: files
# under var/progress (one machine or a shared volume); another cache both processes reach by
# LLL_PROGRESS_CACHE_URL (e.g. redis://host:6379/1, with the redis package). Not a database
# cache: the import holds the database connection while it writes.
#
# "pages" holds public pages and API answers under the data version (lll.core.pagecache):
# LLL_CACHE_URL (redis://127.0.0.1:6379/1 with the redis package, pymemcache://host:11211)
# shares them between the processes; by default each process keeps its own in memory (entries
# are checked against the version in the database on every request, so they never go stale).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": env.cache_url("LLL_CACHE_URL", default="locmemcache://lll-pages"),
    "progress": env.cache_url(
        "LLL_PROGRESS_CACHE_URL", default=f"filecache://{VAR_DIR / 'progress'}"
    ),
}

if CACHES["pages"]["BACKEND"].endswith("LocMemCache"):
    # Entries of about 50 KB (a page) to 1 MB (API CSV): at most a few hundred MB per process.
    CACHES["pages"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 2000)
# Old versions' entries are never read again: Redis or memcached forget them after this long.
LLL_PAGE_CACHE_SECONDS = env.int("LLL_PAGE_CACHE_SECONDS", default=7 * 24 * 3600)

# Security headers. In production (DEBUG off) everything `check --deploy` asks for is on;
# each can be turned off by its variable where a proxy already does it.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Content-Security-Policy (lll.core.middleware.SecurityHeadersMiddleware): everything from this
# site only, no inline script, no eval, no inline style (no <style> element, no style attribute),
# no plugins, no framing, forms post only here. Charts run Vega's expressions in vega-interpreter
# and take vega-embed's stylesheets as files (core/static/core/charts.js); docs/operations.md.
LLL_CONTENT_SECURITY_POLICY = env.str(
    "LLL_CONTENT_SECURITY_POLICY",
    default=(
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    ),
)
# Permissions-Policy: no powerful browser feature for anyone, this site included (the pages use
# none). Only features Chromium knows: an unknown one is a console error (browser test).
LLL_PERMISSIONS_POLICY = env.str(
    "LLL_PERMISSIONS_POLICY",
    default=(
        "accelerometer=(), autoplay=(), browsing-topics=(), camera=(), "
        "clipboard-read=(), clipboard-write=(), display-capture=(), encrypted-media=(), "
        "fullscreen=(), gamepad=(), geolocation=(), gyroscope=(), hid=(), idle-detection=(), "
        "local-fonts=(), magnetometer=(), microphone=(), midi=(), payment=(), "
        "picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), "
        "serial=(), usb=(), xr-spatial-tracking=()"
    ),
)
# A session ends after this many minutes without a request (lll.core.middleware
# .IdleSessionMiddleware renews it, at most once a minute; htmx polls do not count).
LLL_SESSION_IDLE_MINUTES = env.int("LLL_SESSION_IDLE_MINUTES", default=60)
LLL_SESSION_RENEW_SECONDS = 60
SESSION_COOKIE_AGE = LLL_SESSION_IDLE_MINUTES * 60

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs each step of every PDF at INFO.
    "loggers": {
        "axes": {"level": "WARNING"},
        "httpx": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# The region this installation serves: a voivodeship TERYT code ("20" is Podlaskie).
LLL_HOME_REGION = env.str("LLL_HOME_REGION", default="20")
# Public data the loaders read (TERYT, boundaries, classifications); see docs/architecture.md.
LLL_DATA_DIR = Path(env.str("LLL_DATA_DIR", default=str(BASE_DIR.parent / "shared" / "data")))
# Statistics APIs (the tests point these at a local server with recorded-shape answers).
LLL_BDL_URL = env.str("LLL_BDL_URL", default="https://bdl.stat.gov.pl/api/v1")
LLL_BDL_CLIENT_ID = env.str("LLL_BDL_CLIENT_ID", default="")
# Retries of a failed request (HTTP 429, 5xx, no connection), with backoff 1, 2, 4, ... seconds.
LLL_HTTP_MAX_RETRIES = env.int("LLL_HTTP_MAX_RETRIES", default=5)
LLL_EUROSTAT_URL = env.str(
    "LLL_EUROSTAT_URL",
    default="https://ec.europa.eu/eurostat/api/dissemination/statistics/1.0/data",
)
# The office's letterhead, used in pages and generated documents.
LLL_OFFICE_NAME = env.str("LLL_OFFICE_NAME", default="Wojewódzki Urząd Pracy w Białymstoku")
# The place written on documents ("Białystok, 5 sierpnia 2024 r.").
LLL_OFFICE_PLACE = env.str("LLL_OFFICE_PLACE", default="Białystok")
LLL_OFFICE_ADDRESS = env.str("LLL_OFFICE_ADDRESS", default="ul. Pogodna 22, 15-354 Białystok")
# The system's public address: links in e-mails sent by commands, the accessibility statement,
# the open-data catalogue's identifiers.
LLL_SITE_URL = env.str("LLL_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

FORM_RENDERER = "lll.core.forms.FormRenderer"
