"""Tenancy for tokens: another company's token is a 404, like one that does not exist."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from admin_usuarios.models import Usuario
from tokens.models import TokenVirtual


def get_token_for(actor: Usuario, pk: int) -> TokenVirtual:
    """A token in use of the actor's company (Disponible serials are not addressable)."""
    if not actor.empresa_id:
        raise Http404
    return get_object_or_404(
        TokenVirtual.objects.en_uso().select_related("usuario", "empresa"),
        empresa_id=actor.empresa_id, pk=pk,
    )


def token_propio(usuario: Usuario) -> TokenVirtual | None:
    """The logged-in user's own token in use, for the enrolment page."""
    return (
        TokenVirtual.objects.en_uso().select_related("empresa")
        .filter(usuario=usuario)
        .first()
    )
