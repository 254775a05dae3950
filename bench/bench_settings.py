"""Settings of the gunicorn server that bench/usuarios.py starts: the portal's own
settings (DATABASE_URL, DJANGO_DEBUG=0 from the environment) with the two
baseline pages added to the URLs."""

from occired.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
