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
