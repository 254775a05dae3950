"""comun.excel.texto_seguro: the one rule for text in the portal's spreadsheets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_lazy

from comun.excel import texto_seguro


def test_control_characters_go_and_formulas_stay_text():
    assert texto_seguro("Pago\x0b\x1f recibido\x00") == "Pago recibido"
    assert texto_seguro("\x0b=1+1") == "'=1+1"  # removed first, then seen as a formula
    assert texto_seguro("línea\tuno\nlínea dos\r") == "línea\tuno\nlínea dos\r"  # tab, LF, CR are fine inside
    for peligroso in ("=1", "+57", "-2", "@A1", "\tx", "\rx"):
        assert texto_seguro(peligroso) == "'" + peligroso


def test_other_values_pass_unchanged_and_lazy_text_is_text():
    for valor in (None, 7, Decimal("-1.50"), dt.date(2026, 12, 1), ""):
        assert texto_seguro(valor) == valor
    assert texto_seguro(gettext_lazy("Usuario")) == "Usuario"
