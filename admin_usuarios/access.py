"""Tenancy: every object an administrator touches comes through one of these helpers.

Each filters by the actor's company and raises Http404 otherwise, so another
company's object is indistinguishable from one that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from admin_usuarios.models import Perfil, Producto, ReglaIP, Usuario


def administrador_requerido(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous → login; a company user who is not its administrator → 403."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if not (user.empresa_id and user.es_administrador):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def usuarios_de(actor: Usuario):
    """The company's secondary users (the administrators themselves are not managed here)."""
    if not actor.empresa_id:
        raise Http404
    return Usuario.objects.filter(empresa_id=actor.empresa_id, es_administrador=False, is_staff=False)


def get_usuario_for(actor: Usuario, pk: int) -> Usuario:
    return get_object_or_404(usuarios_de(actor).select_related("empresa", "perfil"), pk=pk)


def get_perfil_for(actor: Usuario, pk: int) -> Perfil:
    return get_object_or_404(Perfil, empresa_id=actor.empresa_id, pk=pk)


def get_producto_for(actor: Usuario, pk: int) -> Producto:
    return get_object_or_404(Producto, empresa_id=actor.empresa_id, pk=pk)


def get_regla_ip_for(actor: Usuario, pk: int) -> ReglaIP:
    return get_object_or_404(ReglaIP, empresa_id=actor.empresa_id, pk=pk)
