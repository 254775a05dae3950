"""Tenancy of the inbox: a message of another company, or another user's notification, is a 404."""

from __future__ import annotations

from django.http import Http404

from bandeja.models import Mensaje, Notificacion
from bandeja.selectors import mensajes_de, notificaciones_de


def get_mensaje_for(usuario, pk: int | None) -> Mensaje:
    """A message in force for the user's company (or for all); anything else → 404."""
    mensaje = mensajes_de(usuario).filter(pk=pk).first() if pk is not None else None
    if mensaje is None:
        raise Http404
    return mensaje


def get_notificacion_for(usuario, pk: int | None) -> Notificacion:
    notificacion = notificaciones_de(usuario).filter(pk=pk).first() if pk is not None else None
    if notificacion is None:
        raise Http404
    return notificacion
