"""Bank staff's writes to the ledger (/banco/): atomic, audited, idempotent.

The money moves through `cuentas.ledger` only; these functions add who did it
(the audit row, in the same transaction) and the transfer id that makes a
repeated submission the same deposit.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from admin_usuarios.models import Producto, Usuario
from auditoria.actions import registrar
from comun.dinero import formato_cop
from cuentas import ledger
from cuentas.errores import ExisteConOtrosDatos
from cuentas.eventos import Eventos
from cuentas.models import Transferencia


class Codigos:
    """Transfer codes (TigerBeetle's `code`: why the money moved)."""

    SALDO_INICIAL = 1
    CONSIGNACION = 2


def _detalles(producto: Producto, t: Transferencia, **extra) -> dict:
    return {"producto": f"{producto.get_tipo_display()} {producto.nombre} - {producto.numero}",
            "transferencia": t.pk, "monto": str(t.monto), **extra}


@transaction.atomic
def do_cargar_saldo_inicial(producto: Producto, monto: Decimal, *, cupo: Decimal | None = None, actor: Usuario,
                            request: HttpRequest | None = None) -> ledger.Resultado | None:
    """Open the product's account (with its cupo, for a card) and load its opening balance.

    At most once per product: the transfer id is the product's, so a second
    submission returns the first load instead of adding to it. A zero amount
    only opens the account (or changes the card's cupo).
    """
    cuenta = ledger.cuenta_de_producto(producto, cupo=cupo)
    if not monto:
        if cupo is not None:
            registrar(Eventos.SALDO_INICIAL, actor=actor, empresa=producto.empresa,
                      objetivo_descripcion=str(producto), detalles={"cupo": str(cupo)}, request=request)
        return None
    try:
        resultado = ledger.crear_transferencia(
            f"saldo-inicial:{producto.pk}", debito=ledger.cuenta_banco("banco:apertura"), credito=cuenta,
            monto=monto, codigo=Codigos.SALDO_INICIAL, descripcion="Saldo inicial",
            referencia=f"APERTURA-{producto.numero}"[:40],
        )
    except ExisteConOtrosDatos as exc:
        previo = Transferencia.objects.get(pk=f"saldo-inicial:{producto.pk}")
        raise ExisteConOtrosDatos(
            _("El producto ya tiene saldo inicial (%(m)s); para sumarle dinero registre una consignación.")
            % {"m": formato_cop(previo.monto)}, campo="monto") from exc
    if resultado.nueva:
        registrar(Eventos.SALDO_INICIAL, actor=actor, empresa=producto.empresa, objetivo_descripcion=str(producto),
                  detalles=_detalles(producto, resultado.transferencia,
                                     **({"cupo": str(cupo)} if cupo is not None else {})),
                  request=request)
    return resultado


@transaction.atomic
def do_consignar(producto: Producto, monto: Decimal, *, id_operacion: str, referencia: str = "",
                 descripcion: str = "Consignación", actor: Usuario,
                 request: HttpRequest | None = None) -> ledger.Resultado:
    """A deposit to a company product. `id_operacion` is made when the form is
    rendered: submitting the same form twice is one deposit (and one audit row)."""
    cuenta = ledger.cuenta_de_producto(producto)
    resultado = ledger.crear_transferencia(
        f"consignacion:{id_operacion}", debito=ledger.cuenta_banco("banco:caja"), credito=cuenta, monto=monto,
        codigo=Codigos.CONSIGNACION, descripcion=descripcion, referencia=referencia,
    )
    if resultado.nueva:
        registrar(Eventos.CONSIGNACION, actor=actor, empresa=producto.empresa, objetivo_descripcion=str(producto),
                  detalles=_detalles(producto, resultado.transferencia, referencia=referencia), request=request)
    return resultado
