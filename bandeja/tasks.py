"""Celery tasks of the inbox: safe to run twice."""

from celery import shared_task

from bandeja.avisos import purgar


@shared_task(name="bandeja.purgar_notificaciones")
def purgar_notificaciones() -> int:
    """Beat task: notifications are kept 180 days (and login IPs 90)."""
    notificaciones, _ips = purgar()
    return notificaciones
