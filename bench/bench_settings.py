"""Settings of bench/usuarios.py and of the gunicorn server it starts: the portal's
own settings (DATABASE_URL, REDIS_URL as the cache, DJANGO_DEBUG=0 from the
environment) with the two baseline pages added to the URLs."""

import os

from occired.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
CELERY_TASK_ALWAYS_EAGER = True  # REDIS_URL, if set, serves as the cache only
# Each run seeds a new database whose versions repeat the last run's: its own key prefix.
CACHES["default"]["KEY_PREFIX"] = os.environ.get("BENCH_PREFIJO_CACHE", "")  # noqa: F405
ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
