"""Tenancy of seguridad's objects: another company's IP rule is indistinguishable from none."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from admin_usuarios.models import ReglaIP, Usuario


def get_regla_ip_for(actor: Usuario, pk: int) -> ReglaIP:
    return get_object_or_404(ReglaIP, empresa_id=actor.empresa_id, pk=pk)
