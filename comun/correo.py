"""Transactional outbox for email (SPEC "Everywhere").

`encolar_correo` writes an outbox row inside the caller's transaction and, once
that transaction commits, asks Celery to send it. If the broker is down the
action still succeeds: the row stays PENDIENTE and the beat task
`reintentar_correos` picks it up later. `enviar` is idempotent: it locks the
row and does nothing if it was already sent.

Templates: templates/emails/<plantilla>_subject.txt, _body.txt, _body.html.
A template whose mail must carry something made at send time (a generated
password) registers a preparer with `@preparador("plantilla")`: it runs inside
the sending transaction and returns extra context that is never stored.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from comun.models import CorreoSaliente

log = logging.getLogger(__name__)

MAX_INTENTOS = 8
_PREPARADORES: dict[str, Callable[[CorreoSaliente], dict[str, Any]]] = {}


def preparador(plantilla: str) -> Callable:
    def registrar(fn: Callable[[CorreoSaliente], dict[str, Any]]) -> Callable:
        _PREPARADORES[plantilla] = fn
        return fn

    return registrar


def encolar_correo(plantilla: str, *, para: str, usuario=None, contexto: dict[str, Any] | None = None,
                   idioma: str | None = None) -> CorreoSaliente:
    correo = CorreoSaliente.objects.create(
        plantilla=plantilla,
        usuario=usuario,
        para=para,
        idioma=idioma or translation.get_language() or settings.LANGUAGE_CODE,
        contexto=contexto or {},
        proximo_intento=timezone.now(),
    )
    transaction.on_commit(lambda: despachar(correo.pk))
    return correo


def encolar_correos(correos: list[dict[str, Any]]) -> list[CorreoSaliente]:
    """Several `encolar_correo` (each a dict of its keyword arguments + `plantilla`) in one insert:
    a bulk action's emails. Each row is handed to Celery on commit, as one by one."""
    if not correos:
        return []
    ahora = timezone.now()
    filas = CorreoSaliente.objects.bulk_create([CorreoSaliente(
        plantilla=c["plantilla"], usuario=c.get("usuario"), para=c["para"],
        idioma=c.get("idioma") or translation.get_language() or settings.LANGUAGE_CODE,
        contexto=c.get("contexto") or {}, proximo_intento=ahora) for c in correos])
    for fila in filas:
        transaction.on_commit(lambda pk=fila.pk: despachar(pk))
    return filas


def despachar(correo_id: int) -> None:
    """Hand the row to Celery; a broker outage only delays it (the beat task retries)."""
    try:
        enviar_correo.apply_async(args=[correo_id], retry=False)
    except Exception as exc:  # the broker is down: the row stays PENDIENTE
        log.warning("correo %s queda pendiente: broker no disponible (%s)", correo_id, type(exc).__name__)


def _backoff(intentos: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(60 * 2 ** max(intentos - 1, 0), 6 * 3600))


def enviar(correo_id: int) -> bool:
    """Send one outbox row once. Returns True when this call sent it."""
    with transaction.atomic():
        correo = (
            CorreoSaliente.objects.select_for_update(skip_locked=True)
            .filter(pk=correo_id, estado__in=[CorreoSaliente.Estado.PENDIENTE, CorreoSaliente.Estado.FALLIDO])
            .first()
        )
        if correo is None:
            return False  # already sent, or being sent by another worker right now
        correo.intentos += 1
        try:
            extra = _PREPARADORES[correo.plantilla](correo) if correo.plantilla in _PREPARADORES else {}
            _enviar_mensaje(correo, {**correo.contexto, **extra})
        except Exception as exc:
            transaction.set_rollback(True)
            _registrar_fallo(correo.pk, correo.intentos, exc)
            return False
        correo.estado = CorreoSaliente.Estado.ENVIADO
        correo.enviado = timezone.now()
        correo.ultimo_error = ""
        correo.save(update_fields=["estado", "enviado", "intentos", "ultimo_error"])
        return True


def _registrar_fallo(correo_id: int, intentos: int, exc: Exception) -> None:
    # Outside the rolled-back transaction: the failure itself must be kept.
    log.warning("correo %s no se pudo enviar (%s)", correo_id, type(exc).__name__)
    CorreoSaliente.objects.filter(pk=correo_id).update(
        estado=CorreoSaliente.Estado.FALLIDO,
        intentos=intentos,
        proximo_intento=timezone.now() + _backoff(intentos),
        ultimo_error=f"{type(exc).__name__}"[:300],
    )


def _enviar_mensaje(correo: CorreoSaliente, contexto: dict[str, Any]) -> None:
    with translation.override(correo.idioma):
        base = f"emails/{correo.plantilla}"
        asunto = " ".join(render_to_string(f"{base}_subject.txt", contexto).split())
        texto = render_to_string(f"{base}_body.txt", contexto)
        html = render_to_string(f"{base}_body.html", contexto)
    mensaje = EmailMultiAlternatives(asunto, texto, settings.DEFAULT_FROM_EMAIL, [correo.para])
    mensaje.attach_alternative(html, "text/html")
    mensaje.send()


def pendientes_para_reintentar(limite: int = 100) -> list[int]:
    ahora = timezone.now()
    return list(
        CorreoSaliente.objects.filter(
            estado__in=[CorreoSaliente.Estado.PENDIENTE, CorreoSaliente.Estado.FALLIDO],
            intentos__lt=MAX_INTENTOS,
            proximo_intento__lte=ahora,
        )
        .order_by("proximo_intento")
        .values_list("pk", flat=True)[:limite]
    )


# The outbox's Celery tasks live with it (comun/tasks.py re-exports them for Celery's
# autodiscovery), so that queueing a row needs no import back from the tasks module.
@shared_task(name="comun.enviar_correo", acks_late=True)
def enviar_correo(correo_id: int) -> bool:
    return enviar(correo_id)


@shared_task(name="comun.reintentar_correos")
def reintentar_correos() -> int:
    """Beat task: send what is still pending (broker was down) or failed, with backoff."""
    enviados = 0
    for correo_id in pendientes_para_reintentar():
        enviados += bool(enviar(correo_id))
    return enviados
