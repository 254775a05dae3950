"""Reads of the inbox, always for one user (and their company)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from bandeja.models import Mensaje, MensajeLeido, Notificacion


def mensajes_de(usuario) -> QuerySet[Mensaje]:
    """Messages in force now for the user's company (or for all), newest first, with `leido`."""
    return (
        Mensaje.objects.vigentes_para(usuario.empresa_id, timezone.now())
        .annotate(leido=Exists(MensajeLeido.objects.filter(mensaje=OuterRef("pk"), usuario_id=usuario.pk)))
        .order_by("-vigente_desde", "-id")
    )


def contar_mensajes_sin_leer(usuario) -> int:
    return mensajes_de(usuario).filter(leido=False).count()


def notificaciones_de(usuario) -> QuerySet[Notificacion]:
    return Notificacion.objects.filter(usuario_id=usuario.pk).order_by("-creada", "-id")


def contar_notificaciones_sin_leer(usuario) -> int:
    return Notificacion.objects.filter(usuario_id=usuario.pk, leida__isnull=True).count()
