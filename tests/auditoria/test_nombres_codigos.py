"""Audit details name a service by its name, not by the code the row stores (issue 15, defect 7)."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from auditoria.selectors import partes_detalles
from topes.models import Servicio

pytestmark = pytest.mark.django_db


def test_limits_details_show_the_service_name():
    Servicio.objects.update_or_create(codigo="pagos-terceros", defaults={
        "nombre": "Pagos - A Terceros", "grupo": Servicio.Grupo.MONETARIOS, "tipo": Servicio.Tipo.MONETARIO})
    cache.clear()
    partes = partes_detalles({"antes": {"015829393/pagos-terceros/diario": "0.00"},
                              "despues": {"015829393/pagos-terceros/diario": "20000000.00"}})
    assert partes == ["Pagos - A Terceros · 015829393 · Diario: $0,00 → $20.000.000,00"]
    anidado = partes_detalles({"antes": {"pagos-terceros": {"diario": "1.00"}},
                               "despues": {"pagos-terceros": {"diario": "2.00"}}})
    assert anidado == ["Pagos - A Terceros · Diario: $1,00 → $2,00"]


def test_an_unknown_code_is_shown_as_stored():
    cache.clear()
    assert partes_detalles({"x/otro-servicio/diario": "1.00"}) == ["otro-servicio · x · Diario: $1,00"]


def test_service_name_in_the_readers_language():
    from django.utils import translation

    Servicio.objects.update_or_create(codigo="pagos-terceros", defaults={
        "nombre": "Pagos - A Terceros", "grupo": Servicio.Grupo.MONETARIOS, "tipo": Servicio.Tipo.MONETARIO})
    cache.clear()
    with translation.override("en"):
        partes = partes_detalles({"015829393/pagos-terceros/diario": "1.00"})
    assert "Pagos - A Terceros" not in partes[0] and "015829393" in partes[0]


def test_a_released_reservation_reads_in_english():
    from django.utils import translation

    with translation.override("en"):
        partes = partes_detalles({"antes": {"fecha": "2026-11-30"}, "despues": {"fecha": None}})
    assert partes == ["Date: 2026/11/30 → —"]
