"""Tenancy: every object an administrator touches comes through one of these helpers.

Each filters by the actor's company and raises Http404 otherwise, so another
company's object is indistinguishable from one that does not exist.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from admin_usuarios.models import Perfil, Usuario


def usuarios_de(actor: Usuario):
    """The company's secondary users (the administrators themselves are not managed here)."""
    if not actor.empresa_id:
        raise Http404
    return Usuario.objects.filter(empresa_id=actor.empresa_id, es_administrador=False, is_staff=False)


def get_usuario_for(actor: Usuario, pk: int) -> Usuario:
    return get_object_or_404(usuarios_de(actor).select_related("empresa", "perfil"), pk=pk)


def get_perfil_for(actor: Usuario, pk: int) -> Perfil:
    return get_object_or_404(Perfil, empresa_id=actor.empresa_id, pk=pk)

