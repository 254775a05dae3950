"""A refused action is one exception type; one place turns it into a message, never a 500."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from comun.errores import AccionRechazada, en_formulario
from comun.middleware import AccionRechazadaMiddleware


def _request(path: str = "/administracion/usuarios/7/?pestana=1"):
    request = RequestFactory().post(path)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_uncaught_refusal_becomes_a_message_and_a_redirect_to_the_same_page():
    def vista(request):
        raise AccionRechazada("El usuario no está bloqueado.")

    request = _request()
    middleware = AccionRechazadaMiddleware(vista)
    respuesta = middleware.process_exception(request, AccionRechazada("El usuario no está bloqueado."))
    assert respuesta.status_code == 302 and respuesta.url == "/administracion/usuarios/7/?pestana=1"
    assert [str(m) for m in get_messages(request)] == ["El usuario no está bloqueado."]


def test_other_exceptions_are_left_to_django():
    middleware = AccionRechazadaMiddleware(lambda r: None)
    assert middleware.process_exception(_request(), RuntimeError("x")) is None


class _Form(forms.Form):
    lunes_inicio = forms.CharField(required=False)


def test_refusal_lands_next_to_its_field_or_on_the_form():
    form = _Form(data={})
    assert form.is_valid()
    with en_formulario(form):
        raise AccionRechazada("Fuera del horario de la empresa.", campo="lunes_inicio")
    assert form.errors == {"lunes_inicio": ["Fuera del horario de la empresa."]}
    otro = _Form(data={})
    otro.is_valid()
    with en_formulario(otro):
        raise AccionRechazada("Rechazada.", campo="no_existe")
    assert otro.non_field_errors() == ["Rechazada."]


def test_refusal_is_a_validation_error_with_its_message():
    with pytest.raises(ValidationError) as info:
        raise AccionRechazada("Sin fondos.", codigo="fondos")
    assert str(info.value) == "Sin fondos." and info.value.messages == ["Sin fondos."]
    assert info.value.code == "fondos"
