"""Vetrina's settings: one module, read from the environment (see .env.example)."""

import re
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from vetrina.config.env import (
    email_settings,
    env_bool,
    env_int,
    env_int_list,
    env_list,
    env_str,
    kept_secret_key,
    origin,
)

PACKAGE_DIR = Path(__file__).resolve().parent.parent

DATA_DIR = Path(env_str("VETRINA_DATA_DIR", "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

TESTING = "pytest" in sys.modules


def _secret_key() -> str:
    # A local run needs no configuration: the key is made once and kept in the data folder.
    configured = env_str("VETRINA_SECRET_KEY", "")
    if configured:
        return configured
    return kept_secret_key(DATA_DIR / "secret_key")


SECRET_KEY = _secret_key()
DEBUG = env_bool("VETRINA_DEBUG", False)
ALLOWED_HOSTS = env_list("VETRINA_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

# Markets whose creators Vetrina lists (ISO 3166-1 alpha-2); brands may be anywhere.
SERVED_MARKETS = env_list("VETRINA_SERVED_MARKETS", ["US", "GB", "IN", "TW", "DE"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "django_countries",
    "phonenumber_field",
    "django_tasks_db",
    # Ships htmx (live search, add-to-list) as a static file and tells views an htmx request apart.
    "django_htmx",
    # Serves the API docs' Swagger UI from its own package, not from a CDN.
    "ninja",
    "vetrina.accounts",
    "vetrina.creators",
    "vetrina.metrics",
    "vetrina.search",
    "vetrina.ingest",
    "vetrina.shortlists",
    "vetrina.collaborations",
    "vetrina.notifications",
    "vetrina.results",
    "vetrina.api",
    "vetrina.mail",
    "vetrina.worker",
    "vetrina.server",
    "vetrina.demo",
    "vetrina.privacy",
    "vetrina.joining",
    "vetrina.connectors",
    "vetrina.saved_searches",
    # Template filters for numbers and dates (vetrina.lib.formatting), shared by every page.
    "vetrina.lib",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The Content-Security-Policy header of every response (SECURE_CSP below).
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After LocaleMiddleware and the user: a signed-in user's own choice of language wins.
    "vetrina.accounts.middleware.user_language",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "vetrina.api.middleware.api_json_errors",
    # A write that waited too long for another writer's lock: 503 "try again", not 500.
    "vetrina.lib.database_busy.DatabaseBusyMiddleware",
    # Last, as django-axes asks: it turns a locked-out log-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "vetrina.config.urls"
WSGI_APPLICATION = "vetrina.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The frame, the error pages and the e-mails are the project's; each app keeps its own pages.
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "vetrina.accounts.context_processors.navigation",
            ],
        },
    },
]


# How long a write waits for the lock another writer holds before it gives up; the request is then
# answered 503 with Retry-After (vetrina.lib.busy), the worker tries again later. Five seconds is many
# times the longest wait a routine writer causes (an import lets a waiting write in within a fifth of a
# second or so: vetrina.ingest.importing), and longer than a person waits for a click to answer before
# trying again. A DATABASE_URL option (?timeout=… on SQLite, ?options=-c lock_timeout=… on PostgreSQL)
# overrides it.
DATABASE_LOCK_TIMEOUT_SECONDS = 5
# The memory each sort, hash or bitmap of a PostgreSQL query may use before it spills or loses detail
# (work_mem; PostgreSQL's default is 4 MB): see _databases. A ceiling for each step of a query that needs
# it, not memory every connection holds.
DATABASE_WORK_MEM = "32MB"
# How much lower than the site's the CPU priority of `vetrina import` (and its parser processes) is, as
# `nice` counts (0 to 19; 0 leaves it as started). On a machine that also serves, the site's requests then
# get the processor first and an import only takes what they leave.
VETRINA_IMPORT_NICENESS = env_int("VETRINA_IMPORT_NICENESS", 10, minimum=0)


def _databases() -> dict:
    default = dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'vetrina.sqlite3'}"),
        conn_max_age=60,
        conn_health_checks=True,
    )
    if default["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers run beside the writer; IMMEDIATE transactions take the write lock up front, so
        # a transaction never fails half-way because another took it first, and the busy timeout makes
        # the web server and the worker queue for it instead of failing "database is locked" at once.
        # Reads through memory-mapped pages: search reads rows all over the file (perf/search-floor.md).
        # Django's backend with a fairer wait for the write lock: a write asks for it every millisecond
        # or two, so it gets in between an import's transactions (vetrina.lib.sqlite_backend).
        default["ENGINE"] = "vetrina.lib.sqlite_backend"
        default["CONN_MAX_AGE"] = 0
        default["OPTIONS"] = {
            "timeout": DATABASE_LOCK_TIMEOUT_SECONDS,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA mmap_size=268435456;",
            **default.get("OPTIONS", {}),
        }
    elif default["ENGINE"].startswith("django.db.backends.postgresql"):
        # A write waiting for a row or table another transaction holds gives up as SQLite's does. No JIT
        # compiling: the site's queries take milliseconds, and a search whose count estimate looks costly
        # to the planner spent 335 of its 403 ms compiling at a million creators (docs/scale.md). Room
        # for a text search's list of matching rows (its bitmap): in PostgreSQL's default 4 MB, the list
        # of a common caption word at 3,000,000 creators kept only pages, not rows, and each match was
        # checked again against every row of its page, 1.4 s where 32 MB took 0.05 s (docs/scale.md).
        default["OPTIONS"] = {
            "options": f"-c lock_timeout={DATABASE_LOCK_TIMEOUT_SECONDS * 1000} -c jit=off "
            f"-c work_mem={DATABASE_WORK_MEM}",
            **default.get("OPTIONS", {}),
        }
    return {"default": default}


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Tests create many users; the strong hashers would only make them slow.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Passwords: at least VETRINA_PASSWORD_MIN_LENGTH characters (never under 12), not a common one, not all
# digits, not like the account's name or e-mail. The set-password forms state the rule.
VETRINA_PASSWORD_MIN_LENGTH = env_int("VETRINA_PASSWORD_MIN_LENGTH", 12, minimum=12)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": VETRINA_PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("it", "Italiano")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "vetrina.server.static.StaticFilesStorage"},
}
if DEBUG or TESTING:
    # No collectstatic step needed to run the suite or a debug server.
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = DEBUG

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTHENTICATION_BACKENDS = [
    # First, as django-axes asks: it refuses a locked-out log-in before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "vetrina.accounts.backends.EmailOrUsernameBackend",
]

