"""Tenancy of payment files: another company's file (or row, or result) is a 404, the same
answer as one that does not exist. Within the company, the captor sees their files; an
approver (Supervisor/Ambos with the approval option) also sees those debiting a product
assigned to them (what they may approve)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from admin_usuarios.models import ProductoAsignado, Usuario
from archivos.models import Archivo
from transacciones import reglas


def archivos_de(user: Usuario) -> QuerySet[Archivo]:
    if not getattr(user, "empresa_id", None):
        raise Http404
    qs = Archivo.objects.filter(empresa_id=user.empresa_id)
    if reglas.puede_aprobar(user):
        asignado = ProductoAsignado.objects.filter(usuario=user, producto_id=OuterRef("origen_id"))
        return qs.filter(Q(captor=user) | Q(Exists(asignado)))
    return qs.filter(captor=user)


def get_archivo_for(user: Usuario, pk: int) -> Archivo:
    return get_object_or_404(archivos_de(user).select_related("origen", "operacion", "captor"), pk=pk)


def get_archivo_de_operacion(user: Usuario, operacion_id: int) -> Archivo:
    # Through the operation's own key: an id beyond bigint is then "no such row", as for a pk,
    # where the foreign key column's lookup sent it to the database and failed.
    return get_object_or_404(archivos_de(user), operacion__pk=operacion_id)
