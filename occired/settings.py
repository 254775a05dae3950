"""OcciRed settings: one file, driven by the environment.

Development defaults (no variables set): SQLite, Celery tasks run eagerly, email
to the console, DEBUG on. Production (`DJANGO_ENV=production`): every secret must
come from the environment or the process refuses to start.
"""

from pathlib import Path

import dj_database_url
import xstatic.pkg.bootstrap as xstatic_bootstrap
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from occired.env import env, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent

PRODUCTION = env("DJANGO_ENV", "development") == "production"
DEBUG = env_bool("DJANGO_DEBUG", not PRODUCTION)

SECRET_KEY = env("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required in production.")
    # Development only: a fixed, obviously-unsafe key so sessions survive restarts.
    SECRET_KEY = "dev-insecure-occired-key-do-not-use-in-production-0123456789"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "localflavor",
    "comun",
    "auditoria",
    "bandeja",
    "admin_usuarios",
    "seguridad",
    "tokens",
    "topes",
    "cuentas",
    "transacciones",
    "archivos",
    "servicio",
    "portal",
    "demo",
]

MIDDLEWARE = [
    # First: probes from inside the container get through before SSL redirect and host checks.
    "occired.salud.SaludMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "comun.entradas.EntradasMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.IdiomaMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.middleware.PortalSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "comun.middleware.AccionRechazadaMiddleware",
]

ROOT_URLCONF = "occired.urls"
WSGI_APPLICATION = "occired.wsgi.application"

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
                "portal.context_processors.portal",
            ],
        },
    },
]

# Database: SQLite by default, anything dj-database-url understands otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60 if PRODUCTION else 0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "admin_usuarios.Usuario"
AUTHENTICATION_BACKENDS = ["portal.backends.PortalBackend"]
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:inicio"

# Argon2 first: new hashes are Argon2id; older hashes still verify and are upgraded.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

# The bank's password rules (SPEC "Login" 7), as configurable validators.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "portal.validators.AlfanumericoValidator"},
    {"NAME": "portal.validators.LongitudValidator", "OPTIONS": {"min_length": 8, "max_length": 10}},
    {
        "NAME": "portal.validators.ComposicionValidator",
        "OPTIONS": {"min_letters": 6, "min_digits": 2, "max_digits": 4},
    },
    {"NAME": "portal.validators.RepeticionValidator", "OPTIONS": {"max_run": 2}},
    {"NAME": "portal.validators.DistintaDeUsuarioValidator"},
    {"NAME": "portal.validators.HistorialValidator", "OPTIONS": {"history": 5}},
]

# Sessions live in the database so that logout, a second login and an
# administrator's inactivation end them on the server, whatever the browser keeps.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
# A refused form (expired page, another tab) gets the portal's error page in the user's language.
CSRF_FAILURE_VIEW = "portal.views.error_csrf"

REDIS_URL = env("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "comun.cache.RedisCache", "LOCATION": REDIS_URL}}  # Django's, its client reused
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Internationalisation: Spanish (Colombia) first, English available.
LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Español")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# 2018/08/01 and 10:05 in both languages, /banco/ included.
FORMAT_MODULE_PATH = ["occired.formatos"]
TIME_ZONE = "America/Bogota"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Bootstrap comes from the XStatic-Bootstrap package, never from a CDN.
    ("bootstrap", xstatic_bootstrap.BASE_DIR),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Development and tests serve static files straight from the finders.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: console in development, SMTP in production.
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "OcciRed <no-responder@occired.example>")

# Celery: eager without a broker (development), Redis when REDIS_URL is set.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "reintentar-correos": {"task": "comun.reintentar_correos", "schedule": 60.0},
    "limpiar-sesiones": {"task": "comun.limpiar_sesiones", "schedule": 3600.0},
    "limpiar-exportaciones": {"task": "admin_usuarios.limpiar_exportaciones", "schedule": 3600.0},
    "expirar-retenciones": {"task": "cuentas.expirar_pendientes", "schedule": 60.0},
    # Programadas run in the first minute of their day (America/Bogota, CELERY_TIMEZONE);
    # the later runs of the day pick up what the first could not finish.
    "ejecutar-programadas": {"task": "transacciones.ejecutar_programadas", "schedule": 60.0},
    "vencer-operaciones": {"task": "transacciones.vencer_operaciones", "schedule": 300.0},
    # Payment files whose validation or execution waits (broker down at upload, worker died).
    "reanudar-archivos": {"task": "archivos.reanudar_archivos", "schedule": 60.0},
    "borrar-archivos-vencidos": {"task": "archivos.borrar_vencidos", "schedule": 3600.0},
    "purgar-notificaciones": {"task": "bandeja.purgar_notificaciones", "schedule": 6 * 3600.0},
}

