"""Demo limits for `cargar_demo`: bank caps and company amounts for Comercializadora Andina,
and limits for mguerrero on CAHOAndres and CAHOFelipe. Idempotent; writes through the actions."""

from __future__ import annotations

from decimal import Decimal

from admin_usuarios.models import Empresa, Producto, ProductoAsignado, Usuario
from topes.actions import do_guardar_montos_empresa, do_guardar_tope_banco, do_guardar_topes_usuario
from topes.models import Servicio
from topes.rules import Montos

M = Decimal(1_000_000)
CAPS = {
    "pagos-terceros": Montos(50 * M, 200 * M, 2000 * M),
    "pagos-impuestos": Montos(100 * M, 300 * M, 3000 * M),
    "transferencias": Montos(50 * M, 200 * M, 2000 * M),
    "pagos-nomina": Montos(500 * M, 1000 * M, 5000 * M),
    "pagos-proveedores": Montos(300 * M, 800 * M, 4000 * M),
}
EMPRESA = {
    "pagos-terceros": Montos(20 * M, 100 * M, 1000 * M),
    "pagos-impuestos": Montos(50 * M, 150 * M, 1500 * M),
    "transferencias": Montos(20 * M, 80 * M, 800 * M),
    "pagos-nomina": Montos(300 * M, 600 * M, 3000 * M),
    "pagos-proveedores": Montos(100 * M, 400 * M, 2000 * M),
}
USUARIO = {
    "pagos-terceros": Montos(5 * M, 20 * M, 200 * M),
    "pagos-impuestos": Montos(10 * M, 30 * M, 300 * M),
    "transferencias": Montos(Decimal(1_500_000), 5 * M, 50 * M),
}


def cargar_demo_topes(empresa: Empresa, usuario: Usuario, *, administrador: Usuario, funcionario: Usuario) -> None:
    servicios = {s.codigo: s for s in Servicio.objects.all()}
    for codigo, montos in CAPS.items():
        do_guardar_tope_banco(empresa, servicios[codigo], montos, ajustar=True, actor=funcionario)
    do_guardar_montos_empresa(
        empresa, {servicios[c].pk: m for c, m in EMPRESA.items()}, ajustar=True, actor=administrador
    )
    valores = {}
    for nombre in ("CAHOAndres", "CAHOFelipe"):
        producto = Producto.objects.get(empresa=empresa, nombre=nombre)
        asignacion, _ = ProductoAsignado.objects.get_or_create(usuario=usuario, producto=producto)
        for codigo, montos in USUARIO.items():
            valores[(asignacion.pk, servicios[codigo].pk)] = montos
    do_guardar_topes_usuario(usuario, valores, actor=administrador)
