"""Step-up confirmation: the administrator's own current token code for sensitive actions.

Use `StepUpForm(actor=request.user, data=request.POST or None)` on the
confirmation step of a sensitive action (generate a password, change a state,
assign or activate a token, change limits, IPs or parameters), render
`portal/_stepup.html` inside the form, and call the action only when the form
is valid. The code is verified through the same consuming, row-locked check as
the login, so it cannot be replayed, and against the actor's *current* Activo
token: a token inactivated a second ago is refused at once.
"""

from __future__ import annotations

import math

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from auditoria.actions import registrar
from auditoria.models import Evento
from tokens.selectors import dispositivo_activo


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

    @property
    def puede_confirmar(self) -> bool:
        return dispositivo_activo(self.actor) is not None

    def clean_codigo_token(self) -> str:
        from portal.login import _verificar_codigo

        codigo = self.cleaned_data["codigo_token"].strip()
        device = dispositivo_activo(self.actor)
        if device is None:
            raise forms.ValidationError(
                _("Usted no tiene un token virtual activo: no puede confirmar esta operación. "
                  "Comuníquese con el banco para activar su token."),
                code="sin_token",
            )
        # django-otp refuses every code for 1, 2, 4… seconds after a wrong one (throttling), a
        # right one included: say so and for how long, instead of calling the code invalid.
        permitido, datos = device.verify_is_allowed()
        if not permitido and datos and datos.get("locked_until"):
            segundos = max(1, math.ceil((datos["locked_until"] - timezone.now()).total_seconds()))
            raise forms.ValidationError(
                ngettext(
                    "Por seguridad, espere %(n)d segundo antes de ingresar un nuevo código del token.",
                    "Por seguridad, espere %(n)d segundos antes de ingresar un nuevo código del token.",
                    segundos,
                ) % {"n": segundos},
                code="espere",
            )
        if not (codigo.isdigit() and len(codigo) == 6) or not _verificar_codigo(device, codigo):
            registrar(
                Evento.Accion.STEPUP_FALLIDO, actor=self.actor, detalles={"accion": self.accion}, request=self.request
            )
            raise forms.ValidationError(_("El código del token no es válido o ya fue usado."), code="codigo_invalido")
        return codigo
