"""The rules of a beneficiary's data, worded once: Inscripción de Cuentas and every row of a
payment file (archivos) call these same functions.

Each function takes the raw text and returns the clean value, or raises
`Invalido(mensaje, codigo, datos)`. `mensaje` is the text in the active language (what
Inscripción de Cuentas shows next to the field); `codigo` + `datos` name the message in
MENSAJES, so a payment file stores them and renders each row's reason in the reader's
language (archivos.motivos).

Amounts (`monto`): positive, at most 2 decimals. Both the Colombian way, "1.500.000,50"
(dots group thousands, the comma is the decimal mark), and the plain way, "1500000.50",
are accepted. A dot followed by groups of exactly three digits and no comma ("1.500")
groups thousands (1500), as a Colombian reads it; otherwise a single dot is the decimal
mark. "$" and spaces are ignored.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from stdnum.co import nit as stdnum_nit

from comun.entradas import solo_digitos
from transacciones.models import BANCOS_BENEFICIARIO, Beneficiario

MAX_MONTO = Decimal("9999999999999999.99")
# Digits an account number has, per bank (the length the bank issues).
LONGITUD_CUENTA: dict[str, tuple[int, int]] = {
    "occidente": (9, 9), "bogota": (9, 10), "popular": (9, 12), "avvillas": (9, 10),
    "bancolombia": (11, 11), "davivienda": (10, 12), "bbva": (9, 12),
}
TIPOS_IDENTIFICACION = ("CC", "CE", "NIT", "PA", "TI")


# The rules' messages: lazy Spanish source strings with %(name)s placeholders, by code.
MENSAJES: dict[str, Promise] = {
    "vacio": _("Campo vacío."),
    "banco_desconocido": _("Banco desconocido: %(b)s."),
    "tipo_cuenta_desconocido": _("Tipo de cuenta desconocido: use Ahorros o Corriente."),
    "cuenta_invalida": _("Número de cuenta inválido: en %(b)s tiene %(n)s dígitos."),
    "tipo_identificacion_desconocido": _("Tipo de identificación desconocido: use CC, CE, NIT, PA o TI."),
    "nit_invalido": _("NIT inválido: revise el dígito de verificación (ej. 900123456-8)."),
    "cedula_invalida": _("Número de identificación inválido: la cédula tiene de 3 a 10 dígitos."),
    "cedula_extranjeria_invalida": _(
        "Número de identificación inválido: la cédula de extranjería tiene de 3 a 12 dígitos."),
    "pasaporte_invalido": _("Número de identificación inválido: el pasaporte tiene de 5 a 15 letras o dígitos."),
    "valor_invalido": _("Valor inválido."),
    "valor_decimales": _("Valor inválido: tiene más de 2 decimales."),
    "valor_formato": _("Valor inválido: use 1.500.000,50 o 1500000.50."),
    "valor_no_positivo": _("El valor debe ser mayor que cero."),
    "valor_grande": _("Valor inválido: demasiado grande."),
}


def mensaje(codigo: str, datos: dict | None = None) -> str:
    """The message of `codigo` in the active language, filled with `datos`."""
    texto = str(MENSAJES[codigo])
    return texto % datos if datos else texto


class Invalido(ValueError):
    def __init__(self, mensaje: str, codigo: str = "", datos: dict | None = None) -> None:
        super().__init__(mensaje)
        self.mensaje = mensaje
        self.codigo = codigo
        self.datos = datos or {}


def _invalido(codigo: str, **datos: str) -> Invalido:
    return Invalido(mensaje(codigo, datos), codigo, datos)


def normalizar(texto: object) -> str:
    """Lowercase, without accents, spaces or punctuation: how headers and bank names compare."""
    t = unicodedata.normalize("NFKD", str(texto or "")).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]", "", t)


_BANCOS = {normalizar(codigo): codigo for codigo, _n in BANCOS_BENEFICIARIO} | {
    normalizar(nombre): codigo for codigo, nombre in BANCOS_BENEFICIARIO} | {
    normalizar(nombre.removeprefix("Banco de ").removeprefix("Banco ")): codigo for codigo, nombre in BANCOS_BENEFICIARIO}
_TIPOS_CUENTA = {"caho": "CAHO", "ahorros": "CAHO", "cuentaahorros": "CAHO", "cuentadeahorros": "CAHO",
                 "ccte": "CCTE", "corriente": "CCTE", "cuentacorriente": "CCTE"}


def requerido(valor: object) -> str:
    texto = "" if valor is None else str(valor).strip()
    if not texto:
        raise _invalido("vacio")
    return texto


def banco(valor: object) -> str:
    """The bank's code (BANCOS_BENEFICIARIO), from its code or its name."""
    codigo = _BANCOS.get(normalizar(requerido(valor)))
    if codigo is None:
        raise _invalido("banco_desconocido", b=str(valor).strip()[:40])
    return codigo


