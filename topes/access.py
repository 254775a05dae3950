"""Tenancy helpers of the limits screens.

Users come through `admin_usuarios.access.get_usuario_for` (company-scoped,
404 otherwise). The service catalogue is the bank's and shared by every
company, so only inactive or unknown services are a 404.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from topes.models import Servicio


def get_servicio_for(actor, pk: int) -> Servicio:
    if not getattr(actor, "empresa_id", None):
        from django.http import Http404

        raise Http404
    return get_object_or_404(Servicio, activo=True, pk=pk)
