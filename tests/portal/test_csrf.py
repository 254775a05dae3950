"""A refused CSRF check shows the portal's own error page, in the user's language (issue 15, defect 6)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db

ES = "La página venció o fue abierta en otra pestaña. Vuelva a cargarla e intente de nuevo."
EN = "The page expired or was opened in another tab. Reload it and try again."


def _html_lang(cuerpo: str) -> str:
    return re.search(r'<html lang="([^"]+)"', cuerpo).group(1)


def test_post_without_token_gets_the_branded_spanish_page():
    r = Client(enforce_csrf_checks=True).post("/", {"usuario": "x"})
    cuerpo = r.content.decode()
    assert r.status_code == 403
    assert r.templates[0].name == "errores/error.html"
    assert _html_lang(cuerpo) == "es"
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in cuerpo
    assert "occi-logo" in cuerpo and "Vigilado Superintendencia Financiera" in cuerpo
    assert ES in cuerpo
    # Nothing of Django's English page, nor the reason (which only helps an attacker).
    assert "CSRF" not in cuerpo and "Forbidden" not in cuerpo


def test_the_page_is_in_english_when_the_user_chose_english():
    cliente = Client(enforce_csrf_checks=True)
    cliente.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    r = cliente.post("/", {"usuario": "x"})
    cuerpo = r.content.decode()
    assert r.status_code == 403
    assert _html_lang(cuerpo) == "en"
    assert EN in cuerpo and ES not in cuerpo
    assert "The page expired" in cuerpo


def test_a_logged_in_user_sees_it_inside_the_portal(cliente_admin):
    cliente_admin.handler.enforce_csrf_checks = True
    r = cliente_admin.post("/mi-cuenta/clave/", {})
    cuerpo = r.content.decode()
    assert r.status_code == 403
    assert ES in cuerpo and "Salida Segura" in cuerpo


def test_a_post_with_its_token_still_passes():
    cliente = Client(enforce_csrf_checks=True)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', cliente.get("/").content.decode()).group(1)
    r = cliente.post("/", {"csrfmiddlewaretoken": token, "usuario": "x"})
    assert r.status_code != 403


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_expired_login_form_shows_the_page_in_chromium_and_fits_a_phone(pagina):
    """The real case: the CSRF cookie is gone (expired, cleared) when the user submits."""
    from tests.navegador import captura

    page = pagina
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base_url + "/")
    page.context.clear_cookies()
    page.get_by_label("Usuario:").fill("adelgado")
    page.get_by_label("Clave Dinámica Token:").fill("123456")
    page.get_by_label("He leído las").check()
    page.get_by_role("button", name="Continuar").click()
    page.get_by_text(ES).wait_for()
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", name="La página venció").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    captura(page, "csrf_telefono")
    page.set_viewport_size({"width": 1366, "height": 900})
    captura(page, "csrf")
    # The page hands out a new token: its own forms work (here, the language switch).
    page.get_by_role("button", name="In English").click()
    page.get_by_text("Please enter your User details").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