# Lock-out after repeated failed log-ins (django-axes). Failures count against the account, whatever name
# was typed for it (username or e-mail, any case: accounts.backends.axes_username), from one address:
# VETRINA_LOGIN_FAILURE_LIMIT of them lock that account from that address for VETRINA_LOGIN_LOCKOUT_MINUTES.
# Account and address together, so that a stranger cannot lock a member out from everywhere. A client
# guessing across many accounts is locked from all of them after VETRINA_LOGIN_CLIENT_FAILURE_LIMIT
# failures in that time (accounts.backends.AccountAndClientAxesHandler).
VETRINA_LOGIN_FAILURE_LIMIT = env_int("VETRINA_LOGIN_FAILURE_LIMIT", 5, minimum=1)
VETRINA_LOGIN_LOCKOUT_MINUTES = env_int("VETRINA_LOGIN_LOCKOUT_MINUTES", 15, minimum=1)
VETRINA_LOGIN_CLIENT_FAILURE_LIMIT = env_int("VETRINA_LOGIN_CLIENT_FAILURE_LIMIT", 30, minimum=1)
AXES_HANDLER = "vetrina.accounts.backends.AccountAndClientAxesHandler"
AXES_FAILURE_LIMIT = VETRINA_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=VETRINA_LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "vetrina.accounts.backends.axes_username"
AXES_LOCKOUT_CALLABLE = "vetrina.accounts.views.locked_out"
# How many reverse proxies of one's own stand in front of Vetrina, each adding the address it was reached
# from to X-Forwarded-For (nginx's $proxy_add_x_forwarded_for, Caddy). With 0, REMOTE_ADDR is the client;
# with N, the address the outermost of them saw (accounts.limits.client_address). Log-in lock-outs and
# the form-mail limits count per client, so behind a proxy left at 0 every client would share one count.
VETRINA_TRUSTED_PROXIES = env_int("VETRINA_TRUSTED_PROXIES", 0)
AXES_CLIENT_IP_CALLABLE = "vetrina.accounts.limits.client_address"
# The test client's login() has no request for axes to look at; the lock-out tests switch it on.
AXES_ENABLED = not TESTING
AXES_VERBOSE = False

