"""The two-step login (SPEC "Login" 1–9) over the test client."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

from admin_usuarios.models import Horario, ReglaIP, Usuario
from auditoria.models import Evento
from portal import login as flujo
from portal.views import error_generico
from tests.factories import codigo_fresco, crear_usuario, login_portal, paso1

pytestmark = pytest.mark.django_db


def _causas(accion="INGRESO_FALLIDO"):
    return list(Evento.objects.filter(accion=accion).values_list("detalles__causa", flat=True))


def test_happy_path_admin_with_token(client, admin):
    r = paso1(client, "adelgado", codigo_fresco(admin.device))
    assert r.status_code == 302 and r.url == "/ingreso/clave/"
    r = client.get("/ingreso/clave/")
    assert "adelgado" in r.content.decode()
    assert "sol.svg" in r.content.decode()
    r = client.post("/ingreso/clave/", {"clave": admin.clave})
    assert r.status_code == 302 and r.url == "/inicio/"
    r = client.get("/inicio/")
    body = r.content.decode()
    assert "Bienvenido a la Banca Electrónica del Banco de Occidente" in body
    assert "Comercializadora Andina S.A.S. - 900123456-8" in body
    assert Evento.objects.filter(accion="INGRESO", actor=admin).count() == 1


def test_username_is_case_insensitive(client, secundario):
    paso1(client, "MGUERRERO")
    r = client.post("/ingreso/clave/", {"clave": secundario.clave})
    assert r.url == "/inicio/"


def test_conditions_must_be_accepted(client, secundario):
    r = paso1(client, "mguerrero", condiciones=False)
    assert r.status_code == 200
    assert "Debe aceptar las Condiciones de Seguridad" in r.content.decode()
    assert 'value="mguerrero"' in r.content.decode()  # what was typed stays


def _preparar(causa: str, empresa, admin, secundario):
    """Returns (username, token code, password) that must fail for `causa`."""
    if causa == "usuario_desconocido":
        return "noexiste99", "", "Prueba2024"
    if causa == "clave_invalida":
        return "mguerrero", "", "Otra2024xx"
    if causa == "token_invalido":
        return "adelgado", "000000" if codigo_fresco(admin.device) != "000000" else "111111", admin.clave
    if causa == "token_faltante":
        return "adelgado", "", admin.clave
    if causa in {"usuario_inactivo", "usuario_bloqueado", "usuario_pendiente"}:
        Usuario.objects.filter(pk=secundario.pk).update(estado=causa.split("_")[1].upper())
        return "mguerrero", "", secundario.clave
    if causa == "empresa_inactiva":
        type(empresa).objects.filter(pk=empresa.pk).update(estado="INACTIVA")
        return "mguerrero", "", secundario.clave
    if causa == "ip_no_permitida":
        ReglaIP.objects.create(empresa=empresa, red="10.0.0.0/8")
        return "mguerrero", "", secundario.clave
    if causa == "fuera_de_horario":
        Horario.objects.filter(empresa=empresa).update(**{f"{d}_inicio": None for d in
                                                          ["lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo"]},
                                                       festivo_permitido=False)
        return "mguerrero", "", secundario.clave
    if causa == "clave_temporal_vencida":
        Usuario.objects.filter(pk=secundario.pk).update(
            debe_cambiar_clave=True, clave_temporal_expira=timezone.now() - dt.timedelta(minutes=1)
        )
        return "mguerrero", "", secundario.clave
    if causa == "token_requerido_sin_token":
        type(empresa).objects.filter(pk=empresa.pk).update(token_requerido=True)
        return "mguerrero", "", secundario.clave
    raise AssertionError(causa)


CAUSAS = [
    "usuario_desconocido", "clave_invalida", "token_invalido", "token_faltante", "usuario_inactivo",
    "usuario_bloqueado", "usuario_pendiente", "empresa_inactiva", "ip_no_permitida", "fuera_de_horario",
    "clave_temporal_vencida", "token_requerido_sin_token",
]


@pytest.mark.parametrize("causa", CAUSAS)
def test_every_rejection_gives_the_same_message_and_status(client, empresa, admin, secundario, causa):
    username, codigo, clave = _preparar(causa, empresa, admin, secundario)
    r1 = paso1(client, username, codigo)
    assert r1.status_code == 302  # step 1 never tells
    r = client.post("/ingreso/clave/", {"clave": clave})
    assert r.status_code == 200
    body = r.content.decode()
    assert error_generico() in body
    assert causa not in body
    assert "_auth_user_id" not in client.session
    # The real cause is only in the audit trail.
    assert _causas() == [causa]


def test_decoy_image_is_stable_per_unknown_username_and_varies_across_names(client, db):
    def imagen(username: str) -> str:
        c = type(client)()
        paso1(c, username)
        body = c.get("/ingreso/clave/").content.decode()
        return body.split('id="imagen-seguridad"')[0].rsplit('src="', 1)[1].split('"')[0]

    assert imagen("fulano") == imagen("fulano") == imagen("FULANO")
    nombres = ["fulano", "mengano", "zutano", "perencejo", "pedro1", "juan2"]
    assert len({imagen(n) for n in nombres}) > 1


def test_decoy_never_equals_a_fixed_image_for_all(db):
    assert len({flujo.imagen_senuelo(f"u{i}") for i in range(50)}) >= 6


def test_otp_code_cannot_be_replayed(client, admin):
    codigo = codigo_fresco(admin.device)
    assert login_portal(client, admin, codigo=codigo).url == "/inicio/"
    client.post("/salida/")
    r = login_portal(client, admin, codigo=codigo)
    assert r.status_code == 200
    assert error_generico() in r.content.decode()
    assert _causas() == ["token_invalido"]


def test_otp_replay_rejected_under_two_simultaneous_requests(requiere_postgres):
    from tests.factories import crear_admin, crear_empresa

    admin = crear_admin(crear_empresa())
    codigo = codigo_fresco(admin.device)
    resultados: list[str] = []
    barrera = threading.Barrier(2)

    def intento() -> None:
        try:
            usuario = Usuario.objects.select_related("empresa").get(pk=admin.pk)
            barrera.wait()
            resultados.append(flujo.evaluar_token(usuario, codigo))
        finally:
            connection.close()

    hilos = [threading.Thread(target=intento) for _ in range(2)]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join()
    assert sorted(resultados) == sorted([flujo.TOKEN_INVALIDO, flujo.TOKEN_OK])


def test_block_after_company_limit_with_audit_row(client, empresa, secundario):
    assert empresa.intentos_maximos == 3
    for _ in range(3):
        paso1(client, "mguerrero")
        client.post("/ingreso/clave/", {"clave": "Mala2024xx"})
    secundario.refresh_from_db()
    assert secundario.estado == Usuario.Estado.BLOQUEADO
    bloqueo = Evento.objects.get(accion="BLOQUEO")
    assert bloqueo.objetivo == secundario and bloqueo.detalles["intentos"] == 3
    # Even the right password no longer opens the door.
    r = login_portal(client, secundario)
    assert r.status_code == 200 and error_generico() in r.content.decode()


def test_company_limit_is_used(client, empresa, secundario):
    type(empresa).objects.filter(pk=empresa.pk).update(intentos_maximos=5)
    for _ in range(4):
        login_portal(client, secundario, clave="Mala2024xx")
    secundario.refresh_from_db()
    assert secundario.estado == Usuario.Estado.ACTIVO and secundario.intentos_fallidos == 4
    login_portal(client, secundario)
    secundario.refresh_from_db()
    assert secundario.intentos_fallidos == 0


def test_failures_are_throttled_per_client_ip(client, settings, secundario):
    settings.OCCIRED_IP_MAX_FALLOS = 3
    for nombre in ["uno1", "dos2", "tres3"]:
        paso1(client, nombre)
        client.post("/ingreso/clave/", {"clave": "Nada2024xx"})
    r = login_portal(client, secundario)
    assert r.status_code == 200 and error_generico() in r.content.decode()
    assert _causas()[0] == "ip_frenada"
    # Another IP is not slowed down.
    otro = type(client)(REMOTE_ADDR="10.9.9.9")
    assert login_portal(otro, secundario).url == "/inicio/"


def test_ip_allow_lists_company_and_user(empresa, secundario):
    ReglaIP.objects.create(empresa=empresa, red="10.0.0.0/8")
    ReglaIP.objects.create(empresa=empresa, usuario=secundario, red="10.1.2.3")
    from django.test import Client

    assert login_portal(Client(REMOTE_ADDR="10.1.2.3"), secundario).url == "/inicio/"
    r = login_portal(Client(REMOTE_ADDR="10.1.2.4"), secundario)  # in company list, not in user's
    assert r.status_code == 200
    r = login_portal(Client(REMOTE_ADDR="2001:db8::1"), secundario)
    assert r.status_code == 200
    assert _causas() == ["ip_no_permitida", "ip_no_permitida"]


def test_ipv6_cidr_allowed(empresa, secundario):
    ReglaIP.objects.create(empresa=empresa, red="2001:db8::/32")
    from django.test import Client

    assert login_portal(Client(REMOTE_ADDR="2001:db8::42"), secundario).url == "/inicio/"


def test_outside_schedule_rejected_and_inside_admitted(client, empresa, secundario):
    ahora = timezone.localtime()
    dia = ["lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo"][ahora.weekday()]
    # The user's own schedule closes the current hour; the company's stays open.
    fuera = (ahora + dt.timedelta(hours=2)).time().replace(second=0, microsecond=0)
    horario = Horario.objects.create(usuario=secundario, festivo_permitido=True)
    setattr(horario, f"{dia}_inicio", fuera)
    setattr(horario, f"{dia}_fin", fuera)
    horario.save()
    r = login_portal(client, secundario)
    assert r.status_code == 200
    assert _causas() == ["fuera_de_horario"]
    setattr(horario, f"{dia}_inicio", dt.time(0, 0))
    setattr(horario, f"{dia}_fin", dt.time(23, 59))
    horario.save()
    assert login_portal(client, secundario).url == "/inicio/"


def test_holiday_rule(empresa, secundario):
    from seguridad.reglas import dentro_de_horario, es_festivo

    navidad = timezone.make_aware(dt.datetime(2026, 12, 25, 10, 0))  # Friday, festivo
    viernes_normal = timezone.make_aware(dt.datetime(2026, 12, 18, 10, 0))
    assert es_festivo(navidad.date()) and not es_festivo(viernes_normal.date())
    assert dentro_de_horario(secundario, navidad)
    Horario.objects.filter(empresa=empresa).update(festivo_permitido=False)
    assert not dentro_de_horario(secundario, navidad)
    assert dentro_de_horario(secundario, viernes_normal)
    # Colombian "puente" holidays move to Monday: 2026-01-12 (Reyes Magos).
    assert not dentro_de_horario(secundario, timezone.make_aware(dt.datetime(2026, 1, 12, 10, 0)))


def test_schedule_uses_bogota_time(empresa, secundario):
    from seguridad.reglas import dentro_de_horario

    Horario.objects.filter(empresa=empresa).update(martes_inicio=dt.time(8, 0), martes_fin=dt.time(18, 0))
    # 2026-11-24 is a Tuesday; 12:00 UTC is 07:00 in Bogotá (UTC-5): closed.
    assert not dentro_de_horario(secundario, dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC))
    assert dentro_de_horario(secundario, dt.datetime(2026, 11, 24, 14, 0, tzinfo=dt.UTC))


def test_session_key_rotated_between_steps_and_at_login(client, secundario):
    s = client.session
    s["previo"] = 1
    s.save()
    k0 = s.session_key
    client.cookies["sessionid"] = k0
    paso1(client, "mguerrero")
    k1 = client.cookies["sessionid"].value
    assert k1 != k0
    client.post("/ingreso/clave/", {"clave": secundario.clave})
    k2 = client.cookies["sessionid"].value
    assert k2 not in {k0, k1}
    assert not Session.objects.filter(session_key__in=[k0, k1]).exists()


def test_step1_state_holds_no_secret(client, admin):
    codigo = codigo_fresco(admin.device)
    paso1(client, "adelgado", codigo)
    estado = client.session[flujo.SESSION_KEY]
    assert set(estado) == {"uid", "username", "token", "ts"}
    assert codigo not in str(estado)


def test_step2_without_step1_goes_back(client, db):
    r = client.get("/ingreso/clave/")
    assert r.status_code == 302 and r.url == "/"


def test_step1_expires(client, settings, secundario):
    paso1(client, "mguerrero")
    settings.OCCIRED_LOGIN_PASO_SEGUNDOS = -1
    r = client.post("/ingreso/clave/", {"clave": secundario.clave})
    assert r.status_code == 302 and r.url == "/"
    assert "_auth_user_id" not in client.session


def test_second_login_ends_first_session(secundario):
    from django.test import Client

    a, b = Client(), Client()
    assert login_portal(a, secundario).url == "/inicio/"
    primera = a.cookies["sessionid"].value
    assert login_portal(b, secundario).url == "/inicio/"
    assert not Session.objects.filter(session_key=primera).exists()
    r = a.get("/inicio/")
    assert r.status_code == 302 and r.url.startswith("/")
    assert b.get("/inicio/").status_code == 200
    assert Evento.objects.filter(accion="SESION_REEMPLAZADA").count() == 1


def test_idle_timeout(client, empresa, secundario):
    login_portal(client, secundario)
    assert client.get("/inicio/").status_code == 200
    s = client.session
    s["ultima_actividad"] -= empresa.inactividad_minutos * 60 + 1
    s.save()
    r = client.get("/inicio/")
    assert r.status_code == 302 and r.url == "/?motivo=inactividad"
    assert "_auth_user_id" not in client.session
    assert "inactividad" in client.get(r.url).content.decode()
    assert Evento.objects.filter(accion="SESION_EXPIRADA").exists()


def test_activity_within_timeout_keeps_session(client, empresa, secundario):
    login_portal(client, secundario)
    s = client.session
    s["ultima_actividad"] -= empresa.inactividad_minutos * 60 - 30
    s.save()
    assert client.get("/inicio/").status_code == 200


def test_logout_invalidates_server_side(client, secundario):
    from django.test import Client

    login_portal(client, secundario)
    key = client.cookies["sessionid"].value
    r = client.post("/salida/")
    assert "Su sesión ha finalizado de forma segura" in r.content.decode()
    assert not Session.objects.filter(session_key=key).exists()
    robado = Client()
    robado.cookies["sessionid"] = key
    assert robado.get("/inicio/").status_code == 302
    assert Evento.objects.filter(accion="SALIDA", actor=secundario).exists()


def test_logout_requires_post(client, secundario):
    login_portal(client, secundario)
    assert client.get("/salida/").status_code == 405


def test_inactivating_user_ends_live_session(client, secundario):
    login_portal(client, secundario)
    Usuario.objects.filter(pk=secundario.pk).update(estado=Usuario.Estado.INACTIVO)
    assert client.get("/inicio/").status_code == 302


def test_staff_cannot_use_portal_login(client, staff):
    r = login_portal(client, staff)
    assert r.status_code == 200 and error_generico() in r.content.decode()


def test_forced_password_change_then_image_then_home(client, empresa):
    nuevo = crear_usuario(empresa, "nuevo1", clave="Tempor4l99", imagen_seguridad="",
                          debe_cambiar_clave=True,
                          clave_temporal_expira=timezone.now() + dt.timedelta(hours=48))
    assert login_portal(client, nuevo).url == "/inicio/"
    r = client.get("/inicio/")
    assert r.status_code == 302 and r.url == "/mi-cuenta/clave/"
    r = client.get(r.url)
    assert "Antes de continuar debe cambiar la clave" in r.content.decode()
    r = client.post("/mi-cuenta/clave/", {"actual": "Tempor4l99", "nueva": "Nuevaa2024", "confirmacion": "Nuevaa2024"})
    assert r.status_code == 302
    r = client.get("/inicio/")
    assert r.url == "/mi-cuenta/imagen/"
    client.post("/mi-cuenta/imagen/", {"imagen": "pez"})
    assert client.get("/inicio/").status_code == 200
    nuevo.refresh_from_db()
    assert not nuevo.debe_cambiar_clave and nuevo.imagen_seguridad == "pez"
    assert nuevo.check_password("Nuevaa2024")
    assert Evento.objects.filter(accion="CAMBIO_CLAVE", actor=nuevo).exists()
    assert Evento.objects.filter(accion="CAMBIO_IMAGEN", actor=nuevo).exists()


def test_generated_password_is_good_for_one_login_only(empresa):
    from django.test import Client

    nuevo = crear_usuario(empresa, "nuevo2", clave="Tempor4l99", debe_cambiar_clave=True,
                          clave_temporal_expira=timezone.now() + dt.timedelta(hours=48))
    assert login_portal(Client(), nuevo).url == "/inicio/"
    r = login_portal(Client(), nuevo)
    assert r.status_code == 200
    assert _causas() == ["clave_temporal_vencida"]


# --- Failed logins as the audit trail shows them; the decoys do real work (mutmut survivors) ---


def test_a_failed_login_names_the_user_and_what_was_typed(client, admin):
    login_portal(client, admin, clave="Mala2024x", codigo=codigo_fresco(admin.device))
    e = Evento.objects.filter(accion="INGRESO_FALLIDO").order_by("-id").first()
    assert (e.actor_id, e.actor_nombre, e.objetivo_id, e.objetivo_descripcion) == (
        admin.pk, "adelgado", admin.pk, "adelgado")
    paso1(client, "NoExiste77", "123456")
    client.post("/ingreso/clave/", {"clave": "Cualquiera1"})
    e = Evento.objects.filter(accion="INGRESO_FALLIDO").order_by("-id").first()
    assert (e.actor_id, e.actor_nombre, e.objetivo_id, e.objetivo_descripcion) == (
        None, "NoExiste77", None, "NoExiste77")


def test_the_decoy_password_check_costs_a_real_hash_of_the_same_kind(admin):
    from django.contrib.auth.hashers import identify_hasher

    decoy = flujo._hash_senuelo()
    assert identify_hasher(decoy).algorithm == identify_hasher(admin.password).algorithm
    assert flujo._hash_senuelo() == decoy  # made once per process


def test_an_unknown_lock_time_reads_as_one_second():
    assert flujo._segundos_hasta(None) == 1
    assert flujo._segundos_hasta(timezone.now() + dt.timedelta(seconds=9.2)) == 10
    assert flujo._segundos_hasta(timezone.now() - dt.timedelta(seconds=30)) == 1


# --- a login from an IP known only to the audit trail (logins before bandeja kept IPs) ----------


def _login_previo(usuario, *, ip="127.0.0.1", dias=1, accion="INGRESO", actor=None):
    """A past login of `usuario` (so this one is not their first) and an audit row as it was written then."""
    from unittest import mock

    entonces = timezone.now() - dt.timedelta(days=dias)
    Usuario.objects.filter(pk=usuario.pk).update(last_login=entonces)
    with mock.patch("django.utils.timezone.now", return_value=entonces):  # the row is append-only
        Evento.objects.create(accion=accion, actor=actor or usuario, objetivo=usuario, ip=ip)


def _avisos_nueva_ip(usuario) -> int:
    from bandeja.models import Notificacion

    return Notificacion.objects.filter(usuario=usuario, evento="ingreso_nueva_ip").count()


def test_ip_of_a_login_in_the_audit_trail_is_known(client, secundario):
    _login_previo(secundario)
    assert login_portal(client, secundario).url == "/inicio/"
    assert _avisos_nueva_ip(secundario) == 0


@pytest.mark.parametrize("caso", ["otra_ip", "hace_91_dias", "otro_usuario", "fallido"])
def test_ip_not_in_this_users_recent_logins_is_new(client, empresa, admin, secundario, caso):
    if caso == "otra_ip":
        _login_previo(secundario, ip="10.1.2.3")
    elif caso == "hace_91_dias":
        _login_previo(secundario, dias=91)
    elif caso == "otro_usuario":
        _login_previo(secundario, ip="10.1.2.3")
        Evento.objects.create(accion="INGRESO", actor=admin, objetivo=admin, ip="127.0.0.1")
    else:
        _login_previo(secundario, ip="10.1.2.3")
        Evento.objects.create(accion="INGRESO_FALLIDO", actor=secundario, objetivo=secundario, ip="127.0.0.1")
    assert login_portal(client, secundario).url == "/inicio/"
    assert _avisos_nueva_ip(secundario) == 1
