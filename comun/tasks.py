"""Celery tasks of the toolbox: take ids, call services, safe to run twice."""

from celery import shared_task

from comun.correo import enviar_correo, reintentar_correos

__all__ = ["enviar_correo", "limpiar_sesiones", "reintentar_correos"]


@shared_task(name="comun.limpiar_sesiones")
def limpiar_sesiones() -> None:
    """Beat task: drop expired sessions (step-1 sessions of abandoned logins included)."""
    from django.core.management import call_command

    call_command("clearsessions")
