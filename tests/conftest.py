"""Personas and real-service fixtures shared by the whole suite.

REQUIRE_SERVICES=1 / REQUIRE_BROWSER=1 (set by .ci/run) turn a missing
PostgreSQL, Redis or Chromium into a failure instead of a skip.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop in the test thread; Django's ORM
# refuses to run there unless told it is safe (it is: the loop never runs ORM code).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from tests.factories import (  # noqa: E402
    crear_admin,
    crear_empresa,
    crear_secundario,
    crear_staff,
    login_portal,
)

CHROMIUM = Path("/usr/bin/chromium")


def _falta(que: str, variable: str) -> None:
    if os.environ.get(variable) == "1":
        pytest.fail(f"{que} is required ({variable}=1) but is not available")
    pytest.skip(f"{que} not available")


@pytest.fixture(autouse=True)
def _rapido_y_aislado(settings):
    """Fast hashing for tests and a clean cache (failure counters) for each test."""
    from django.core.cache import cache

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from occired.celery import app

    app.conf.task_always_eager = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def requiere_postgres(transactional_db):
    from django.db import connection

    if connection.vendor != "postgresql":
        _falta("PostgreSQL", "REQUIRE_SERVICES")


@pytest.fixture
def requiere_redis():
    import redis

    url = os.environ.get("REDIS_URL", "")
    if not url:
        _falta("Redis (REDIS_URL)", "REQUIRE_SERVICES")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception:
        _falta("Redis", "REQUIRE_SERVICES")
    return url


@pytest.fixture(scope="session")
def navegador():
    if not CHROMIUM.exists():
        _falta("Chromium (/usr/bin/chromium)", "REQUIRE_BROWSER")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)


@pytest.fixture
def pagina(request, navegador, live_server):
    context = navegador.new_context(locale="es-CO", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = live_server.url  # type: ignore[attr-defined]
    yield page
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        # Say where the browser was: the CI log is all there is to read afterwards.
        try:
            destino = Path("test-artifacts") / f"fallo-{request.node.name}.png"
            destino.parent.mkdir(exist_ok=True)
            page.screenshot(path=str(destino), full_page=True)
            texto = page.inner_text("body")[:1500]
            print(f"\n[browser] url={page.url}\n[browser] screenshot={destino}\n[browser] text:\n{texto}")
        except Exception as exc:  # the page itself may be gone
            print(f"\n[browser] could not capture the page: {exc}")
    context.close()


@pytest.fixture
def empresa(db):
    return crear_empresa()


@pytest.fixture
def otra_empresa(db):
    return crear_empresa(nit="890300123-4", razon_social="Industrias del Valle S.A.", interno="027733110")


@pytest.fixture
def admin(empresa):
    """The company administrator, with an active virtual token (`admin.totp` makes codes)."""
    return crear_admin(empresa, username="adelgado")


@pytest.fixture
def secundario(empresa):
    return crear_secundario(empresa, username="mguerrero")


@pytest.fixture
def admin_otra(otra_empresa):
    return crear_admin(otra_empresa, username="admvalle")


@pytest.fixture
def staff(db):
    return crear_staff()


@pytest.fixture
def cliente_admin(client, admin):
    login_portal(client, admin)
    return client


@pytest.fixture
def cliente_otra(client, admin_otra):
    login_portal(client, admin_otra)
    return client


@pytest.fixture
def banco(client, staff):
    """The test client logged in at /banco/ as the bank staff persona (user, password, OTP)."""
    from tests.factories import codigo_fresco

    client.post("/banco/login/?next=/banco/", {
        "username": staff.username, "password": staff.clave, "otp_device": staff.device.persistent_id,
        "otp_token": codigo_fresco(staff.device)})
    assert client.get("/banco/").status_code == 200
    return client


@pytest.fixture
def celery_real(requiere_redis, settings):
    """Celery not eager, on the real broker (this run's Redis db); `apuntar(url)` switches the broker."""
    import redis

    from occired.celery import app

    def apuntar(url: str) -> None:
        app.conf.broker_url = url
        app._pool = None
        app.amqp._producer_pool = None

    original = app.conf.broker_url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    redis.Redis.from_url(requiere_redis).delete("celery")
    apuntar(requiere_redis)
    yield apuntar
    apuntar(original)
    app.conf.task_always_eager = True


@pytest.fixture
def pagina_axe(navegador, live_server):
    """Like `pagina`, in a context where axe-core may be injected past the portal's CSP."""
    context = navegador.new_context(locale="es-CO", viewport={"width": 1366, "height": 900}, bypass_csp=True,
                                    accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = live_server.url  # type: ignore[attr-defined]
    yield page
    context.close()
