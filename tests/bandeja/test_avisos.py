"""The one entry point: notification always, email only as the user's alerts say; security
notices always emailed; the user's language; the 180-day purge; the new-IP login notice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from admin_usuarios.models import Usuario
from bandeja import catalogo
from bandeja.actions import do_inscribir_alertas
from bandeja.avisos import aviso_de_seguridad, notificar, purgar, registrar_ingreso
from bandeja.models import IpConocida, Notificacion, PreferenciaAlertas
from comun.errores import AccionRechazada
from comun.models import CorreoSaliente

DATOS_OP = {"numero": 17, "tipo": "Transferencias - Internas", "monto": "$2.000.000,00", "origen": "CAHO",
            "destino": "CCTE", "estado": "Ejecutada", "motivo": "", "fecha": "2026/11/30"}


def _correos(usuario, plantilla=None) -> int:
    qs = CorreoSaliente.objects.filter(para=usuario.email)
    return (qs.filter(plantilla=plantilla) if plantilla else qs).count()


@pytest.mark.django_db
def test_alerts_off_means_no_email_even_if_chosen(lector):
    do_inscribir_alertas(lector, ["finalizadas"], Decimal(0))
    Usuario.objects.filter(pk=lector.pk).update(permitir_alertas=False)
    lector.refresh_from_db()
    notificar(lector, catalogo.EJECUTADA, datos=DATOS_OP, monto=Decimal(5))
    assert Notificacion.objects.filter(usuario=lector, evento=catalogo.EJECUTADA).count() == 1
    assert _correos(lector) == 0


@pytest.mark.django_db
def test_alerts_on_and_chosen_queue_one_email(lector):
    do_inscribir_alertas(lector, ["finalizadas"], Decimal(0))
    notificar(lector, catalogo.EJECUTADA, datos=DATOS_OP, monto=Decimal(5))
    assert _correos(lector, "operacion_finalizada") == 1


@pytest.mark.django_db
def test_a_group_not_chosen_is_not_emailed(lector):
    do_inscribir_alertas(lector, ["por_aprobar"], Decimal(0))
    notificar(lector, catalogo.EJECUTADA, datos=DATOS_OP, monto=Decimal(5))
    notificar(lector, catalogo.DESBLOQUEO)
    assert _correos(lector) == 0
    assert Notificacion.objects.filter(usuario=lector).count() == 2  # still notified on screen


@pytest.mark.django_db
def test_amount_threshold_for_executed_and_rejected(lector):
    do_inscribir_alertas(lector, ["finalizadas"], Decimal(1_000_000))
    notificar(lector, catalogo.EJECUTADA, datos=DATOS_OP, monto=Decimal(999_999))
    assert _correos(lector) == 0
    notificar(lector, catalogo.RECHAZADA, datos=DATOS_OP, monto=Decimal(1_000_000))
    assert _correos(lector) == 1


@pytest.mark.django_db
def test_without_a_saved_choice_every_group_is_emailed(lector):
    assert not PreferenciaAlertas.objects.filter(usuario_id=lector.pk).exists()
    notificar(lector, catalogo.DESBLOQUEO)
    assert _correos(lector, "alerta") == 1


@pytest.mark.django_db
def test_choice_refused_while_the_administrator_has_alerts_off(colega):
    with pytest.raises(AccionRechazada):
        do_inscribir_alertas(colega, ["finalizadas"], Decimal(0))
    assert not PreferenciaAlertas.objects.filter(usuario_id=colega.pk).exists()


@pytest.mark.django_db
def test_security_notices_cannot_be_turned_off(colega, django_capture_on_commit_callbacks):
    assert not colega.permitir_alertas
    PreferenciaAlertas.objects.create(usuario_id=colega.pk, grupos=[], monto_minimo=Decimal(10**9))
    with django_capture_on_commit_callbacks(execute=True):
        aviso_de_seguridad(colega, catalogo.CLAVE_CAMBIADA, ip="203.0.113.9")
    assert _correos(colega, "aviso_seguridad") == 1
    assert Notificacion.objects.filter(usuario=colega, evento=catalogo.CLAVE_CAMBIADA).count() == 1
    cuerpo = mail.outbox[-1].body
    assert "203.0.113.9" in cuerpo and "Si no fue usted" in cuerpo
    assert timezone.localtime().strftime("%Y/%m/%d") in cuerpo


@pytest.mark.django_db
def test_notificar_of_a_security_event_also_emails(colega):
    notificar(colega, catalogo.BLOQUEO)
    assert _correos(colega, "aviso_seguridad") == 1


@pytest.mark.django_db
def test_emails_go_in_the_users_language(lector, django_capture_on_commit_callbacks):
    PreferenciaAlertas.objects.create(usuario_id=lector.pk, grupos=["finalizadas"], idioma="en")
    with django_capture_on_commit_callbacks(execute=True):
        notificar(lector, catalogo.EJECUTADA, datos=DATOS_OP, monto=Decimal(5))
        aviso_de_seguridad(lector, catalogo.IMAGEN_CAMBIADA, ip="198.51.100.4")
    asuntos = [m.subject for m in mail.outbox]
    cuerpos = "\n".join(m.body for m in mail.outbox)
    assert any("Security notice" in a for a in asuntos), asuntos
    assert "Transfers - Internal" in cuerpos, cuerpos
    assert "If it was not you" in cuerpos
    assert "Si no fue usted" not in cuerpos


@pytest.mark.django_db
def test_the_notification_text_follows_the_readers_language(lector):
    from django.utils import translation

    n = notificar(lector, catalogo.EJECUTADA, datos=DATOS_OP)
    with translation.override("es"):
        assert "fue ejecutada" in catalogo.texto(n.evento, n.datos)
    with translation.override("en"):
        texto = catalogo.texto(n.evento, n.datos)
        assert "was executed" in texto and "Internal" in texto


@pytest.mark.django_db
def test_purge_keeps_180_days(lector):
    vieja = notificar(lector, catalogo.DESBLOQUEO)
    reciente = notificar(lector, catalogo.DESBLOQUEO)
    Notificacion.objects.filter(pk=vieja.pk).update(creada=timezone.now() - dt.timedelta(days=181))
    Notificacion.objects.filter(pk=reciente.pk).update(creada=timezone.now() - dt.timedelta(days=179))
    from bandeja.tasks import purgar_notificaciones

    assert purgar_notificaciones() == 1
    assert list(Notificacion.objects.values_list("pk", flat=True)) == [reciente.pk]
    assert purgar() == (0, 0)


@pytest.mark.django_db
def test_beat_schedule_runs_the_purge(settings):
    assert any(t["task"] == "bandeja.purgar_notificaciones" for t in settings.CELERY_BEAT_SCHEDULE.values())


@pytest.mark.django_db
def test_login_from_a_new_ip_is_a_security_notice(lector):
    assert registrar_ingreso(lector, ip="10.0.0.1", idioma="es", primer_ingreso=True) is None  # first login
    assert registrar_ingreso(lector, ip="10.0.0.1", idioma="es") is None  # known
    aviso = registrar_ingreso(lector, ip="10.0.0.2", idioma="es")
    assert aviso is not None and aviso.evento == catalogo.INGRESO_NUEVA_IP and aviso.datos["ip"] == "10.0.0.2"
    assert _correos(lector, "aviso_seguridad") == 1
    # Seen more than 90 days ago: new again.
    IpConocida.objects.filter(usuario_id=lector.pk, ip="10.0.0.1").update(
        visto=timezone.now() - dt.timedelta(days=91))
    assert registrar_ingreso(lector, ip="10.0.0.1", idioma="es") is not None


@pytest.mark.django_db
def test_login_remembers_the_language_for_emails(lector):
    registrar_ingreso(lector, ip="10.0.0.1", idioma="en", primer_ingreso=True)
    assert PreferenciaAlertas.objects.get(usuario_id=lector.pk).idioma == "en"


@pytest.mark.django_db
def test_several_users_at_once_each_by_their_own_choice(lector, colega, empresa, django_assert_num_queries):
    from bandeja.avisos import notificar_a
    from tests.factories import crear_usuario

    otro = crear_usuario(empresa, "otro", permitir_alertas=True)
    do_inscribir_alertas(lector, ["finalizadas"], Decimal(0))  # not por_aprobar
    # One insert of notifications, one read of preferences, one outbox row (otro: defaults).
    with django_assert_num_queries(3):
        notificar_a([lector, colega, otro], catalogo.POR_APROBAR, datos={"numero": 5}, monto=Decimal(9))
    assert Notificacion.objects.filter(evento=catalogo.POR_APROBAR).count() == 3
    assert [c.para for c in CorreoSaliente.objects.all()] == [otro.email]
