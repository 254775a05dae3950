"""Tenancy of the Consultas screens: which products a user may see, and the names
of their profile options (the gate itself is comun.acceso.opcion_requerida).

A secondary user sees only the products assigned to them; the administrator
every product of the company. Anything else — another company's product, an
unassigned one, one the bank disabled — is a 404, the same answer as a product
that does not exist.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from admin_usuarios.models import Producto, Usuario
from cuentas.models import Cuenta

CONSULTA_SALDOS = "consulta_saldos"
CONSULTA_MOVIMIENTOS = "consulta_movimientos"
EXTRACTOS = "extractos"


def productos_de(user: Usuario) -> QuerySet[Producto]:
    """The products `user` may consult, with their ledger account (one query)."""
    if not getattr(user, "empresa_id", None):
        raise Http404
    qs = Producto.objects.filter(empresa_id=user.empresa_id, habilitado=True)
    if not user.es_administrador:
        qs = qs.filter(asignaciones__usuario=user)
    return qs.select_related("cuenta").order_by("tipo", "nombre", "numero")


def cuenta_de(producto: Producto) -> Cuenta:
    """The product's account, or an empty unsaved one if nothing was ever posted to it."""
    try:
        cuenta = producto.cuenta
    except ObjectDoesNotExist:
        cuenta = Cuenta(tipo=Cuenta.Tipo.PRODUCTO, producto=producto, nombre=str(producto),
                        debitos_no_exceden_creditos=True)
    cuenta.producto = producto
    return cuenta


def get_producto_for(user: Usuario, pk: int) -> Producto:
    return get_object_or_404(productos_de(user), pk=pk)


def cuenta_entre(productos: list[Producto], pk: int) -> Cuenta:
    """The account of product `pk` among `productos` (a list from productos_de,
    already loaded for the form: no second query), else 404."""
    for p in productos:
        if p.pk == pk:
            return cuenta_de(p)
    raise Http404


def get_cuenta_for(user: Usuario, pk: int) -> Cuenta:
    """The account of product `pk` if `user` may see it, else 404."""
    return cuenta_de(get_producto_for(user, pk))
