"""Generar Contraseña through the outbox: secret nowhere, one-time, 48 h, idempotent, broker outage.

The Redis tests use the real broker (REDIS_URL) and a real Celery worker thread.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time

import pytest
from django.core import mail
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from admin_usuarios.models import Usuario
from auditoria.models import Evento
from comun.correo import enviar
from comun.models import CorreoSaliente
from comun.tasks import enviar_correo, reintentar_correos
from tests.factories import codigo_fresco, crear_secundario, login_portal

pytestmark = pytest.mark.django_db(transaction=True)
BROKER_CERRADO = "redis://127.0.0.1:6390/0"


def _clave_del_correo(mensaje) -> str:
    return mensaje.body.split("Contraseña temporal: ")[1].split()[0]


def _generar(client: Client, admin, usuario):
    return client.post(reverse("admin_usuarios:generar_contrasena", args=[usuario.pk]),
                       {"codigo_token": codigo_fresco(admin.device)}, follow=True)


@pytest.fixture
def nuevo(empresa):
    """A user just created by Crear Nuevo: Pendiente, no usable password; activated for login tests."""
    return crear_secundario(empresa, username="Felipe20", estado=Usuario.Estado.PENDIENTE, imagen_seguridad="",
                            clave="Inicial2024")


def _activar(usuario) -> None:
    # Activation is another screen (Activación/Inactivación); here straight on the model.
    Usuario.objects.filter(pk=usuario.pk).update(estado=Usuario.Estado.ACTIVO)


def _rechazado(r, causa: str) -> None:
    """A refused login: the generic error, no session, and the cause in the audit trail.

    A 200 alone proves nothing: a form error or any other page would give one too.
    """
    from portal.views import error_generico

    assert r.status_code == 200 and error_generico() in r.content.decode()
    assert "_auth_user_id" not in r.wsgi_request.session
    ultimo = Evento.objects.filter(accion="INGRESO_FALLIDO").order_by("-id").first()
    assert ultimo is not None and ultimo.detalles["causa"] == causa


def _texto_de_fila(correo: CorreoSaliente) -> str:
    return json.dumps(model_to_dict(CorreoSaliente.objects.get(pk=correo.pk)), default=str)


def test_password_never_in_response_log_outbox_or_audit(client, admin, nuevo, caplog):
    caplog.set_level(logging.DEBUG)
    login_portal(client, admin)
    r = _generar(client, admin, nuevo)
    assert "Se generó la contraseña" in r.content.decode()
    assert len(mail.outbox) == 1
    clave = _clave_del_correo(mail.outbox[0])
    correo = CorreoSaliente.objects.get(usuario=nuevo)
    assert correo.estado == CorreoSaliente.Estado.ENVIADO
    assert clave not in r.content.decode()
    assert clave not in caplog.text
    assert clave not in _texto_de_fila(correo)
    assert all(clave not in json.dumps(e.detalles) for e in Evento.objects.all())
    for url in (reverse("admin_usuarios:contrasena", args=[nuevo.pk]),
                reverse("admin_usuarios:principal", args=[nuevo.pk])):
        assert clave not in client.get(url).content.decode()
    nuevo.refresh_from_db()
    assert nuevo.check_password(clave) and clave not in nuevo.password and nuevo.password.startswith("md5$")


def test_old_password_stops_working_at_once(client, admin, nuevo):
    _activar(nuevo)
    login_portal(client, admin)
    _generar(client, admin, nuevo)
    _rechazado(login_portal(Client(), nuevo, clave="Inicial2024"), "clave_invalida")


def test_generated_password_is_one_time_and_forces_a_change(client, admin, nuevo):
    login_portal(client, admin)
    _generar(client, admin, nuevo)
    _activar(nuevo)
    clave = _clave_del_correo(mail.outbox[0])
    usuario = Client()
    assert login_portal(usuario, nuevo, clave=clave).url == "/inicio/"
    assert usuario.get("/inicio/").url == "/mi-cuenta/clave/"
    # The same password a second time is refused.
    _rechazado(login_portal(Client(), nuevo, clave=clave), "clave_temporal_vencida")


def test_generated_password_expires_after_48_hours(client, admin, nuevo):
    login_portal(client, admin)
    _generar(client, admin, nuevo)
    _activar(nuevo)
    nuevo.refresh_from_db()
    vence = nuevo.clave_temporal_expira - timezone.now()
    assert dt.timedelta(hours=47, minutes=59) < vence <= dt.timedelta(hours=48)
    Usuario.objects.filter(pk=nuevo.pk).update(clave_temporal_expira=timezone.now() - dt.timedelta(seconds=1))
    _rechazado(login_portal(Client(), nuevo, clave=_clave_del_correo(mail.outbox[0])), "clave_temporal_vencida")


def test_task_running_twice_sends_once(client, admin, nuevo):
    login_portal(client, admin)
    _generar(client, admin, nuevo)
    correo = CorreoSaliente.objects.get(usuario=nuevo)
    nuevo.refresh_from_db()
    hash_enviado = nuevo.password
    assert enviar_correo.apply(args=[correo.pk]).get() is False
    assert enviar(correo.pk) is False and reintentar_correos() == 0
    assert len(mail.outbox) == 1
    nuevo.refresh_from_db()
    assert nuevo.password == hash_enviado  # the emailed password still works


# --- Real Redis broker -------------------------------------------------------------------



def _mensajes_en_cola(url: str) -> list[bytes]:
    import redis

    return redis.Redis.from_url(url).lrange("celery", 0, -1)


def _esperar(condicion, segundos: float = 15) -> bool:
    limite = time.monotonic() + segundos
    while time.monotonic() < limite:
        if condicion():
            return True
        time.sleep(0.1)
    return condicion()


def test_task_argument_is_only_the_outbox_id(client, admin, nuevo, celery_real, requiere_redis, caplog):
    caplog.set_level(logging.DEBUG)
    login_portal(client, admin)
    r = _generar(client, admin, nuevo)
    correo = CorreoSaliente.objects.get(usuario=nuevo)
    mensajes = _mensajes_en_cola(requiere_redis)
    assert len(mensajes) == 1 and not mail.outbox  # queued, not sent yet
    cuerpo = json.loads(mensajes[0])
    assert cuerpo["headers"]["task"] == "comun.enviar_correo"
    assert cuerpo["headers"]["argsrepr"] == f"[{correo.pk}]"
    # The worker makes the password at send time.
    assert enviar(correo.pk) is True
    clave = _clave_del_correo(mail.outbox[0])
    assert clave.encode() not in mensajes[0] and clave not in caplog.text and clave not in r.content.decode()
    assert clave not in _texto_de_fila(correo)


def test_broker_down_then_up_email_goes_out_once(client, admin, nuevo, celery_real, requiere_redis, caplog):
    from celery.contrib.testing.worker import start_worker

    from occired.celery import app

    login_portal(client, admin)
    celery_real(BROKER_CERRADO)
    r = _generar(client, admin, nuevo)
    # The administrator's action succeeded; the email waits in the outbox.
    assert r.status_code == 200 and "Se generó la contraseña" in r.content.decode()
    nuevo.refresh_from_db()
    assert nuevo.clave_generada is not None and nuevo.debe_cambiar_clave
    correo = CorreoSaliente.objects.get(usuario=nuevo)
    assert correo.estado == CorreoSaliente.Estado.PENDIENTE and not mail.outbox
    assert "queda pendiente" in caplog.text

    celery_real(requiere_redis)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        reintentar_correos.delay()  # what beat does every minute
        assert _esperar(lambda: len(mail.outbox) == 1)
        enviar_correo.delay(correo.pk)  # a duplicate delivery of the task changes nothing
        reintentar_correos.delay()
        assert _esperar(lambda: not _mensajes_en_cola(requiere_redis))
        time.sleep(0.5)
    assert len(mail.outbox) == 1
    correo.refresh_from_db()
    assert correo.estado == CorreoSaliente.Estado.ENVIADO and correo.intentos == 1
    _activar(nuevo)
    assert login_portal(Client(), nuevo, clave=_clave_del_correo(mail.outbox[0])).url == "/inicio/"
