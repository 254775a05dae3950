"""Demo data of the inbox: two bank messages, a few notifications, one user's alert choice.

Idempotent (`make run` loads it every time). The users and companies come from
the caller (demo/), since this app imports none of the apps above it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from bandeja import catalogo
from bandeja.models import Mensaje, Notificacion, PreferenciaAlertas

TODAS = ("Nuevo horario de Banca Empresarial",
         "Desde el 1 de diciembre la línea de servicio al cliente Banca Empresarial atiende de lunes a "
         "sábado de 6:00 a 22:00.\n\nRecuerde: el banco nunca le pedirá su clave ni el código de su token "
         "por correo ni por teléfono.")
EMPRESA = ("Actualice los datos de su empresa",
           "Estimado cliente: para seguir operando sin interrupciones, actualice antes del 31 de diciembre el "
           "certificado de existencia y representación legal de la empresa con su gerente de cuenta.")


def _mensaje(titulo: str, cuerpo: str, *, empresa, funcionario, dias: int) -> None:
    if not Mensaje.objects.filter(titulo=titulo).exists():
        Mensaje.objects.create(titulo=titulo, cuerpo=cuerpo, empresa=empresa, creado_por=funcionario,
                               vigente_desde=timezone.now() - dt.timedelta(days=dias),
                               vigente_hasta=timezone.now() + dt.timedelta(days=90))


def _notificacion(usuario, evento: str, datos: dict, *, horas: int, enlace: str = "", leida: bool = False) -> None:
    if Notificacion.objects.filter(usuario_id=usuario.pk, evento=evento).exists():
        return
    n = Notificacion.objects.create(usuario_id=usuario.pk, evento=evento, enlace=enlace,
                                    datos={"usuario": usuario.username, **datos})
    cuando = timezone.now() - dt.timedelta(hours=horas)
    Notificacion.objects.filter(pk=n.pk).update(creada=cuando, leida=cuando if leida else None)


def cargar(*, empresa, funcionario, operador, supervisor) -> None:
    """`empresa` Comercializadora Andina; `operador` oprojas, `supervisor` suplopez."""
    _mensaje(*TODAS, empresa=None, funcionario=funcionario, dias=2)
    _mensaje(*EMPRESA, empresa=empresa, funcionario=funcionario, dias=1)
    # The operations of the transacciones demo notified their users already (the real actions);
    # these add the security side, one read and one unread.
    _notificacion(operador, catalogo.CLAVE_CAMBIADA, {"ip": "200.14.232.152", "cuando": timezone.now().isoformat()},
                  horas=72, leida=True)
    _notificacion(supervisor, catalogo.INGRESO_NUEVA_IP,
                  {"ip": "181.49.10.27", "cuando": timezone.now().isoformat()}, horas=20)
    PreferenciaAlertas.objects.update_or_create(
        usuario_id=supervisor.pk,
        defaults={"grupos": ["por_aprobar", "finalizadas"], "monto_minimo": Decimal(1_000_000), "idioma": "es"})
