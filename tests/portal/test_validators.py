"""Each password rule of SPEC "Login" 7, and that the rules are shown to the user."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from admin_usuarios.actions.claves import do_cambiar_clave

pytestmark = pytest.mark.django_db


def _codigos(clave, user=None):
    try:
        validate_password(clave, user)
    except ValidationError as e:
        return {err.code for err in e.error_list}
    return set()


@pytest.mark.parametrize(
    "clave,codigo",
    [
        ("Abcdef12!", "clave_no_alfanumerica"),
        ("Abcd ef12", "clave_no_alfanumerica"),
        ("Abcde12", "clave_longitud"),
        ("Abcdefgh1234", "clave_longitud"),
        ("Abcde1234", "clave_pocas_letras"),
        ("Abcdefgh1", "clave_digitos"),
        ("Abcdef12345", "clave_longitud"),
        ("Abbbcd1234", "clave_repetida"),
        ("Abcdef1112", "clave_repetida"),
    ],
)
def test_each_rule_rejects(clave, codigo):
    assert codigo in _codigos(clave)


@pytest.mark.parametrize("clave", ["Occire2024", "Abccde12", "AbcdEFgh99", "Abcdef1234"])
def test_valid_passwords(clave):
    assert _codigos(clave) == set()


def test_not_equal_to_username(secundario):
    secundario.username = "Carlos2024"
    assert "clave_igual_usuario" in _codigos("carlos2024", secundario)


def test_not_one_of_last_five(secundario):
    historial = ["Primer2024", "Segund2024", "Tercer2024", "Cuarto2024", "Quinto2024"]
    usuario = secundario
    for clave in historial:
        usuario = do_cambiar_clave(usuario, clave)
    for clave in historial:
        assert "clave_reutilizada" in _codigos(clave, usuario), clave
    usuario = do_cambiar_clave(usuario, "Sextoo2024")
    # The oldest one fell out of the last five.
    assert "clave_reutilizada" not in _codigos("Primer2024", usuario)
    assert "clave_reutilizada" in _codigos("Segund2024", usuario)


def test_rules_are_configurable(settings):
    settings.AUTH_PASSWORD_VALIDATORS = [
        {"NAME": "portal.validators.LongitudValidator", "OPTIONS": {"min_length": 12, "max_length": 20}},
    ]
    assert "clave_longitud" in _codigos("Occire2024")


def test_change_form_shows_rules_and_errors_next_to_fields(cliente_admin, admin):
    r = cliente_admin.get("/mi-cuenta/clave/")
    body = r.content.decode()
    assert "Entre 8 y 10 caracteres." in body and "Sin un mismo carácter más de 2 veces seguidas." in body
    r = cliente_admin.post("/mi-cuenta/clave/", {"actual": admin.clave, "nueva": "abc", "confirmacion": "abd"})
    body = r.content.decode()
    assert r.status_code == 200
    assert "La clave debe tener entre 8 y 10 caracteres." in body
    r = cliente_admin.post("/mi-cuenta/clave/", {"actual": "Mala", "nueva": "Nuevaa2024", "confirmacion": "Nuevaa2024"})
    assert "La clave actual no es correcta." in r.content.decode()
    admin.refresh_from_db()
    assert admin.check_password(admin.clave if hasattr(admin, "clave") else "Prueba2024")
