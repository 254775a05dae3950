"""Defect 8 of issue 14: liveness and readiness, with the database or Redis down.

Nothing shared is stopped: "down" is a closed port (6399) for this check only.
"""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from django.db import connection, connections
from django.test import Client

PUERTO_CERRADO = "redis://127.0.0.1:6399/0"
RAIZ = Path(__file__).resolve().parents[2]


def test_liveness_answers_without_touching_anything(client):
    # No db fixture: pytest-django makes any database access here an error.
    r = client.get("/salud/vivo/")
    assert r.status_code == 200 and r.json() == {"estado": "ok"}


def test_readiness_all_up(client, db, requiere_redis):
    r = client.get("/salud/listo/")
    assert r.status_code == 200
    assert r.json() == {"estado": "ok", "componentes": {"base_de_datos": "ok", "cache": "ok", "broker": "ok"}}


def test_readiness_with_redis_down_says_which_and_no_secret(client, db, requiere_redis, settings):
    settings.REDIS_URL = "redis://:s3creto@127.0.0.1:6399/0"
    settings.CELERY_BROKER_URL = "redis://:s3creto@127.0.0.1:6399/0"
    r = client.get("/salud/listo/")
    assert r.status_code == 503
    assert r.json()["componentes"] == {"base_de_datos": "ok", "cache": "falla", "broker": "falla"}
    assert "s3creto" not in r.content.decode() and "6399" not in r.content.decode()


def test_readiness_with_the_database_down(requiere_postgres):
    """The probe runs in its own thread, whose new connection goes to a closed port."""
    original = dict(connections.settings["default"])
    connections.settings["default"]["PORT"] = "6399"
    resultado: dict = {}

    def sonda() -> None:
        try:
            r = Client().get("/salud/listo/")
            resultado["status"], resultado["cuerpo"] = r.status_code, r.content.decode()
        finally:
            connection.close()

    try:
        hilo = threading.Thread(target=sonda)
        hilo.start()
        hilo.join(30)
    finally:
        connections.settings["default"].clear()
        connections.settings["default"].update(original)
    assert resultado["status"] == 503
    assert json.loads(resultado["cuerpo"])["componentes"]["base_de_datos"] == "falla"
    assert "postgres" not in resultado["cuerpo"] and "6399" not in resultado["cuerpo"]


def test_probes_are_not_throttled_redirected_or_host_checked(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["occired.example"]
    settings.OCCIRED_IP_MAX_FALLOS = 1
    for _ in range(30):
        assert client.get("/salud/vivo/", HTTP_HOST="127.0.0.1:8000").status_code == 200
    assert client.post("/salud/vivo/").status_code == 405


def test_a_healthy_probe_logs_nothing_at_info(client, db, caplog):
    caplog.set_level(logging.INFO)
    client.get("/salud/vivo/")
    client.get("/salud/listo/")
    assert [r for r in caplog.records if r.levelno >= logging.INFO and "salud" in r.getMessage()] == []


def test_gunicorn_access_log_skips_healthy_probes_only(monkeypatch):
    from gunicorn.glogging import Logger

    from occired.gunicorn_log import SinSondas

    escritas: list[str] = []
    monkeypatch.setattr(Logger, "access", lambda self, resp, req, environ, t: escritas.append(environ["PATH_INFO"]))
    log = SinSondas.__new__(SinSondas)
    log.access(SimpleNamespace(status_code=200), None, {"PATH_INFO": "/salud/listo/"}, 0)
    log.access(SimpleNamespace(status_code=200), None, {"PATH_INFO": "/inicio/"}, 0)
    log.access(SimpleNamespace(status_code=503), None, {"PATH_INFO": "/salud/listo/"}, 0)
    assert escritas == ["/inicio/", "/salud/listo/"]


def test_compose_has_healthchecks_for_web_and_worker():
    servicios = yaml.safe_load((RAIZ / "docker-compose.yml").read_text())["services"]
    assert "/salud/listo/" in " ".join(servicios["web"]["healthcheck"]["test"])
    assert "inspect ping" in " ".join(servicios["worker"]["healthcheck"]["test"])
    assert "occired.gunicorn_log.SinSondas" in servicios["web"]["command"]


@pytest.mark.parametrize("ruta", ["/salud/vivo/", "/salud/listo/"])
def test_output_names_no_host_or_url(client, db, ruta):
    cuerpo = client.get(ruta).content.decode()
    for secreto in ("redis://", "postgres://", "127.0.0.1", "@"):
        assert secreto not in cuerpo