# Access (docs/roles.md): how long an invitation link works, how many visitors may be let in a month.
VETRINA_INVITATION_DAYS = env_int("VETRINA_INVITATION_DAYS", 7, minimum=1)
VETRINA_VISITOR_INVITATIONS_PER_MONTH = env_int("VETRINA_VISITOR_INVITATIONS_PER_MONTH", 20)
# Forms that e-mail an address the poster typed (applying, a password reset, a team invitation): e-mails
# one address may be sent, and one client may ask for, in a window of so many minutes (accounts.limits).
VETRINA_FORM_MAIL_PER_ADDRESS = env_int("VETRINA_FORM_MAIL_PER_ADDRESS", 3, minimum=1)
VETRINA_FORM_MAIL_PER_CLIENT = env_int("VETRINA_FORM_MAIL_PER_CLIENT", 20, minimum=1)
VETRINA_FORM_MAIL_WINDOW_MINUTES = env_int("VETRINA_FORM_MAIL_WINDOW_MINUTES", 60, minimum=1)
# Creators who join by themselves (docs/creators-joining.md): the bar for being listed, TikTok's marketplace
# defaults. Age in full years; reach; videos posted, and their views, in the 30 days up to the data date.
VETRINA_CREATOR_MIN_AGE = env_int("VETRINA_CREATOR_MIN_AGE", 18, minimum=13)
VETRINA_CREATOR_MIN_FOLLOWERS = env_int("VETRINA_CREATOR_MIN_FOLLOWERS", 10_000)
VETRINA_CREATOR_MIN_VIDEOS_30D = env_int("VETRINA_CREATOR_MIN_VIDEOS_30D", 3)
VETRINA_CREATOR_MIN_VIEWS_30D = env_int("VETRINA_CREATOR_MIN_VIEWS_30D", 1_000)
# Collaboration requests: days a creator has to answer before the request expires.
VETRINA_REQUEST_EXPIRY_DAYS = env_int("VETRINA_REQUEST_EXPIRY_DAYS", 7, minimum=1)
# Privacy (docs/privacy.md): days personal data is kept once it is no longer needed; the worker deletes it
# after that. Applications from their decision (approved or rejected), log-in records (django-axes) from
# the attempt, the task queue's finished tasks, e-mails from when they were sent or given up.
VETRINA_KEEP_APPLICATIONS_DAYS = env_int("VETRINA_KEEP_APPLICATIONS_DAYS", 180, minimum=1)
VETRINA_KEEP_LOGIN_RECORDS_DAYS = env_int("VETRINA_KEEP_LOGIN_RECORDS_DAYS", 90, minimum=1)
VETRINA_KEEP_FINISHED_TASKS_DAYS = env_int("VETRINA_KEEP_FINISHED_TASKS_DAYS", 14, minimum=1)
VETRINA_KEEP_SENT_EMAILS_DAYS = env_int("VETRINA_KEEP_SENT_EMAILS_DAYS", 90, minimum=1)
# Campaigns (docs/campaigns.md): a draft not reviewed within these days is approved by the worker's
# periodic job; a draft uploaded as a file is at most this many megabytes, of one of these extensions.
VETRINA_DRAFT_AUTO_APPROVE_DAYS = env_int("VETRINA_DRAFT_AUTO_APPROVE_DAYS", 7, minimum=1)
VETRINA_DRAFT_MAX_MB = env_int("VETRINA_DRAFT_MAX_MB", 100, minimum=1)
VETRINA_DRAFT_FILE_TYPES = [
    extension.strip().lower().lstrip(".")
    for extension in env_list("VETRINA_DRAFT_FILE_TYPES", ["mp4", "mov", "webm", "jpg", "jpeg", "png", "pdf"])
    # An empty entry would let in files with no extension at all.
    if extension.strip().lstrip(".")
]
# Where Vetrina is reached from outside: the links in e-mails start with it.
VETRINA_BASE_URL = env_str("VETRINA_BASE_URL", "http://127.0.0.1:8000")

# TikTok (docs/tiktok.md): creators connect their account through TikTok's Login Kit, and the worker keeps
# their numbers in sync. The app's client key and secret come from TikTok for Developers; with none set,
# connecting says TikTok is not set up. The redirect URL is the one registered with TikTok (default: the
# callback under VETRINA_BASE_URL). The scopes asked for; add user.account.type and user.insights once
# TikTok approved them for the app, to read business accounts' audience.
VETRINA_TIKTOK_CLIENT_KEY = env_str("VETRINA_TIKTOK_CLIENT_KEY", "")
VETRINA_TIKTOK_CLIENT_SECRET = env_str("VETRINA_TIKTOK_CLIENT_SECRET", "")
VETRINA_TIKTOK_REDIRECT_URL = env_str("VETRINA_TIKTOK_REDIRECT_URL", "")
VETRINA_TIKTOK_SCOPES = env_list(
    "VETRINA_TIKTOK_SCOPES", ["user.info.basic", "user.info.profile", "user.info.stats", "video.list"]
)
# Hours between two syncs of a connected creator.
VETRINA_TIKTOK_SYNC_HOURS = env_int("VETRINA_TIKTOK_SYNC_HOURS", 24, minimum=1)
# The creators' TikTok tokens are stored encrypted with this (connectors.crypto); several, comma-separated,
# to change it: the first encrypts, all decrypt. Default: made once and kept in the data folder, apart from
# the database, so that a copy of the database alone opens nobody's TikTok.
VETRINA_TIKTOK_TOKEN_KEYS = env_list("VETRINA_TIKTOK_TOKEN_KEY", []) or [
    kept_secret_key(DATA_DIR / "tiktok_token_key")
]
# TikTok's addresses; tests point them at a fake TikTok.
VETRINA_TIKTOK_AUTH_URL = env_str("VETRINA_TIKTOK_AUTH_URL", "https://www.tiktok.com/v2/auth/authorize/")
VETRINA_TIKTOK_API_URL = env_str("VETRINA_TIKTOK_API_URL", "https://open.tiktokapis.com/")
VETRINA_TIKTOK_BUSINESS_API_URL = env_str(
    "VETRINA_TIKTOK_BUSINESS_API_URL", "https://business-api.tiktok.com/open_api/v1.3/"
)

