"""One row of a payment file against the rules of transacciones.validacion.

A row with several problems reports the first one (in column order), as the
person reads it left to right.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.utils.translation import override

from archivos import motivos
from archivos.models import Archivo, Fila
from transacciones import validacion as v


def _texto(valor: object, largo: int) -> str:
    if valor is None:
        return ""
    if isinstance(valor, float) and valor.is_integer():
        valor = int(valor)
    return str(valor).strip()[:largo]


def fila(archivo: Archivo, numero: int, celdas: list) -> Fila:
    tipo_id, num_id, nombre, banco, tipo_cuenta, cuenta, valor, referencia = celdas
    f = Fila(archivo_id=archivo.pk, numero=numero, tipo_identificacion=_texto(tipo_id, 10),
             numero_identificacion=_texto(num_id, 30), nombre=_texto(nombre, 100), banco=_texto(banco, 40),
             tipo_cuenta=_texto(tipo_cuenta, 20), numero_cuenta=_texto(cuenta, 30), valor_texto=_texto(valor, 30),
             referencia=_texto(referencia, 40), estado=Fila.Estado.ERRONEA)
    campo = ""
    try:
        campo = "tipo_identificacion"
        f.tipo_identificacion = v.tipo_identificacion(tipo_id)
        campo = "numero_identificacion"
        f.numero_identificacion = v.numero_identificacion(_texto(num_id, 30), f.tipo_identificacion)
        campo = "nombre"
        f.nombre = v.requerido(nombre)[:100]
        campo = "banco"
        f.banco = v.banco(banco)
        campo = "tipo_cuenta"
        f.tipo_cuenta = v.tipo_cuenta(tipo_cuenta)
        campo = "numero_cuenta"
        f.numero_cuenta = v.numero_cuenta(_texto(cuenta, 30), f.banco, f.tipo_cuenta)
        campo = "valor"
        f.valor = v.monto(valor)
        if len(str(referencia or "").strip()) > 40:
            campo = "referencia"
            raise v.Invalido("", motivos.REFERENCIA_LARGA)
    except v.Invalido as exc:
        if exc.codigo:
            motivo(f, exc.codigo, {"campo": campo, **exc.datos})
        else:  # a rule without a code: its text as it was raised
            f.motivo = f"{motivos.CAMPOS[campo]}: {exc.mensaje}"[:200]
        f.valor = None
        return f
    f.estado = Fila.Estado.VALIDA
    f.clave = hashlib.sha1(  # noqa: S324 - a fingerprint for equality, not security
        "|".join((f.tipo_identificacion, f.numero_identificacion, f.banco, f.numero_cuenta, str(f.valor),
                  f.referencia.upper())).encode()).hexdigest()
    return f


def motivo(f: Fila, codigo: str, datos: dict | None = None) -> None:
    """Set the row's reason: its code and data (rendered in the reader's language), and the
    Spanish text (the portal's language) whoever's language is active."""
    f.motivo_codigo, f.motivo_datos = codigo, datos or {}
    with override(settings.LANGUAGE_CODE):
        f.motivo = motivos.texto(codigo, f.motivo_datos)[:200]