def tipo_cuenta(valor: object) -> str:
    codigo = _TIPOS_CUENTA.get(normalizar(requerido(valor)))
    if codigo is None:
        raise _invalido("tipo_cuenta_desconocido")
    return codigo


def numero_cuenta(valor: object, banco_codigo: str, tipo: str = "") -> str:
    """Only digits, as many as the bank issues (LONGITUD_CUENTA)."""
    texto = _texto_de_numero(requerido(valor))
    minimo, maximo = LONGITUD_CUENTA.get(banco_codigo, (6, 20))
    if not solo_digitos(texto) or not minimo <= len(texto) <= maximo:
        nombre = dict(BANCOS_BENEFICIARIO).get(banco_codigo, banco_codigo)
        largo = str(minimo) if minimo == maximo else f"{minimo}-{maximo}"
        raise _invalido("cuenta_invalida", b=nombre, n=largo)
    return texto


def tipo_identificacion(valor: object) -> str:
    texto = requerido(valor).upper().replace(".", "")
    if texto not in TIPOS_IDENTIFICACION:
        raise _invalido("tipo_identificacion_desconocido")
    return texto


def numero_identificacion(valor: object, tipo: str) -> str:
    """CC and TI: 3 to 10 digits; CE: 3 to 12 digits; PA: 5 to 15 letters or digits;
    NIT: its check digit (python-stdnum), kept as 900123456-8."""
    texto = _texto_de_numero(requerido(valor)).upper()
    if tipo == "NIT":
        if not stdnum_nit.is_valid(texto):
            raise _invalido("nit_invalido")
        return stdnum_nit.format(texto).replace(".", "")
    limpio = texto.replace(".", "").replace(" ", "")
    if tipo in ("CC", "TI") and not (solo_digitos(limpio) and 3 <= len(limpio) <= 10):
        raise _invalido("cedula_invalida")
    if tipo == "CE" and not (solo_digitos(limpio) and 3 <= len(limpio) <= 12):
        raise _invalido("cedula_extranjeria_invalida")
    if tipo == "PA" and not (limpio.isalnum() and limpio.isascii() and 5 <= len(limpio) <= 15):
        raise _invalido("pasaporte_invalido")
    return limpio


_COLOMBIANO = re.compile(r"^\d{1,3}(\.\d{3})*(,\d{1,2})?$|^\d+(,\d{1,2})?$")
_MILES = re.compile(r"^\d{1,3}(\.\d{3})+$")
_PLANO = re.compile(r"^\d+(\.\d{1,2})?$")


def monto(valor: object) -> Decimal:
    """A positive amount with at most 2 decimals (see the module's docstring for the formats)."""
    if isinstance(valor, (int, float, Decimal)) and not isinstance(valor, bool):
        try:
            numero = Decimal(str(valor))
        except InvalidOperation:
            raise _invalido("valor_invalido") from None
        if numero != numero.quantize(Decimal("0.01")):
            raise _invalido("valor_decimales")
    else:
        texto = requerido(valor).replace("$", "").replace(" ", "")
        if "," in texto or _MILES.match(texto):
            if not _COLOMBIANO.match(texto):
                raise _invalido("valor_formato")
            texto = texto.replace(".", "").replace(",", ".")
        elif not _PLANO.match(texto):
            raise _invalido("valor_formato")
        numero = Decimal(texto)
    if numero <= 0:
        raise _invalido("valor_no_positivo")
    if numero > MAX_MONTO:
        raise _invalido("valor_grande")
    return numero.quantize(Decimal("0.01"))


def _texto_de_numero(texto: str) -> str:
    # Excel hands numbers that look like integers as 12345678901.0.
    return texto[:-2] if texto.endswith(".0") and solo_digitos(texto[:-2]) else texto


def cuenta_beneficiario(*, banco_codigo: str, tipo: str, numero: str) -> str:
    """Inscripción de Cuentas: the account type must be known and the number as the bank issues it."""
    if tipo not in Beneficiario.TipoCuenta.values:
        raise _invalido("tipo_cuenta_desconocido")
    return numero_cuenta(numero, banco_codigo, tipo)
