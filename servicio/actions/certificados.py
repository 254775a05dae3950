"""Certificados y Referencias: a bank certificate of one product, audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpRequest
from django.utils import timezone

from admin_usuarios.models import Producto, Usuario
from auditoria.actions import registrar
from cuentas.access import cuenta_de
from servicio.eventos import Eventos


@dataclass(frozen=True)
class Certificado:
    producto: Producto
    saldo: Decimal | None
    emitido: dt.datetime
    solicitante: Usuario

    @property
    def empresa(self):
        return self.producto.empresa


def do_emitir_certificado(producto: Producto, *, incluir_saldo: bool, actor: Usuario,
                          request: HttpRequest | None = None) -> Certificado:
    """The certificate's data, and the audit row that says who asked for it (it states the company
    holds the product: a document a third party will trust)."""
    saldo = cuenta_de(producto).saldo if incluir_saldo else None
    registrar(Eventos.CERTIFICADO_EMITIDO, actor=actor, empresa=producto.empresa,
              objetivo_descripcion=f"{producto.get_tipo_display()} {producto.numero}",
              detalles={"producto": producto.numero, "tipo": producto.tipo, "incluir_saldo": incluir_saldo},
              request=request)
    return Certificado(producto=producto, saldo=saldo, emitido=timezone.localtime(), solicitante=actor)
