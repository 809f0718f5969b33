"""Settings for Schuldhulp.

Every value comes from an environment variable with a safe development default; the table
in README.md ("Configuratie") documents each one. Production: set DJANGO_SECRET_KEY,
DJANGO_ALLOWED_HOSTS, DATABASE_URL, REDIS_URL and DJANGO_SECURE=1.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    return env(name, "1" if default else "0").lower() in {"1", "true", "yes", "on", "ja"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
ONTWIKKELSLEUTEL = "dev-only-onveilige-sleutel-niet-in-productie-gebruiken"
SECRET_KEY = env("DJANGO_SECRET_KEY", ONTWIKKELSLEUTEL)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# Reverse proxies whose X-Forwarded-For is believed (their own addresses, comma-separated);
# from anyone else the header is ignored and the verwerkingenlog records REMOTE_ADDR.
VERTROUWDE_PROXIES = frozenset(env_list("SCHULDHULP_VERTROUWDE_PROXIES"))
DATA_DIR = Path(env("SCHULDHULP_DATA_DIR", str(BASE_DIR / "var")))
# DDAS: the code CBS knows the supplier of the delivered data by (codeGegevensleverancier).
DDAS_CODE_GEGEVENSLEVERANCIER = env("DDAS_CODE_GEGEVENSLEVERANCIER", "SCHULDHULP")
# The DDAS delivery API (docs/ddas-api.md): the signing key and certificate chain (PEM, leaf
# first) of this system, the trust anchors for the afnemer's signatures (PKIoverheid roots
# in production), optional CRLs, and the page size. DDAS_API_TESTKETEN=1 makes and uses a
# self-signed test chain under DATA_DIR (demo, tests; refused with DJANGO_SECURE=1).
DDAS_API_SLEUTEL = env("DDAS_API_SLEUTEL")
DDAS_API_SLEUTEL_WACHTWOORD = env("DDAS_API_SLEUTEL_WACHTWOORD")
DDAS_API_CERTIFICAAT = env("DDAS_API_CERTIFICAAT")
DDAS_API_KID = env("DDAS_API_KID")
DDAS_API_VERTROUWD = env("DDAS_API_VERTROUWD")
DDAS_API_CRL = env_list("DDAS_API_CRL")
DDAS_API_TESTKETEN = env_bool("DDAS_API_TESTKETEN", False)
DDAS_API_PAGINAGROOTTE = int(env("DDAS_API_PAGINAGROOTTE", "1000"))
DDAS_API_MAX_PAGINAGROOTTE = int(env("DDAS_API_MAX_PAGINAGROOTTE", "5000"))
# OAuth2 (django-oauth-toolkit) for the afnemers: client credentials, scope "read"; only a
# hash of each token is stored (RFC 9700).
OAUTH2_PROVIDER = {
    "SCOPES": {"read": "DDAS-gegevens ophalen"},
    "DEFAULT_SCOPES": ["read"],
    "ACCESS_TOKEN_EXPIRE_SECONDS": int(env("DDAS_API_TOKEN_SECONDEN", "3600")),
    "OAUTH2_VALIDATOR_CLASS": "rapportage.ddas.api.oauth.Validator",
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
}
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"  # the afnemer's FK needs it

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.forms",  # widget templates overridable from templates/ (Utrecht classes)
    "guardian",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_htmx",
    "django_celery_beat",
    "oauth2_provider",
    # DigiD for Mijn Schuldhulp (klantplan/portaal): the SAML configuration lives in its
    # models (beheer), with certificates from simple_certmanager (docs/portaal.md).
    "solo",
    "privates",
    "simple_certmanager",
    "digid_eherkenning",
    "schuldhulp",
    "trajecten",
    "trajecten.vroegsignalering",
    "klantplan",
    "klantplan.schuldregeling",
    "klantplan.huishouden",
    "klantplan.papieren",
    "klantplan.portaal",
    "trajecten.pakket",
    "trajecten.samenwerking",
    "rapportage",
    "rapportage.ddas.api",
    "rapportage.facturatie",
    "rapportage.tevredenheid",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "schuldhulp.middleware.MaximaleOmvangMiddleware",
    "schuldhulp.middleware.ControletekensMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Django's session middleware, with a separate session for the portal: its own
    # cookie, path and 15 minutes (klantplan/portaal/sessie.py, ADR 0019).
    "klantplan.portaal.sessie.SessieMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "schuldhulp.tweestaps.TweestapsMiddleware",
    "schuldhulp.wachtwoordwissel.WachtwoordwisselMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "schuldhulp.middleware.SecurityHeadersMiddleware",
    "schuldhulp.audit.AuditMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "schuldhulp.urls"
# Widgets render through TEMPLATES, so templates/django/forms/widgets/attrs.html adds the
# NL Design System (Utrecht) classes to every form field (docs/adr/0017-nl-design-system.md).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "schuldhulp.wsgi.application"
ASGI_APPLICATION = "schuldhulp.asgi.application"

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
                "schuldhulp.context_processors.navigatie",
            ],
            "builtins": ["schuldhulp.templatetags.nlds"],
        },
    },
]

# Database: DATABASE_URL, else the embedded PostgreSQL (pgserver) under var/pgdata.
if env("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(env("DATABASE_URL"), conn_max_age=60)}
else:
    from schuldhulp import embedded

    DATABASES = {
        "default": dj_database_url.parse(embedded.database_url(embedded.start()), conn_max_age=0)
    }
DATABASES["default"]["TEST"] = {"NAME": env("DATABASE_TEST_NAME", "test_schuldhulp")}
# Per connection (issue 21, docs/schaal.md "Database-instellingen"): no JIT compilation (it
# cost more than half of a list query at scale, for plans that run in milliseconds), and
# enough work_mem for the counts and sorts of a page not to spill to disk. Overridable with
# DATABASE_OPTIES (e.g. "-c work_mem=64MB"); a database that sets them for the app role
# (ALTER ROLE … SET jit = off) needs nothing here.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = env(
    "DATABASE_OPTIES", "-c jit=off -c work_mem=16MB"
)
# The owner role, for migrations only: `manage.py migrate` connects with it when set, the app
# itself with DATABASE_URL as a runtime role without ownership (ADR 0013, databaserollen).
DATABASE_MIGRATIE_URL = env("DATABASE_MIGRATIE_URL")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "schuldhulp.Gebruiker"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # lockout after repeated failures; must be first
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Two-factor login (TOTP) for every user; enrolment only through a one-time link a beheerder
# makes (schuldhulp/inrichtlinks.py), valid this many hours. Off only where asked
# (the demo launcher turns it off unless SCHULDHULP_2FA_VERPLICHT=1 is set).
SCHULDHULP_2FA_VERPLICHT = env_bool("SCHULDHULP_2FA_VERPLICHT", True)
INRICHTLINK_GELDIG_UREN = int(env("INRICHTLINK_GELDIG_UREN", "72"))
OTP_TOTP_ISSUER = "Schuldhulp"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # no TOTP secrets in /beheer/
# No request body above this size is read at all (uploads have their own, smaller limits).
MAX_VERZOEK_BYTES = int(env("MAX_VERZOEK_BYTES", str(60 * 1024 * 1024)))
# Lockout (django-axes): after 5 failures for a username from one address, 15 minutes.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(env("AXES_COOLOFF_MINUTES", "15")) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/geblokkeerd.html"
AXES_RESET_ON_SUCCESS = True
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "na_inloggen"  # the werkvoorraad, beheer or reports (views.na_inloggen)
LOGOUT_REDIRECT_URL = "login"
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user object

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and env_bool("DJANGO_MANIFEST_STATIC", False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "media"
# The client's papers (klantplan.papieren): outside the web root, served only by a view that
# asks the gate (docs/papieren.md). Limits per upload; photos are checked for pixels before
# they are decoded.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(DATA_DIR / "prive")))
PAPIEREN_MAX_BESTAND_BYTES = int(env("PAPIEREN_MAX_BESTAND_MB", "10")) * 1024 * 1024
PAPIEREN_MAX_TOTAAL_BYTES = int(env("PAPIEREN_MAX_TOTAAL_MB", "25")) * 1024 * 1024
PAPIEREN_MAX_BESTANDEN = int(env("PAPIEREN_MAX_BESTANDEN", "20"))
PAPIEREN_MAX_PAGINAS = int(env("PAPIEREN_MAX_PAGINAS", "50"))
PAPIEREN_MAX_PIXELS = int(env("PAPIEREN_MAX_PIXELS", str(50_000_000)))

# Mijn Schuldhulp (klantplan/portaal, docs/portaal.md): a session of its own under the prefix,
# 15 minutes of inactivity (DigiD norm), and DigiD through django-digid-eherkenning. With
# PORTAAL_DIGID_MOCK=1 (demo, tests) its built-in mock DigiD asks for a BSN; otherwise the
# real SAML flow with the configuration in beheer (DigiD-configuratie).
PORTAAL_PREFIX = "/mijn-schuldhulp/"
PORTAAL_SESSIE_COOKIE = "mijn_sessie"
PORTAAL_SESSIE_SECONDEN = int(env("PORTAAL_SESSIE_SECONDEN", str(15 * 60)))
PORTAAL_DIGID_MOCK = env_bool("PORTAAL_DIGID_MOCK", False)
PORTAAL_BERICHTEN_PER_MINUUT = int(env("PORTAAL_BERICHTEN_PER_MINUUT", "5"))
DIGID_MOCK_APP_TITLE = "Mijn Schuldhulp"
DIGID_MOCK_RETURN_URL = "portaal:start"
DIGID_MOCK_CANCEL_URL = "portaal:inloggen"
PRIVATE_MEDIA_URL = "/prive/"  # django-privates (certificates); never served by itself
SENDFILE_BACKEND = "django_sendfile.backends.simple"
SENDFILE_ROOT = PRIVATE_MEDIA_ROOT

# Sessions: short inactivity timeout, renewed on every request.
SESSION_COOKIE_AGE = int(env("SESSION_COOKIE_AGE", str(30 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the meta tag, not the cookie
CSRF_FAILURE_VIEW = "schuldhulp.fouten.csrf_mislukt"  # in Dutch, in the house style
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Production hardening (DJANGO_SECURE=1 behind TLS).
if env_bool("DJANGO_SECURE", False):
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Cache and Celery: Redis when REDIS_URL is set, else no-server fallbacks.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL)
    # A message taken by a worker that died comes back after this (acks_late below); longer
    # than the longest task (a Stadsbank report: minutes), far shorter than Redis' 1 hour.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": int(env("CELERY_VISIBILITY_TIMEOUT", "1800"))
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = env("CELERY_BROKER_URL", "filesystem://")
    _broker_dir = DATA_DIR / "celery-broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "store_processed": False,
    }
# Reliability (issue 17, point 8; ADR 0016). The database row is the truth, the message only
# wakes a worker: every task is safe to run twice, and a lost message is put back by a beat job.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True  # acknowledged after the task: a killed worker's task comes back
CELERY_TASK_REJECT_ON_WORKER_LOST = True  # ... also when the child process was SIGKILLed
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # a worker holds one unacknowledged task, not four
# A request that hands over a task while Redis is down waits at most a few seconds, then the
# row waits for the beat job (schuldhulp/wachtrij.py) instead of the page hanging or a 500.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
# A worker that loses the broker stops its running tasks: they are not acknowledged and
# come back, instead of finishing into an ack that cannot be sent.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)

# Retention (AVG): personal data of a klant goes this many days after the last uitstroom.
BEWAARTERMIJN_NA_UITSTROOM_DAGEN = int(env("BEWAARTERMIJN_NA_UITSTROOM_DAGEN", str(7 * 365)))
# The verwerkingenlog's own retention (ADR 0011): rows older than this go, except rows about a
# dossier that still exists. The database refuses anything under seven years (migration 0013).
VERWERKINGENLOG_BEWAARTERMIJN_DAGEN = int(
    env("VERWERKINGENLOG_BEWAARTERMIJN_DAGEN", str(8 * 365 + 2))
)
# Vroegsignalen closed without an aanmelding: personal data blanked after this many days.
VROEGSIGNALERING_BEWAARTERMIJN_DAGEN = int(env("VROEGSIGNALERING_BEWAARTERMIJN_DAGEN", "180"))

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "schuldhulp@stadsbank.example")
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "20"))  # a hung mail server must not block a worker
# Absolute links in e-mail (the daily digest): where users reach the application.
SCHULDHULP_BASIS_URL = env("SCHULDHULP_BASIS_URL", "http://127.0.0.1:8000").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {
        "geen_bsn": {"()": "schuldhulp.logfilters.GeenBsnFilter"},
        "weigering_kort": {"()": "schuldhulp.logfilters.WeigeringZonderTraceback"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["geen_bsn"]}
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "pgserver": {"level": "WARNING"},
        # WeasyPrint reports every CSS property it ignores and fontTools every subset at INFO/
        # WARNING: noise in the demo's log, not problems of ours (the PDF tests look at pages).
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        # On the logger, not a handler: the record is cut before any handler sees it.
        "django.request": {"filters": ["weigering_kort"]},
    },
}
