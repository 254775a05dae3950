"""Celery tasks: take ids, call services, safe to run twice."""

from celery import shared_task

from portal import correo


@shared_task(name="portal.enviar_correo", acks_late=True)
def enviar_correo(correo_id: int) -> bool:
    return correo.enviar(correo_id)


@shared_task(name="portal.reintentar_correos")
def reintentar_correos() -> int:
    """Beat task: send what is still pending (broker was down) or failed, with backoff."""
    enviados = 0
    for correo_id in correo.pendientes_para_reintentar():
        enviados += bool(correo.enviar(correo_id))
    return enviados


@shared_task(name="portal.limpiar_sesiones")
def limpiar_sesiones() -> None:
    """Beat task: drop expired sessions (step-1 sessions of abandoned logins included)."""
    from django.core.management import call_command

    call_command("clearsessions")
