"""Tenancy of Servicio al Cliente: the products a user may ask a certificate or checkbooks for,
and the checkbook requests they may see. Anything else is a 404."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from admin_usuarios.models import Producto, ProductoAsignado, Usuario
from cuentas.access import productos_de
from servicio.models import SolicitudChequera

CERTIFICADOS = "certificados"
SOLICITUD_CHEQUERA = "solicitud_chequera"


def productos_certificables(user: Usuario) -> QuerySet[Producto]:
    """Certificados y Referencias: the products the user may consult (the administrator: all)."""
    return productos_de(user)


def get_producto_certificable_for(user: Usuario, pk: int) -> Producto:
    return get_object_or_404(productos_certificables(user), pk=pk)


def cuentas_corrientes(user: Usuario) -> QuerySet[Producto]:
    """Solicitud de Chequera: the enabled current accounts assigned to the user."""
    if not getattr(user, "empresa_id", None):
        raise Http404
    return (Producto.objects.filter(empresa_id=user.empresa_id, habilitado=True, tipo=Producto.Tipo.CUENTA_CORRIENTE,
                                    asignaciones__usuario=user)
            .order_by("nombre", "numero"))


def get_cuenta_corriente_for(user: Usuario, pk: int) -> Producto:
    return get_object_or_404(cuentas_corrientes(user), pk=pk)


def solicitudes_de(user: Usuario) -> QuerySet[SolicitudChequera]:
    """The company's requests for accounts assigned to the user (theirs and their colleagues')."""
    if not getattr(user, "empresa_id", None):
        raise Http404
    asignado = ProductoAsignado.objects.filter(usuario=user, producto_id=OuterRef("producto_id"))
    return (SolicitudChequera.objects.filter(empresa_id=user.empresa_id).filter(Exists(asignado))
            .select_related("producto", "solicitante"))


def get_solicitud_for(user: Usuario, pk: int) -> SolicitudChequera:
    return get_object_or_404(solicitudes_de(user), pk=pk)
