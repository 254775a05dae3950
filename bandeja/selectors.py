"""Reads of the inbox, always for one user (and their company)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from bandeja.models import Mensaje, MensajeLeido, Notificacion


def mensajes_de(usuario) -> QuerySet[Mensaje]:
    """Messages in force now for the user's company (or for all), newest first, with `leido`."""
    return (
        Mensaje.objects.vigentes_para(usuario.empresa_id, timezone.now())
        .annotate(leido=Exists(MensajeLeido.objects.filter(mensaje=OuterRef("pk"), usuario_id=usuario.pk)))
        .order_by("-vigente_desde", "-id")
    )


def notificaciones_de(usuario) -> QuerySet[Notificacion]:
    return Notificacion.objects.filter(usuario_id=usuario.pk).order_by("-creada", "-id")


def contar_notificaciones_sin_leer(usuario) -> int:
    return Notificacion.objects.filter(usuario_id=usuario.pk, leida__isnull=True).count()


def _cuenta(qs: QuerySet) -> Coalesce:
    """COUNT(*) of `qs` as a scalar subquery (0 when it has no row)."""
    return Coalesce(Subquery(qs.order_by().annotate(uno=Value(1)).values("uno").annotate(n=Count("*")).values("n")),
                    0, output_field=IntegerField())


def contar_sin_leer(usuario, *, mensajes: bool = True) -> tuple[int, int]:
    """(unread messages, unread notifications) of the home counters, in one query."""
    notificaciones = Notificacion.objects.filter(usuario_id=usuario.pk, leida__isnull=True)
    sin_leer = mensajes_de(usuario).filter(leido=False) if mensajes else Mensaje.objects.none()
    if not mensajes:
        return 0, notificaciones.count()
    fila = get_user_model()._default_manager.filter(pk=usuario.pk).values_list(
        _cuenta(sin_leer), _cuenta(notificaciones)).first()
    return fila if fila is not None else (0, 0)
