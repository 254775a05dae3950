"""Helpers shared by the Chromium tests: log in through the real pages, take screenshots."""

from __future__ import annotations

import os
from pathlib import Path

from tests.factories import codigo_fresco

CAPTURAS = Path(os.environ.get("OCCIRED_CAPTURAS", "test-artifacts"))


def captura(page, nombre: str, *, telefono: bool = False) -> None:
    """Full-page PNG in test-artifacts/ (and a 390 px wide one with `telefono`)."""
    CAPTURAS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(CAPTURAS / f"{nombre}.png"), full_page=True)
    if telefono:
        tamano = page.viewport_size
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(CAPTURAS / f"{nombre}_telefono.png"), full_page=True)
        page.set_viewport_size(tamano)


def ingresar(page, username: str, clave: str, codigo: str = "", base_url: str | None = None) -> None:
    """Both login steps, by the visible labels."""
    page.goto((base_url or page.base_url) + "/")
    page.get_by_label("Usuario:").fill(username)
    if codigo:
        page.get_by_label("Clave Dinámica Token:").fill(codigo)
    page.get_by_label("He leído las").check()
    page.get_by_role("button", name="Continuar").click()
    page.get_by_label("Clave:").fill(clave)
    page.get_by_role("button", name="Continuar").click()


def ingresar_admin(page, admin) -> None:
    """Log the company administrator in with a fresh token code and wait for the home page."""
    ingresar(page, admin.username, admin.clave, codigo_fresco(admin.device))
    page.get_by_text("Bienvenido a la Banca Electrónica del Banco de Occidente").wait_for()
