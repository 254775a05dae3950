"""Production settings, hardening headers and the deployment files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parents[2]
PROD_ENV = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "prueba-" + "x" * 60,
    "DJANGO_ALLOWED_HOSTS": "occired.example",
    "DATABASE_URL": "sqlite:///:memory:",
}


def _manage(*args: str, extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.update(extra or PROD_ENV)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=RAIZ, env=env, capture_output=True, text=True,
                          timeout=120)


def test_check_deploy_passes_with_production_values():
    r = _manage("check", "--deploy", "--fail-level", "WARNING")
    assert r.returncode == 0, r.stdout + r.stderr


def test_production_refuses_to_start_without_secret_key():
    r = _manage("check", extra={k: v for k, v in PROD_ENV.items() if k != "DJANGO_SECRET_KEY"})
    assert r.returncode != 0 and "DJANGO_SECRET_KEY" in r.stderr


def test_argon2_is_the_first_hasher():
    from occired import settings as real

    assert real.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.mark.django_db
def test_security_headers_on_every_page(client):
    r = client.get("/")
    assert r["X-Frame-Options"] == "DENY"
    csp = r["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "no-store" in r["Cache-Control"]
    assert r["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_authenticated_pages_are_not_cached(cliente_admin):
    r = cliente_admin.get("/inicio/")
    assert r.status_code == 200
    assert "no-store" in r["Cache-Control"] and "private" in r["Cache-Control"]


def test_templates_have_no_inline_script_or_style():
    for path in (RAIZ / "templates").rglob("*.html"):
        text = path.read_text()
        if path.parts[-2] == "emails":
            continue
        assert "<script>" not in text and "<script " not in text.replace("<script src=", ""), path
        assert 'style="' not in text, path


@pytest.mark.django_db
def test_bootstrap_is_served_from_xstatic_not_a_cdn(client):
    body = client.get("/").content.decode()
    assert "/static/bootstrap/css/bootstrap.min.css" in body
    assert "cdn" not in body.lower()
    assert client.get("/static/bootstrap/css/bootstrap.min.css").status_code == 200


def test_docker_compose_describes_production_shape():
    text = (RAIZ / "docker-compose.yml").read_text()
    for servicio in ("web:", "worker:", "beat:", "postgres:", "redis:", "mailcatcher:"):
        assert servicio in text
    assert "gunicorn" in text and "celery" in text


def test_docker_compose_config_is_valid():
    docker = shutil.which("docker")
    if not docker or subprocess.run([docker, "compose", "version"], capture_output=True).returncode != 0:
        pytest.skip("docker compose CLI not available")
    env = {**os.environ, "DJANGO_SECRET_KEY": "x", "POSTGRES_PASSWORD": "y", "DJANGO_ALLOWED_HOSTS": "z"}
    r = subprocess.run([docker, "compose", "config", "-q"], cwd=RAIZ, env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_demo_data_refused_when_debug_is_off():
    r = _manage("cargar_demo")
    assert r.returncode != 0 and "DEBUG" in r.stderr
