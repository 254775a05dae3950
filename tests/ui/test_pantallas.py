"""Every screen of the portal and of /banco/: axe-core (WCAG 2.x A/AA) finds nothing critical
or serious, the page fits a 390 px phone, and in English no Spanish word is left.

The screens are walked once per role (tests/ui/conftest.py); each test reads its screen's result.
"""

from __future__ import annotations

import pytest

from tests.ui.pantallas import TODAS

pytestmark = pytest.mark.browser
IDS = [f"{rol}-{nombre}" for rol, nombre in TODAS]

INGLES = [pytest.param(rol, nombre, id=f"{rol}-{nombre}") for rol, nombre in TODAS]


def _resultado(recorrido, rol: str, nombre: str):
    r = recorrido[(rol, nombre)]
    assert not r.error, f"{r.url}: {r.error}"
    assert r.estado == 200, f"{r.url} answered {r.estado}"
    return r


@pytest.mark.parametrize(("rol", "nombre"), TODAS, ids=IDS)
def test_axe_finds_no_critical_or_serious_violation(recorrido, rol, nombre):
    r = _resultado(recorrido, rol, nombre)
    assert not r.graves, f"{r.url}:\n" + "\n".join(r.graves)


@pytest.mark.parametrize(("rol", "nombre"), TODAS, ids=IDS)
def test_screen_fits_a_390_px_phone(recorrido, rol, nombre):
    r = _resultado(recorrido, rol, nombre)
    assert r.ancho_390 <= 390, f"{r.url} is {r.ancho_390} px wide at 390 px"


@pytest.mark.parametrize(("rol", "nombre"), INGLES)
def test_english_screen_has_no_spanish_words(recorrido, rol, nombre):
    r = _resultado(recorrido, rol, nombre)
    assert not r.espanol, f"{r.url} in English still says: {', '.join(r.espanol)}"


@pytest.mark.parametrize(("rol", "nombre"), TODAS, ids=IDS)
def test_tables_fit_a_1366_px_screen(recorrido, rol, nombre):
    """Every column of every list in view on a 1366 px screen, without a sideways scroll: the
    portal's lists and /banco/'s change lists (no sidebar, wrapping headers and names)."""
    r = _resultado(recorrido, rol, nombre)
    assert not r.tablas_anchas, f"{r.url} scrolls sideways at 1366 px: {r.tablas_anchas}"