PHONENUMBER_DB_FORMAT = "E164"

MAILERS = email_settings(env_str("EMAIL_URL", ""), data_dir=DATA_DIR)
DEFAULT_FROM_EMAIL = env_str("VETRINA_FROM_EMAIL", "Vetrina <vetrina@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Every e-mail goes through the outbox (vetrina.mail). One that cannot be sent is tried again after each of
# these delays in turn (seconds), then given up and shown to staff.
VETRINA_MAIL_RETRY_DELAYS = env_int_list(
    "VETRINA_MAIL_RETRY_DELAYS", [60, 300, 1800, 7200, 21600, 86400], minimum=1
)
# How long before another worker may take over a message a worker is sending, and then only once the
# first worker's heartbeat has been silent as long (vetrina.mail.models.WorkerHeartbeat): it died.
VETRINA_MAIL_LEASE_SECONDS = env_int("VETRINA_MAIL_LEASE_SECONDS", 300, minimum=1)

# Background work (e-mails now) goes through Django's tasks framework. The queue is a table
# (django-tasks-db), so there is no broker to run; `vetrina worker` runs what is queued, and `make demo`
# starts one. Tests run tasks in process, at once.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
if TESTING:
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# The API's rate limit: requests a minute per token. Its counts live in a database table
# (api.ApiTokenRateWindow), so that every web process counts against the same limit.
VETRINA_API_RATE_LIMIT = env_int("VETRINA_API_RATE_LIMIT", 120, minimum=1)
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (Django's own, django.middleware.csp): everything from Vetrina itself, nothing
# inline, nothing from elsewhere. A page's JavaScript and CSS are static files, data goes to scripts
# through json_script (a JSON block, which the browser does not run), so no script, handler or style=""
# in the markup is ever needed; an injected one is refused. Scripts may still set styles through the
# DOM (element.style), which the policy does not govern. One page relaxes it: the API docs
# (config/api.py says why).
# Hosts a creator's picture (an import's avatar_url) may come from, as CSP sources ("https://images.example",
# "https://*.cdn.example"): the browser refuses pictures from any other host, and the creator shows their
# initials instead. Empty by default: only Vetrina's own pictures (the demo's faces).
AVATAR_HOSTS = env_list("VETRINA_AVATAR_HOSTS", [])
for _host in AVATAR_HOSTS:
    if not re.fullmatch(r"https?://(\*\.)?[A-Za-z0-9.-]+(:[0-9]+)?", _host):
        raise ImproperlyConfigured(
            f"VETRINA_AVATAR_HOSTS: {_host!r} is not an origin such as https://images.example "
            "or https://*.cdn.example"
        )
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *AVATAR_HOSTS],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    # Connecting TikTok posts a form whose answer redirects to TikTok's consent page: browsers hold a
    # form's redirects to form-action too.
    "form-action": [CSP.SELF, origin(VETRINA_TIKTOK_AUTH_URL)],
    "frame-ancestors": [CSP.NONE],
}
if DEBUG:
    # Django's own debug pages (the traceback, the 404 list of URLs) are written with inline styles and
    # scripts. In a debug run the browser only reports what the policy would refuse (in its console), so
    # that those pages work; the tests run without debug and enforce it.
    SECURE_CSP_REPORT_ONLY, SECURE_CSP = SECURE_CSP, {}
SECURE_CONTENT_TYPE_NOSNIFF = True

# Served over HTTPS: secure cookies, redirect to https, HSTS. On by default whenever Vetrina is not in
# debug mode, so that a public server is safe without being told; `vetrina demo` (plain http on
# 127.0.0.1) and a debug run turn it off.
HTTPS = env_bool("VETRINA_HTTPS", not DEBUG and not TESTING)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# A load balancer or monitor asks for the health check over plain http, from inside.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("VETRINA_BEHIND_HTTPS_PROXY", False):
    # Only behind a proxy that sets X-Forwarded-Proto itself; anywhere else a client could claim https.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("VETRINA_LOG_LEVEL", "INFO")},
    # The worker runs django-tasks-db's loop in short batches; its "starting"/"no more tasks" lines are noise.
    "loggers": {"django_tasks_db": {"level": "WARNING"}},
}
