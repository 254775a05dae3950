"""Text for the cells of every spreadsheet the portal writes: one rule, here.

Two things a typed or uploaded value must not do to a workbook:
- carry a control character that XML 1.0 cannot hold (a vertical tab pasted from a word
  processor, an escape code in a CSV): openpyxl refuses it and the download would fail
  with a server error; it is removed;
- start like a formula (=, +, -, @, tab, carriage return): a spreadsheet would run it
  (OWASP "CSV injection"); it is kept as text with a leading apostrophe.
Numbers, dates and empty cells pass unchanged.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

PELIGROSOS = ("=", "+", "-", "@", "\t", "\r")


def texto_seguro(valor: Any) -> Any:
    """`valor` as a spreadsheet cell may hold it (see the module); non-text values unchanged."""
    if isinstance(valor, Promise):
        valor = str(valor)
    if not isinstance(valor, str):
        return valor
    valor = ILLEGAL_CHARACTERS_RE.sub("", valor)
    return "'" + valor if valor.startswith(PELIGROSOS) else valor
