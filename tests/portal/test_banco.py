"""/banco/: Django admin for bank staff only, OTP required."""

import pytest
from django.test import Client

from tests.factories import codigo_fresco, login_portal

pytestmark = pytest.mark.django_db


def _login_banco(client, usuario, clave, device):
    return client.post(
        "/banco/login/?next=/banco/",
        {"username": usuario.username, "password": clave, "otp_device": device.persistent_id,
         "otp_token": codigo_fresco(device)},
    )


def test_staff_with_otp_gets_in(client, staff):
    r = _login_banco(client, staff, staff.clave, staff.device)
    assert r.status_code == 302
    assert client.get("/banco/").status_code == 200


def test_staff_without_otp_is_refused(client, staff):
    client.post("/banco/login/", {"username": staff.username, "password": staff.clave})
    r = client.get("/banco/")
    assert r.status_code == 302 and "/banco/login/" in r.url


def test_company_admin_is_refused_even_with_otp(client, admin):
    r = _login_banco(client, admin, admin.clave, admin.device)
    assert r.status_code == 200  # the login form again, with an error
    assert client.get("/banco/").status_code == 302


def test_company_admin_logged_into_portal_cannot_open_banco(admin):
    c = Client()
    assert login_portal(c, admin).url == "/inicio/"
    r = c.get("/banco/")
    assert r.status_code == 302 and "/banco/login/" in r.url
    assert c.get("/banco/admin_usuarios/usuario/").status_code == 302


def test_unblock_action_goes_through_the_action_function(client, staff, secundario):
    from admin_usuarios.models import Usuario
    from auditoria.models import Evento

    Usuario.objects.filter(pk=secundario.pk).update(estado=Usuario.Estado.BLOQUEADO, intentos_fallidos=3)
    _login_banco(client, staff, staff.clave, staff.device)
    r = client.post("/banco/admin_usuarios/usuario/", {"action": "desbloquear", "_selected_action": [secundario.pk]})
    assert r.status_code == 302
    secundario.refresh_from_db()
    assert secundario.estado == Usuario.Estado.ACTIVO and secundario.intentos_fallidos == 0
    assert Evento.objects.filter(accion="DESBLOQUEO", actor=staff, objetivo=secundario).exists()


def test_audit_trail_read_only_in_banco(client, staff, secundario):
    from auditoria.models import Evento

    login_portal(Client(), secundario)
    evento = Evento.objects.first()
    _login_banco(client, staff, staff.clave, staff.device)
    assert client.get("/banco/auditoria/evento/").status_code == 200
    assert client.get("/banco/auditoria/evento/add/").status_code == 403
    r = client.post(f"/banco/auditoria/evento/{evento.pk}/delete/", {"post": "yes"})
    assert r.status_code in (403, 302)
    assert Evento.objects.filter(pk=evento.pk).exists()


def test_staff_with_one_device_logs_in_without_choosing_it(client, staff):
    r = client.post(
        "/banco/login/?next=/banco/",
        {"username": staff.username, "password": staff.clave, "otp_token": codigo_fresco(staff.device)},
    )
    assert r.status_code == 302
    assert client.get("/banco/").status_code == 200


def test_wrong_code_without_device_choice_is_refused(client, staff):
    from django_otp.oath import TOTP

    totp = TOTP(staff.device.bin_key)
    validos = {f"{totp.token():06d}"}
    for delta in (-1, 1):
        totp.drift = delta
        validos.add(f"{totp.token():06d}")
    malo = next(c for c in ("000000", "111111", "222222", "333333") if c not in validos)
    client.post("/banco/login/", {"username": staff.username, "password": staff.clave, "otp_token": malo})
    assert client.get("/banco/").status_code == 302
