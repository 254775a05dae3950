"""Step-up confirmation: the actor's own current token code for sensitive actions.

Use `StepUpForm(actor=request.user, data=request.POST or None)` on the
confirmation step of a sensitive action (generate a password, change a state,
assign or activate a token, change limits, IPs or parameters), render
`portal/_stepup.html` inside the form, and call the action only when the form
is valid.

The form lives in the toolbox because screens of every layer need it; the code
check itself belongs to `tokens` (the one place that verifies and consumes a
code, audits a failure and knows django-otp's throttle). `tokens` plugs it in at
start-up with `conectar_verificador`: the toolbox never imports an app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Verificador:
    # Whether the actor has a device whose code can confirm an action now.
    tiene_dispositivo: Callable[[Any], bool]
    # Verify and consume the code; None when accepted, else the message for the field.
    confirmar: Callable[..., str | None]


_verificador: Verificador | None = None


def conectar_verificador(verificador: Verificador) -> None:
    global _verificador
    _verificador = verificador


def _conectado() -> Verificador:
    if _verificador is None:  # pragma: no cover - a missing app is a configuration error
        raise RuntimeError("No token verifier is installed (the tokens app connects it in ready()).")
    return _verificador


class StepUpForm(forms.Form):
    codigo_token = forms.CharField(
        label=_("Clave Dinámica Token"),
        max_length=6,
        help_text=_("Confirme la operación con el código que muestra su token virtual."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        error_messages={"required": _("Ingrese el código de su token para confirmar.")},
    )

    def __init__(self, *args, actor, accion: str = "", request=None, **kwargs) -> None:
        self.actor = actor
        self.accion = accion
        self.request = request
        super().__init__(*args, **kwargs)

    @cached_property  # asked by the partial and by the page's button: one query
    def puede_confirmar(self) -> bool:
        return _conectado().tiene_dispositivo(self.actor)

    def clean_codigo_token(self) -> str:
        codigo = self.cleaned_data["codigo_token"].strip()
        error = _conectado().confirmar(self.actor, codigo, accion=self.accion, request=self.request)
        if error:
            raise forms.ValidationError(error, code="codigo_invalido")
        return codigo
