"""Tenancy of operations and beneficiaries, and the gates of the Transacciones screens.

Another company's operation or beneficiary is a 404, the same answer as one that
does not exist. Within the company, a secondary user sees the operations they
captured and those whose origin product is assigned to them (what they could
approve); the administrator sees every operation of the company.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from admin_usuarios.models import Producto, ProductoAsignado, Usuario
from transacciones.models import Beneficiario, Operacion


def gate(permitido: Callable[[Usuario], bool]) -> Callable:
    """Anonymous → login; a user the profile-type rule refuses (the administrator on a capture
    screen, a Supervisor on a capture, an Operador on an approval) → 403. The profile option
    itself is checked first by comun.acceso.opcion_requerida, the one option gate."""

    def decorador(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not permitido(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorador


def _empresa(user: Usuario) -> int:
    if not getattr(user, "empresa_id", None):
        raise Http404
    return user.empresa_id


def operaciones_de(user: Usuario) -> QuerySet[Operacion]:
    qs = Operacion.objects.filter(empresa_id=_empresa(user))
    if user.es_administrador:
        return qs
    asignado = ProductoAsignado.objects.filter(usuario=user, producto_id=OuterRef("origen_id"))
    return qs.filter(Q(captor=user) | Q(Exists(asignado)))


def get_operacion_for(user: Usuario, pk: int) -> Operacion:
    return get_object_or_404(
        operaciones_de(user).select_related("origen", "destino", "beneficiario", "captor", "servicio"), pk=pk)


def get_operaciones_for(user: Usuario, pks: list[int]) -> list[Operacion]:
    """Several operations at once (bulk approval): any id the user may not see is a 404 for all."""
    ops = list(operaciones_de(user).filter(pk__in=set(pks)).order_by("pk"))
    if len(ops) != len(set(pks)):
        raise Http404
    return ops


def beneficiarios_de(user: Usuario) -> QuerySet[Beneficiario]:
    return Beneficiario.objects.filter(empresa_id=_empresa(user))


def get_beneficiario_for(user: Usuario, pk: int) -> Beneficiario:
    return get_object_or_404(beneficiarios_de(user).select_related("inscrito_por", "activado_por"), pk=pk)


def productos_origen(user: Usuario) -> QuerySet[Producto]:
    """The products a captor may debit: assigned to them and enabled by the bank."""
    return (Producto.objects.filter(empresa_id=_empresa(user), habilitado=True, asignaciones__usuario=user)
            .order_by("tipo", "nombre", "numero"))


def productos_empresa(user: Usuario) -> QuerySet[Producto]:
    """Destinations of an internal transfer: any enabled product of the company."""
    return Producto.objects.filter(empresa_id=_empresa(user), habilitado=True).order_by("tipo", "nombre", "numero")