# Pagos por Archivo: uploaded files live here, outside the web root (never served by URL).
OCCIRED_ARCHIVOS_DIR = Path(env("OCCIRED_ARCHIVOS_DIR", str(BASE_DIR / "var" / "archivos")))
OCCIRED_ARCHIVOS_MAX_BYTES = env_int("OCCIRED_ARCHIVOS_MAX_BYTES", 5 * 1024 * 1024)
OCCIRED_ARCHIVOS_MAX_FILAS = env_int("OCCIRED_ARCHIVOS_MAX_FILAS", 10_000)
# Seconds without progress after which the beat resumes a file's validation or execution.
OCCIRED_ARCHIVOS_REANUDAR_SEGUNDOS = env_int("OCCIRED_ARCHIVOS_REANUDAR_SEGUNDOS", 120)
# Rows paid per transaction (their states and the progress counters commit together).
OCCIRED_ARCHIVOS_LOTE_PAGOS = env_int("OCCIRED_ARCHIVOS_LOTE_PAGOS", 100)

# OTP: RFC 6238, 30 s, 6 digits (django-otp defaults). Issuer shown in authenticator apps.
OTP_TOTP_ISSUER = "OcciRed"
OTP_TOTP_THROTTLE_FACTOR = env_int("OTP_TOTP_THROTTLE_FACTOR", 1)

# Bank caps on the company security parameters.
OCCIRED_CAP_INTENTOS = 5
OCCIRED_CAP_INACTIVIDAD_MINUTOS = 15
# Consecutive failures before a bank staff account (/banco/) is blocked.
OCCIRED_BANCO_INTENTOS = env_int("OCCIRED_BANCO_INTENTOS", 3)
# Days a notification is kept (SPEC "Bandeja"): bandeja.purgar_notificaciones deletes older ones.
OCCIRED_NOTIFICACIONES_DIAS = 180
# The hot statements written once as plain SQL (comun.filas) are prepared on each PostgreSQL
# connection. Off behind a pooler that does not keep prepared statements (PgBouncer < 1.21 in
# transaction mode).
OCCIRED_SENTENCIAS_PREPARADAS = env_bool("OCCIRED_SENTENCIAS_PREPARADAS", True)
# Throttling of failed logins per client IP (guessing across many usernames).
OCCIRED_IP_MAX_FALLOS = env_int("OCCIRED_IP_MAX_FALLOS", 20)
OCCIRED_IP_VENTANA_SEGUNDOS = env_int("OCCIRED_IP_VENTANA_SEGUNDOS", 15 * 60)
# Crear Nuevo's "username already exists" answers per administrator and day.
OCCIRED_NOMBRES_EXISTENTES_MAX = env_int("OCCIRED_NOMBRES_EXISTENTES_MAX", 10)
# Seconds a step-1 verdict stays valid before step 2 must be completed.
OCCIRED_LOGIN_PASO_SEGUNDOS = 5 * 60
# ¿Olvidó su clave?: how long the emailed link lives (its own setting: PASSWORD_RESET_TIMEOUT stays Django's).
OCCIRED_OLVIDO_CLAVE_SEGUNDOS = env_int("OCCIRED_OLVIDO_CLAVE_SEGUNDOS", 30 * 60)
# Number of reverse proxies in front of gunicorn whose X-Forwarded-For is trusted.
OCCIRED_PROXIES_CONFIABLES = env_int("OCCIRED_PROXIES_CONFIABLES", 0)

# Security headers.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    LANGUAGE_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # No log line writes down the token of a ¿Olvidó su clave? link (occired.registro).
    "filters": {"sin_secretos": {"()": "occired.registro.SinSecretos"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["sin_secretos"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # runserver's request lines, through the filtered handler.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # WeasyPrint and fontTools narrate every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
