"""Demo ledger for `cargar_demo` (`make run`): every demo product gets an account
with an opening balance and about 200 movements over the last 90 days, and
mguerrero's profile allows the three Consultas options.

Idempotent: a product whose account already has movements is skipped (and the
transfer ids are fixed), so the second `make run` posts nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from admin_usuarios.actions.perfiles import do_modificar_perfil
from admin_usuarios.models import Producto, Usuario
from cuentas import ledger
from cuentas.access import CONSULTA_MOVIMIENTOS, CONSULTA_SALDOS, EXTRACTOS
from cuentas.errores import FondosInsuficientes

MOVIMIENTOS = 200
DIAS = 90
CUPO_TARJETA = Decimal(50_000_000)
CONCEPTOS = [  # (description, reference prefix, bank-side account, is it a debit to the product)
    ("Pago a proveedor", "PROV", "banco:compensacion:bancolombia", True),
    ("Transferencia a Davivienda", "TRF", "banco:compensacion:davivienda", True),
    ("Pago de nómina", "NOM", "banco:nomina", True),
    ("Pago impuestos DIAN", "DIAN", "banco:impuestos", True),
    ("Recaudo de cliente", "FAC", "banco:compensacion:bogota", False),
    ("Consignación en efectivo", "CONS", "banco:caja", False),
    ("Transferencia recibida Banco Popular", "REC", "banco:compensacion:popular", False),
]


def _opciones_de_mguerrero() -> None:
    usuario = Usuario.objects.select_related("perfil", "empresa").filter(username="mguerrero").first()
    if usuario is None or usuario.perfil is None:
        return
    perfil = usuario.perfil
    faltan = [o for o in (CONSULTA_SALDOS, CONSULTA_MOVIMIENTOS, EXTRACTOS) if o not in perfil.opciones]
    if not faltan:
        return
    administrador = Usuario.objects.filter(empresa=usuario.empresa, es_administrador=True).first()
    do_modificar_perfil(perfil, nombre=perfil.nombre, tipo=perfil.tipo, opciones=[*perfil.opciones, *faltan],
                        aprobaciones=perfil.aprobaciones, actor=administrador)


def _plan(productos: list[Producto], ahora: dt.datetime) -> list[tuple]:
    """Every product's movements, in one timeline: the bank-side accounts are shared,
    and dates never go back within an account."""
    plan = []
    inicio = ahora - dt.timedelta(days=DIAS)
    for producto in productos:
        azar = random.Random(f"occired-demo-{producto.numero}")
        tarjeta = producto.tipo == Producto.Tipo.TARJETA_CREDITO
        if not tarjeta:
            plan.append((inicio, producto, "saldo-inicial", None, Decimal(azar.randint(80, 400)) * 1_000_000))
        for i in range(MOVIMIENTOS - (0 if tarjeta else 1)):
            cuando = inicio + dt.timedelta(seconds=azar.randint(3600, DIAS * 86400 - 3600))
            concepto = azar.choice(CONCEPTOS)
            # Debits are smaller than credits on average, so balances stay healthy over 90 days
            # (a card's purchases and payments balance out, around its cupo).
            tope = 3_000_000 if concepto[3] else (4_000_000 if tarjeta else 6_000_000)
            monto = Decimal(azar.randint(50_000, tope)) + Decimal(azar.randint(0, 99)) / 100
            plan.append((cuando, producto, f"{i:03d}", concepto, monto))
    plan.sort(key=lambda p: (p[0], p[1].pk, p[2]))
    return plan


def cargar() -> None:
    _opciones_de_mguerrero()
    productos = [p for p in Producto.objects.filter(empresa__usuarios__username__in=["adelgado", "admvalle"])
                 .distinct().order_by("pk")
                 if ledger.cuenta_de_producto(p, cupo=CUPO_TARJETA).movimientos == 0]
    if not productos:
        return
    apertura = ledger.cuenta_banco("banco:apertura")
    banco = {clave: ledger.cuenta_banco(clave) for _d, _r, clave, _e in CONCEPTOS}
    cuentas = {p.pk: ledger.cuenta_de_producto(p) for p in productos}
    ahora = timezone.now()
    with transaction.atomic():
        for cuando, producto, sufijo, concepto, monto in _plan(productos, ahora):
            cuenta = cuentas[producto.pk]
            tid = f"demo:{producto.pk}:{sufijo}"
            if concepto is None:
                ledger.crear_transferencia(tid, debito=apertura, credito=cuenta, monto=monto, fecha=cuando,
                                           descripcion="Saldo inicial", referencia=f"APERTURA-{producto.numero}")
                continue
            descripcion, prefijo, clave, es_debito = concepto
            debito, credito = (cuenta, banco[clave]) if es_debito else (banco[clave], cuenta)
            try:
                ledger.crear_transferencia(tid, debito=debito, credito=credito, monto=monto, fecha=cuando,
                                           descripcion=descripcion, referencia=f"{prefijo}-{sufijo}{producto.pk}")
            except FondosInsuficientes:
                continue  # a demo payment the account could not afford: skipped, as the bank would
