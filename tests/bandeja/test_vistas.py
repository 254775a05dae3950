"""Mensajes, Notificaciones and Inscripción de Alertas: counters, read marks, tenancy, CSRF, flat queries."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from admin_usuarios.models import Usuario
from auditoria.models import Evento
from bandeja import catalogo
from bandeja.avisos import notificar
from bandeja.models import Mensaje, MensajeLeido, Notificacion, PreferenciaAlertas
from tests.factories import crear_usuario, login_portal

pytestmark = pytest.mark.django_db

MENSAJES = "/servicio/mensajes/"
NOTIFICACIONES = "/servicio/notificaciones/"
ALERTAS = "/servicio/alertas/"


def _mensaje(titulo="Aviso", *, empresa=None, desde=-1, hasta=30) -> Mensaje:
    ahora = timezone.now()
    return Mensaje.objects.create(titulo=titulo, cuerpo=f"Cuerpo de {titulo}", empresa=empresa,
                                  vigente_desde=ahora + dt.timedelta(days=desde),
                                  vigente_hasta=ahora + dt.timedelta(days=hasta) if hasta is not None else None)


def _contadores(html: str) -> tuple[int, int]:
    m = re.search(r"Usted tiene (\d+) Mensaje\(s\)", html)
    n = re.search(r"Usted tiene (\d+) Notificación\(es\)", html)
    return int(m.group(1)), int(n.group(1))


def _cliente(usuario) -> Client:
    c = Client()
    login_portal(c, usuario)
    return c


# --- home counters -----------------------------------------------------------------------------

def test_home_counters_are_real_numbers_and_links(cliente_lector, lector, empresa):
    _mensaje("Para todas")
    _mensaje("Para Andina", empresa=empresa)
    notificar(lector, catalogo.DESBLOQUEO)
    html = cliente_lector.get("/inicio/").content.decode()
    assert _contadores(html) == (2, 1)
    assert f'href="{MENSAJES}" id="enlace-mensajes"' in html
    assert f'href="{NOTIFICACIONES}" id="enlace-notificaciones"' in html
    assert cliente_lector.get(MENSAJES).status_code == 200
    assert cliente_lector.get(NOTIFICACIONES).status_code == 200


def test_counters_drop_when_read(cliente_lector, lector):
    m = _mensaje()
    notificar(lector, catalogo.DESBLOQUEO)
    cliente_lector.get(f"{MENSAJES}{m.pk}/")
    cliente_lector.post(f"{NOTIFICACIONES}marcar-todas/")
    assert _contadores(cliente_lector.get("/inicio/").content.decode()) == (0, 0)


def test_without_the_mensajes_option_no_link_and_403(empresa):
    sin = crear_usuario(empresa, "sinopcion")
    _mensaje()
    c = _cliente(sin)
    html = c.get("/inicio/").content.decode()
    assert _contadores(html)[0] == 0 and 'id="enlace-mensajes"' not in html
    assert c.get(MENSAJES).status_code == 403
    assert c.get(NOTIFICACIONES).status_code == 200  # every user has their own notifications
    assert c.get(ALERTAS).status_code == 200


def test_the_administrator_reads_messages(cliente_admin):
    _mensaje("Para todas")
    assert "Para todas" in cliente_admin.get(MENSAJES).content.decode()


def test_home_counters_cost_two_cheap_queries(cliente_lector, lector, empresa, monkeypatch):
    monkeypatch.setattr("portal.middleware._ACTIVIDAD_GRANULARIDAD", 10**6)

    def consultas() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert cliente_lector.get("/inicio/").status_code == 200
        return len(ctx.captured_queries)

    base = consultas()
    with CaptureQueriesContext(connection) as ctx:
        cliente_lector.get("/inicio/")
    de_bandeja = [q["sql"] for q in ctx.captured_queries if "bandeja_" in q["sql"]]
    assert len(de_bandeja) == 1 and "bandeja_mensaje" in de_bandeja[0]  # both counters, one query
    for i in range(30):
        _mensaje(f"M{i}", empresa=empresa if i % 2 else None)
        notificar(lector, catalogo.DESBLOQUEO)
    assert consultas() == base


# --- Mensajes ----------------------------------------------------------------------------------

def test_messages_in_force_newest_first_and_unread_bold(cliente_lector, empresa, otra_empresa):
    _mensaje("Viejo", desde=-5)
    _mensaje("Nuevo", empresa=empresa, desde=-1)
    _mensaje("Futuro", desde=2)
    _mensaje("Vencido", desde=-10, hasta=-1)
    _mensaje("De otra", empresa=otra_empresa)
    html = cliente_lector.get(MENSAJES).content.decode()
    assert html.index("Nuevo") < html.index("Viejo")
    for ausente in ("Futuro", "Vencido", "De otra"):
        assert ausente not in html
    assert html.count("bandeja-no-leido") == 2


def test_read_is_per_user(cliente_lector, lector, colega):
    m = _mensaje("Compartido")
    r = cliente_lector.get(f"{MENSAJES}{m.pk}/")
    assert r.status_code == 200 and "Cuerpo de Compartido" in r.content.decode()
    assert MensajeLeido.objects.filter(mensaje=m, usuario=lector).count() == 1
    cliente_lector.get(f"{MENSAJES}{m.pk}/")  # twice is once
    assert MensajeLeido.objects.filter(mensaje=m).count() == 1
    otro = _cliente(colega)
    assert "bandeja-no-leido" in otro.get(MENSAJES).content.decode()
    assert _contadores(otro.get("/inicio/").content.decode())[0] == 1


def test_message_of_another_company_is_404_and_not_listed(cliente_lector, otra_empresa, empresa):
    ajeno = _mensaje("Solo Valle", empresa=otra_empresa)
    vencido = _mensaje("Vencido", empresa=empresa, desde=-10, hasta=-1)
    assert cliente_lector.get(f"{MENSAJES}{ajeno.pk}/").status_code == 404
    assert cliente_lector.get(f"{MENSAJES}{vencido.pk}/").status_code == 404
    assert cliente_lector.get(f"{MENSAJES}999999999/").status_code == 404
    assert "Solo Valle" not in cliente_lector.get(MENSAJES).content.decode()
    assert not MensajeLeido.objects.exists()


def test_message_for_a_is_not_listed_for_b(cliente_otra, empresa):
    m = _mensaje("Solo Andina", empresa=empresa)
    assert "Solo Andina" not in cliente_otra.get(MENSAJES).content.decode()
    assert cliente_otra.get(f"{MENSAJES}{m.pk}/").status_code == 404


def test_anonymous_goes_to_login(client):
    for url in (MENSAJES, NOTIFICACIONES, ALERTAS):
        r = client.get(url)
        assert r.status_code == 302 and "next=" in r["Location"]


# --- Notificaciones ----------------------------------------------------------------------------

def test_notifications_newest_first_paged_and_unread_marked(cliente_lector, lector):
    for i in range(12):
        n = notificar(lector, catalogo.EJECUTADA, datos={"numero": 100 + i, "tipo": "Transferencias - Internas",
                                                         "monto": "$1,00"})
        Notificacion.objects.filter(pk=n.pk).update(creada=timezone.now() - dt.timedelta(minutes=60 - i))
    html = cliente_lector.get(NOTIFICACIONES).content.decode()
    assert html.index("111") < html.index("110")
    assert "102" in html and "101 " not in html  # 10 on the first page
    assert html.count("bandeja-no-leido") == 10
    assert "Mostrando registros 1 al 10 de un total de 12" in html
    segunda = cliente_lector.get(NOTIFICACIONES + "?pagina=2").content.decode()
    assert "101" in segunda and "100" in segunda
    assert cliente_lector.get(NOTIFICACIONES + "?ver=25").content.decode().count("bandeja-no-leido") == 12


def test_opening_one_marks_it_read_and_follows_its_link(cliente_lector, lector):
    n = notificar(lector, catalogo.POR_APROBAR, datos={"numero": 7}, enlace="/transacciones/aprobaciones/")
    r = cliente_lector.post(f"{NOTIFICACIONES}{n.pk}/abrir/", {"ir": "1"})
    assert r.status_code == 302 and r["Location"] == "/transacciones/aprobaciones/"
    n.refresh_from_db()
    assert n.leida is not None


def test_a_foreign_link_is_never_followed(cliente_lector, lector):
    n = notificar(lector, catalogo.DESBLOQUEO, enlace="https://malo.example/")
    r = cliente_lector.post(f"{NOTIFICACIONES}{n.pk}/abrir/", {"ir": "1"})
    assert r["Location"] == NOTIFICACIONES


def test_mark_all_read(cliente_lector, lector, colega):
    for _ in range(3):
        notificar(lector, catalogo.DESBLOQUEO)
    ajena = notificar(colega, catalogo.DESBLOQUEO)
    assert cliente_lector.post(f"{NOTIFICACIONES}marcar-todas/").status_code == 302
    assert not Notificacion.objects.filter(usuario=lector, leida__isnull=True).exists()
    ajena.refresh_from_db()
    assert ajena.leida is None


def test_marking_read_needs_post_and_csrf(lector):
    n = notificar(lector, catalogo.DESBLOQUEO)
    sesion = Client()
    login_portal(sesion, lector)
    c = Client(enforce_csrf_checks=True)
    c.cookies["sessionid"] = sesion.cookies["sessionid"].value
    assert c.get(f"{NOTIFICACIONES}{n.pk}/abrir/").status_code == 405
    assert c.get(f"{NOTIFICACIONES}marcar-todas/").status_code == 405
    assert c.post(f"{NOTIFICACIONES}{n.pk}/abrir/").status_code == 403
    assert c.post(f"{NOTIFICACIONES}marcar-todas/").status_code == 403
    n.refresh_from_db()
    assert n.leida is None


def test_another_users_notification_is_404(cliente_lector, colega, admin_otra):
    for duenio in (colega, admin_otra):
        n = notificar(duenio, catalogo.DESBLOQUEO)
        assert cliente_lector.post(f"{NOTIFICACIONES}{n.pk}/abrir/").status_code == 404
        n.refresh_from_db()
        assert n.leida is None
    assert cliente_lector.post(f"{NOTIFICACIONES}99999999999/abrir/").status_code == 404


def test_another_companys_user_gets_404_for_every_id(cliente_otra, lector, empresa):
    ids_m = [_mensaje(f"A{i}", empresa=empresa).pk for i in range(2)]
    ids_n = [notificar(lector, catalogo.DESBLOQUEO).pk for _ in range(2)]
    for pk in ids_m:
        assert cliente_otra.get(f"{MENSAJES}{pk}/").status_code == 404
    for pk in ids_n:
        assert cliente_otra.post(f"{NOTIFICACIONES}{pk}/abrir/").status_code == 404
    assert "Su usuario lector" not in cliente_otra.get(NOTIFICACIONES).content.decode()


def _consultas(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_lists_query_count_flat_3_vs_30(cliente_lector, lector, empresa, monkeypatch):
    monkeypatch.setattr("portal.middleware._ACTIVIDAD_GRANULARIDAD", 10**6)
    for i in range(3):
        _mensaje(f"M{i}", empresa=empresa)
        notificar(lector, catalogo.DESBLOQUEO)
    pocos = (_consultas(cliente_lector, MENSAJES), _consultas(cliente_lector, NOTIFICACIONES + "?ver=50"))
    for i in range(27):
        _mensaje(f"N{i}")
        notificar(lector, catalogo.EJECUTADA, datos={"numero": i})
    MensajeLeido.objects.create(mensaje=Mensaje.objects.first(), usuario=lector)
    assert (_consultas(cliente_lector, MENSAJES + "?ver=50"),
            _consultas(cliente_lector, NOTIFICACIONES + "?ver=50")) == pocos


def test_bad_page_parameters_never_fail(cliente_lector, lector):
    notificar(lector, catalogo.DESBLOQUEO)
    for q in ("?pagina=abc", "?pagina=-1", "?pagina=99999999999999999999999", "?ver=7", "?ver=x"):
        assert cliente_lector.get(NOTIFICACIONES + q).status_code == 200
        assert cliente_lector.get(MENSAJES + q).status_code == 200


def test_notifications_render_in_english(cliente_lector, lector):
    notificar(lector, catalogo.EJECUTADA, datos={"numero": 9, "tipo": "Transferencias - Internas", "monto": "$5,00"})
    cliente_lector.post("/i18n/idioma/", {"language": "en", "next": "/"})
    html = cliente_lector.get(NOTIFICACIONES).content.decode()
    assert "Operation executed" in html or "was executed" in html
    assert "Transfers - Internal" in html and "Marcar" not in html


# --- Inscripción de Alertas --------------------------------------------------------------------

def test_alerts_are_saved_and_audited(cliente_lector, lector):
    r = cliente_lector.post(ALERTAS, {"grupos": ["por_aprobar", "finalizadas"], "monto_minimo": "1.500.000,50"})
    assert r.status_code == 302
    p = PreferenciaAlertas.objects.get(usuario_id=lector.pk)
    assert p.grupos == ["por_aprobar", "finalizadas"] and p.monto_minimo == Decimal("1500000.50")
    assert Evento.objects.filter(accion="ALERTAS_INSCRITAS", actor=lector).count() == 1
    html = cliente_lector.get(ALERTAS).content.decode()
    assert 'value="por_aprobar"' in html and "1.500.000,50" in html


def test_alerts_screen_lists_security_notices_as_always_sent(cliente_lector):
    html = cliente_lector.get(ALERTAS).content.decode()
    for e in catalogo.SEGURIDAD:
        assert str(e.titulo) in html
        assert f'value="{e.codigo}"' not in html
    assert 'name="grupos"' in html


def test_alerts_off_shows_it_and_saves_nothing(colega):
    c = _cliente(colega)
    html = c.get(ALERTAS).content.decode()
    assert 'id="alertas-apagadas"' in html and "disabled" in html
    c.post(ALERTAS, {"grupos": ["finalizadas"], "monto_minimo": "5"})
    assert not PreferenciaAlertas.objects.filter(usuario_id=colega.pk, monto_minimo=5).exists()


def test_bad_amount_shows_next_to_the_field(cliente_lector, lector):
    r = cliente_lector.post(ALERTAS, {"grupos": ["finalizadas"], "monto_minimo": "mucho"})
    assert r.status_code == 200 and "Escriba un monto válido" in r.content.decode()
    r = cliente_lector.post(ALERTAS, {"grupos": ["inventado"], "monto_minimo": "1"})
    assert r.status_code == 200
    assert not PreferenciaAlertas.objects.filter(usuario_id=lector.pk, monto_minimo=1).exists()


def test_staff_without_company_gets_403(staff):
    c = Client()
    c.force_login(staff)
    for url in (NOTIFICACIONES, ALERTAS, MENSAJES):
        assert c.get(url).status_code == 403


def test_switch_is_respected_end_to_end(cliente_lector, lector):
    cliente_lector.post(ALERTAS, {"grupos": ["desbloqueo"], "monto_minimo": "0"})
    Usuario.objects.filter(pk=lector.pk).update(permitir_alertas=False)
    lector.refresh_from_db()
    from comun.models import CorreoSaliente

    notificar(lector, catalogo.DESBLOQUEO)
    assert not CorreoSaliente.objects.filter(para=lector.email, plantilla="alerta").exists()
