"""Text for the cells of every spreadsheet the portal writes: one rule, here.

Two things a typed or uploaded value must not do to a workbook:
- carry a control character that XML 1.0 cannot hold (a vertical tab pasted from a word
  processor, an escape code in a CSV): openpyxl refuses it and the download would fail
  with a server error; it is removed;
- start like a formula (=, +, -, @, tab, carriage return): a spreadsheet would run it
  (OWASP "CSV injection"); it is kept as text with a leading apostrophe.
Numbers, dates and empty cells pass unchanged. The same rule serves the CSV files the
portal writes (the errors file of Pagos por Archivo), and `texto_leido` undoes the
apostrophe when such a file comes back, so a corrected errors file reads as it was sent.
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


def texto_leido(valor: Any) -> Any:
    """A cell of an uploaded file as the person meant it: the apostrophe `texto_seguro` put
    before a formula-like start (our own errors or result file, uploaded again) is removed."""
    if isinstance(valor, str) and valor.startswith("'") and valor[1:].startswith(PELIGROSOS):
        return valor[1:]
    return valor
