"""¿Olvidó su clave?: the request never tells whether a user exists, its attempts count like a
login's, and the emailed link works once, for one user, for 30 minutes."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from admin_usuarios.models import ClaveHistorica, Usuario
from auditoria.models import Evento
from comun.models import CorreoSaliente
from portal import olvido
from portal.login import SESSION_KEY
from tests.factories import crear_secundario, dar_token, login_portal, paso1

pytestmark = pytest.mark.django_db(transaction=True)

URL = "/ayudas/olvido-clave/"
INVALIDO = "El enlace no es válido o ya fue usado"
RESPUESTA = "Si los datos son correctos, recibirá un correo"
NUEVA = "Renova2025"


@pytest.fixture
def usuario(empresa):
    u = crear_secundario(empresa, "mguerrero", numero_identificacion="79100123")
    dar_token(u)
    return u


def _codigo(u: Usuario) -> str:
    from tests.factories import codigo_fresco

    return codigo_fresco(u.device)


def _pedir(client: Client, username: str, codigo: str, identificacion: str = "79100123"):
    return client.post(URL, {"username": username, "codigo": codigo, "identificacion": identificacion})


def _enlace() -> str:
    assert len(mail.outbox) == 1
    return re.search(r"https?://\S+/ayudas/olvido-clave/\S+/", mail.outbox[-1].body).group(0)


def _ruta(enlace: str) -> str:
    return re.sub(r"^https?://[^/]+", "", enlace)


def _sin_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def _causas(accion: str = "OLVIDO_CLAVE_FALLIDO") -> list[str]:
    return [e.detalles["causa"] for e in Evento.objects.filter(accion=accion).order_by("pk")]


def test_the_form_tells_everyone_without_a_token_to_ask_their_administrator(client, db):
    html = client.get(URL).content.decode()
    assert "Si usted no tiene token asignado, solicite a su administrador el cambio de clave" in html
    for etiqueta in ("Usuario", "Clave Dinámica Token", "No. Identificación"):
        assert etiqueta in html


def test_right_data_emails_a_link_that_works_once(client, usuario):
    r = _pedir(client, "MGuerrero", _codigo(usuario), "79.100.123")
    assert r.status_code == 200 and RESPUESTA in r.content.decode()
    enlace = _enlace()
    correo = CorreoSaliente.objects.get(plantilla="olvido_clave")
    assert correo.para == usuario.email and correo.estado == CorreoSaliente.Estado.ENVIADO
    token = enlace.rstrip("/").rsplit("/", 1)[1]
    # The token is in the sent email only: not in the outbox row, not in the audit trail.
    assert token not in str(correo.contexto)
    assert not any(token in str(e.detalles) for e in Evento.objects.all())

    r = client.get(_ruta(enlace))
    assert r.status_code == 302 and token not in r.url  # the token leaves the address bar
    r = client.post(r.url, {"nueva": NUEVA, "confirmacion": NUEVA})
    assert r.status_code == 200 and "Su clave fue modificada exitosamente" in r.content.decode()
    usuario.refresh_from_db()
    assert usuario.check_password(NUEVA)
    assert Evento.objects.filter(accion="CLAVE_RESTABLECIDA", objetivo=usuario).count() == 1
    assert Evento.objects.filter(accion="CAMBIO_CLAVE", objetivo=usuario).count() == 1
    assert ClaveHistorica.objects.filter(usuario=usuario).count() == 1

    r = Client().get(_ruta(enlace))  # a second use, from any browser
    assert r.status_code == 200 and INVALIDO in r.content.decode()
    assert login_portal(Client(), usuario, clave=NUEVA).url == "/inicio/"


def test_the_link_expires_after_30_minutes(client, usuario, monkeypatch):
    _pedir(client, "mguerrero", _codigo(usuario))
    ruta = _ruta(_enlace())
    ahora = olvido.generador._now()
    monkeypatch.setattr(olvido.generador, "_now", lambda: ahora + dt.timedelta(minutes=29))
    assert client.get(ruta).status_code == 302
    monkeypatch.setattr(olvido.generador, "_now", lambda: ahora + dt.timedelta(minutes=31))
    r = Client().get(ruta)
    assert r.status_code == 200 and INVALIDO in r.content.decode()
    # Also when the form was opened in time and submitted too late.
    r = client.post(f"{URL}{olvido.uid_de(usuario)}/nueva/", {"nueva": NUEVA, "confirmacion": NUEVA})
    assert INVALIDO in r.content.decode()
    usuario.refresh_from_db()
    assert not usuario.check_password(NUEVA)


def test_the_link_is_useless_for_another_user(client, empresa, usuario):
    otro = crear_secundario(empresa, "ptorres", numero_identificacion="52000111")
    _pedir(client, "mguerrero", _codigo(usuario))
    token = _enlace().rstrip("/").rsplit("/", 1)[1]
    r = client.get(f"{URL}{olvido.uid_de(otro)}/{token}/")
    assert r.status_code == 200 and INVALIDO in r.content.decode()
    # Nor can a session opened with one user's link set another's password.
    client.get(_ruta(_enlace()))
    r = client.post(f"{URL}{olvido.uid_de(otro)}/nueva/", {"nueva": NUEVA, "confirmacion": NUEVA})
    assert INVALIDO in r.content.decode()
    otro.refresh_from_db()
    assert not otro.check_password(NUEVA)


@pytest.mark.parametrize("ruta", ["x/y/", "Zm9v/abc-123/", "MTIzNDU2Nzg5/1-2/", "%C3%A9/nueva/", "AAAA/nueva/"])
def test_garbage_links_are_a_clear_page_never_a_5xx(client, db, ruta):
    r = client.get(URL + ruta)
    assert r.status_code == 200 and INVALIDO in r.content.decode()


def test_request_does_not_reveal_whether_the_user_exists(client, empresa, usuario, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    sin_token = crear_secundario(empresa, "ptorres", numero_identificacion="52000111")
    respuestas = [
        _pedir(client, "nadie", "123456"),
        _pedir(client, "ptorres", "123456", "52000111"),  # exists, no token
        _pedir(client, "mguerrero", "000000"),  # exists, wrong code
        _pedir(client, "mguerrero", _codigo(usuario), "11111111"),  # right code, wrong ID
        _pedir(client, "mguerrero", _codigo(usuario)),  # all right
    ]
    cuerpos = {_sin_csrf(r.content.decode()) for r in respuestas}
    assert {r.status_code for r in respuestas} == {200}
    # (The email's templates render in this thread only because Celery is eager in tests.)
    assert len({tuple(t.name for t in r.templates if not t.name.startswith("emails/")) for r in respuestas}) == 1
    assert len(cuerpos) == 1 and RESPUESTA in cuerpos.pop()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [usuario.email]
    assert _causas() == ["usuario_desconocido", "codigo_sin_token", "token_invalido", "identificacion_invalida"]
    assert sin_token.pk  # used above


def test_the_wait_after_a_wrong_code_looks_the_same_for_unknown_users(client, usuario, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    esperas = []
    for username in ("mguerrero", "nadie"):
        _pedir(client, username, "000000")
        r = _pedir(client, username, "000000")
        esperas.append(re.sub(r"\d+ segundo", "N segundo", _sin_csrf(r.content.decode()).replace(username, "U")))
    assert "debe esperar N segundo(s)" in esperas[0]
    assert esperas[0] == esperas[1]


def test_wrong_codes_and_ids_block_the_user_like_failed_logins(client, empresa, usuario, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    assert empresa.intentos_maximos == 3
    _pedir(client, "mguerrero", "000000")
    _pedir(client, "mguerrero", _codigo(usuario), "99999999")
    usuario.refresh_from_db()
    assert usuario.intentos_fallidos == 2 and usuario.estado == Usuario.Estado.ACTIVO
    _pedir(client, "mguerrero", "000000")
    usuario.refresh_from_db()
    assert usuario.estado == Usuario.Estado.BLOQUEADO
    bloqueo = Evento.objects.get(accion="BLOQUEO")
    assert bloqueo.objetivo == usuario and bloqueo.detalles == {"intentos": 3, "causa": "token_invalido"}
    # The block itself may be emailed as a security notice (bandeja); never a reset link.
    avisos = len(mail.outbox)
    assert all("olvido-clave/" not in m.body for m in mail.outbox)
    # Blocked: even the right data sends nothing (the administrator must unblock), and says the same.
    r = _pedir(client, "mguerrero", _codigo(usuario))
    assert RESPUESTA in r.content.decode() and len(mail.outbox) == avisos
    assert _causas()[-1] == "usuario_bloqueado"


def test_a_right_request_gives_back_its_slots(client, usuario):
    _pedir(client, "mguerrero", _codigo(usuario))
    usuario.refresh_from_db()
    assert usuario.intentos_fallidos == 0


def test_requests_count_toward_the_per_ip_throttle(client, usuario, settings):
    settings.OCCIRED_IP_MAX_FALLOS = 2
    _pedir(client, "nadie", "123456")
    _pedir(client, "otro", "123456")
    r = _pedir(client, "mguerrero", _codigo(usuario))
    assert RESPUESTA in r.content.decode() and not mail.outbox
    assert _causas()[-1] == "ip_frenada"
    # The login shares the address's slots.
    paso1(client, "mguerrero")  # no token code: the login's password attempt needs an address slot
    client.post("/ingreso/clave/", {"clave": usuario.clave})
    assert Evento.objects.filter(accion="INGRESO_FALLIDO").last().detalles["causa"] == "ip_frenada"
    # Another address is not slowed down.
    _pedir(Client(REMOTE_ADDR="10.9.9.9"), "mguerrero", _codigo(usuario))
    assert len(mail.outbox) == 1


def test_a_code_used_for_the_reset_is_refused_at_login(client, usuario):
    codigo = _codigo(usuario)
    _pedir(client, "mguerrero", codigo)
    assert len(mail.outbox) == 1
    otro = Client()
    paso1(otro, "mguerrero", codigo)
    assert otro.session[SESSION_KEY]["token"] == "token_invalido"


def test_a_code_used_at_login_is_refused_for_the_reset(client, usuario):
    codigo = _codigo(usuario)
    paso1(Client(), "mguerrero", codigo)
    _pedir(client, "mguerrero", codigo)
    assert not mail.outbox and _causas() == ["token_invalido"]


def test_the_reset_ends_every_session_of_the_user(client, usuario):
    sesion = Client()
    login_portal(sesion, usuario)
    assert sesion.get("/inicio/").status_code == 200
    _pedir(client, "mguerrero", _codigo(usuario))
    r = client.get(_ruta(_enlace()))
    client.post(r.url, {"nueva": NUEVA, "confirmacion": NUEVA})
    assert sesion.get("/inicio/").status_code == 302
    assert Evento.objects.get(accion="CLAVE_RESTABLECIDA").detalles == {"sesiones_terminadas": 1}


@pytest.mark.parametrize("clave, error", [
    ("Prueba2024", "últimas 5 claves"),  # the current password: history
    ("abc", "entre 8 y 10 caracteres"),
])
def test_the_company_password_rules_apply(client, usuario, clave, error):
    _pedir(client, "mguerrero", _codigo(usuario))
    r = client.get(_ruta(_enlace()))
    r = client.post(r.url, {"nueva": clave, "confirmacion": clave})
    assert r.status_code == 200 and error in r.content.decode()
    usuario.refresh_from_db()
    assert not usuario.check_password(clave) or clave == "Prueba2024"
    assert not Evento.objects.filter(accion="CLAVE_RESTABLECIDA").exists()
    # The link still works after a refused password.
    r = client.post(r.wsgi_request.path, {"nueva": NUEVA, "confirmacion": NUEVA})
    assert "Su clave fue modificada exitosamente" in r.content.decode()


def test_the_username_is_not_a_password(client, empresa):
    u = crear_secundario(empresa, "jperez2024", numero_identificacion="1")
    dar_token(u)
    _pedir(client, "jperez2024", _codigo(u), "1")
    r = client.get(_ruta(_enlace()))
    r = client.post(r.url, {"nueva": "jperez2024", "confirmacion": "jperez2024"})
    assert "La clave no puede ser igual al usuario" in r.content.decode()


def test_a_blocked_link_holder_cannot_reset(client, usuario):
    _pedir(client, "mguerrero", _codigo(usuario))
    ruta = _ruta(_enlace())
    Usuario.objects.filter(pk=usuario.pk).update(estado=Usuario.Estado.BLOQUEADO)
    assert INVALIDO in client.get(ruta).content.decode()


def test_the_email_follows_the_language_of_the_request(client, usuario):
    client.cookies["django_language"] = "en"
    _pedir(client, "mguerrero", _codigo(usuario))
    assert "new password" in mail.outbox[0].subject.lower()


def test_bank_staff_cannot_use_it(client, staff):
    Usuario.objects.filter(pk=staff.pk).update(numero_identificacion="1")
    from tests.factories import codigo_fresco

    _pedir(client, "banco", codigo_fresco(staff.device), "1")
    assert not mail.outbox


def test_the_link_is_made_at_send_time(usuario, rf):
    """The outbox row is queued without the link; sending makes it (a broker outage only delays it)."""
    correo = CorreoSaliente.objects.create(plantilla="olvido_clave", usuario=usuario, para=usuario.email,
                                           idioma="es", contexto={"sitio": "https://x.example/", "minutos": 30,
                                                                  "nombre": "M", "username": "mguerrero"},
                                           proximo_intento=timezone.now())
    extra = olvido.preparar_enlace(correo)
    assert extra["enlace"].startswith(f"https://x.example/ayudas/olvido-clave/{olvido.uid_de(usuario)}/")


def test_no_log_line_holds_the_token(usuario, client, caplog):
    import logging
    from types import SimpleNamespace

    from occired.gunicorn_log import SinSondas
    from occired.registro import SinSecretos, ocultar

    ruta = f"{URL}{olvido.uid_de(usuario)}/{olvido.generador.make_token(usuario)}/"
    token = ruta.rstrip("/").rsplit("/", 1)[1]
    assert token not in ocultar(f'"GET {ruta} HTTP/1.1" 302') and olvido.uid_de(usuario) in ocultar(ruta)
    assert ocultar(f"{URL}MQ/nueva/") == f"{URL}MQ/nueva/"
    # gunicorn's access log: request line, path and referer.
    log = SinSondas.__new__(SinSondas)
    log.cfg = SimpleNamespace(access_log_format="", logger_class=SinSondas)
    req = SimpleNamespace(method="GET", uri=ruta, version=(1, 1), headers=[], path=ruta, query="")
    entorno = {"REQUEST_METHOD": "GET", "RAW_URI": ruta, "PATH_INFO": ruta, "QUERY_STRING": "",
               "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_REFERER": f"https://x{ruta}", "REMOTE_ADDR": "1.2.3.4"}
    resp = SimpleNamespace(status="302 Found", status_code=302, response_length=0, sent=0, headers=[])
    atomos = log.atoms(resp, req, entorno, __import__("datetime").timedelta(seconds=0))
    assert all(token not in str(atomos[k]) for k in ("r", "U", "f"))
    # Django's loggers (runserver's request lines among them).
    registro = logging.LogRecord("django.server", logging.INFO, "", 0, '"%s" %s', (f"GET {ruta} HTTP/1.1", 302), None)
    SinSecretos().filter(registro)
    assert token not in registro.getMessage()
    with caplog.at_level(logging.INFO):
        client.get(ruta)
    assert all(token not in r.getMessage() for r in caplog.records)


def test_two_simultaneous_submissions_of_one_link_change_the_password_once(requiere_postgres, usuario):
    import threading

    from django.db import connection

    from admin_usuarios.actions.claves import do_restablecer_clave
    from comun.errores import AccionRechazada

    token = olvido.generador.make_token(usuario)
    resultados: list[str] = []
    barrera = threading.Barrier(2)

    def intento(clave: str) -> None:
        try:
            u = Usuario.objects.get(pk=usuario.pk)
            barrera.wait()
            do_restablecer_clave(u, clave, vigente=lambda x: olvido.enlace_vigente(x, token))
            resultados.append(clave)
        except AccionRechazada:
            resultados.append("rechazada")
        finally:
            connection.close()

    hilos = [threading.Thread(target=intento, args=(c,)) for c in ("Renova2025", "Otrasx2025")]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join()
    assert sorted(resultados)[-1] == "rechazada" and len(resultados) == 2
    ganadora = next(r for r in resultados if r != "rechazada")
    usuario.refresh_from_db()
    assert usuario.check_password(ganadora)
    assert Evento.objects.filter(accion="CLAVE_RESTABLECIDA").count() == 1
