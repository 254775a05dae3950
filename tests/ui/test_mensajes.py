"""Messages that tell the person what happened: the token's wait, a replaced session, who
generated a password, an empty list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from comun.stepup import StepUpForm
from tests.factories import codigo_fresco, login_portal

pytestmark = pytest.mark.django_db


def test_a_code_typed_right_after_a_wrong_one_says_to_wait_then_works(admin):
    assert not StepUpForm(actor=admin, data={"codigo_token": "000000"}).is_valid()
    codigo = codigo_fresco(admin.device)
    form = StepUpForm(actor=admin, data={"codigo_token": codigo})
    assert not form.is_valid()
    assert "espere 1 segundo" in form.errors["codigo_token"][0]
    device = admin.device
    device.refresh_from_db()
    device.throttling_failure_timestamp = timezone.now() - dt.timedelta(seconds=2)
    device.save(update_fields=["throttling_failure_timestamp"])
    assert StepUpForm(actor=admin, data={"codigo_token": codigo}).is_valid()


def test_a_session_replaced_by_another_login_is_told_why(secundario):
    primero, segundo = Client(), Client()
    assert login_portal(primero, secundario).url == "/inicio/"
    assert login_portal(segundo, secundario).url == "/inicio/"
    r = primero.get("/inicio/")
    assert r.status_code == 302 and r.url == "/?motivo=reemplazada"
    assert "ingresó desde otro navegador o equipo" in primero.get(r.url).content.decode()
    # Said once: afterwards the login page is the plain one.
    assert "motivo" not in primero.get("/inicio/").url


def test_salida_segura_is_not_taken_for_a_replaced_session(secundario):
    c = Client()
    login_portal(c, secundario)
    c.post("/salida/")
    r = c.get("/inicio/")
    assert "motivo=reemplazada" not in r.url


def test_empty_list_does_not_count_zero_records(cliente_admin):
    body = cliente_admin.get("/administracion/usuarios/", {"usuario": "nadie"}).content.decode()
    assert "Mostrando registros 0 al 0" not in body
    assert "No hay usuarios que cumplan los parámetros de consulta." in body


def test_a_company_administrators_password_email_says_the_bank_generated_it(
        admin, staff, django_capture_on_commit_callbacks):
    from django.core import mail

    from admin_usuarios.actions.claves import do_generar_clave

    with django_capture_on_commit_callbacks(execute=True):
        do_generar_clave(admin, actor=staff)
    cuerpo = mail.outbox[-1].body
    assert "El Banco de Occidente generó una contraseña temporal" in cuerpo
    assert "El administrador de" not in cuerpo
