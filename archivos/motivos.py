"""The reason of a bad or failed row of a payment file: stored as a code plus its data
(`Fila.motivo_codigo`, `Fila.motivo_datos`) and rendered in the reader's language when a
screen, the error file (CSV) or the result file (Excel) shows it.

The catalogue is lazy Spanish source strings with %(name)s placeholders, the same pattern
as bandeja.catalogo: the rules' messages come from transacciones.validacion.MENSAJES (the
ones Inscripción de Cuentas shows next to its fields), the file's own ones are here. A
reason that names a field ("Banco: Banco desconocido: X.") stores the field's code in
`datos["campo"]`, so the field's name is translated too.

Rows stored before the codes existed have only the Spanish text (`Fila.motivo`): it is
read back into a code and data against the Spanish catalogue (`de_texto`); a text that
matches none is shown through gettext.
"""

from __future__ import annotations

import re
from functools import cache

from django.utils.functional import Promise
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from transacciones import validacion

# The columns of the template a reason may name (the labels of Fila's fields).
CAMPOS: dict[str, Promise] = {
    "tipo_identificacion": _("Tipo Identificación"),
    "numero_identificacion": _("Número Identificación"),
    "nombre": _("Nombre"),
    "banco": _("Banco"),
    "tipo_cuenta": _("Tipo de Cuenta"),
    "numero_cuenta": _("Número de Cuenta"),
    "valor": _("Valor"),
    "referencia": _("Referencia"),
}

DUPLICADA = "fila_duplicada"
REFERENCIA_LARGA = "referencia_larga"
CUENTA_CERRADA = "cuenta_cerrada"
FONDOS_INSUFICIENTES = "fondos_insuficientes"

MOTIVOS: dict[str, Promise] = {
    **validacion.MENSAJES,
    REFERENCIA_LARGA: _("La referencia tiene hasta 40 caracteres."),
    DUPLICADA: _("Fila duplicada: misma identificación, cuenta, valor y referencia que una fila anterior."),
    CUENTA_CERRADA: _("Cuenta cerrada en la compensación del banco destino."),
    FONDOS_INSUFICIENTES: _("Fondos insuficientes en el producto origen."),
}


@cache
def _patrones() -> tuple[list[tuple[str, re.Pattern]], dict[str, str]]:
    """The Spanish catalogue as patterns (a placeholder matches any text) and the fields by label."""
    with override("es"):
        patrones = [(codigo, re.compile(re.sub(r"%\\\(([a-z_]+)\\\)s", r"(?P<\1>.+)", re.escape(str(p))) + "$"))
                    for codigo, p in MOTIVOS.items()]
        campos = {str(etiqueta): codigo for codigo, etiqueta in CAMPOS.items()}
    return patrones, campos


def de_texto(legado: str) -> tuple[str, dict] | None:
    """A reason stored only as Spanish text ("Banco: Banco desconocido: X.") as its code and data."""
    patrones, campos = _patrones()
    datos: dict = {}
    etiqueta, separador, resto = legado.partition(": ")
    if separador and etiqueta in campos:
        datos["campo"], legado = campos[etiqueta], resto
    for codigo, patron in patrones:
        if m := patron.match(legado):
            return codigo, {**datos, **m.groupdict()}
    return None


def texto(codigo: str, datos: dict | None = None, legado: str = "") -> str:
    """The reason in the active language; read from `legado` (the stored Spanish text) when
    the code is empty or unknown."""
    plantilla = MOTIVOS.get(codigo)
    if plantilla is None:
        leido = de_texto(legado) if legado else None
        if leido is None:
            return gettext(legado) if legado else ""
        codigo, datos = leido
        plantilla = MOTIVOS[codigo]
    datos = dict(datos or {})
    campo = CAMPOS.get(datos.pop("campo", ""))
    try:
        mensaje = str(plantilla) % datos if datos else str(plantilla)
    except (KeyError, TypeError, ValueError):
        return gettext(legado) if legado else str(plantilla)
    return f"{campo}: {mensaje}" if campo is not None else mensaje
