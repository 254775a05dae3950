"""Activación/Inactivación form.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from admin_usuarios.actions.estados import validar_transicion
from admin_usuarios.models import Usuario
from comun.errores import AccionRechazada


class CambioEstadoForm(forms.Form):
    estado = forms.ChoiceField(label=_("Estado"), widget=forms.RadioSelect,
                               error_messages={"required": _("Seleccione el nuevo estado.")})

    def __init__(self, *args, usuario: Usuario, **kwargs) -> None:
        self.usuario = usuario
        super().__init__(*args, **kwargs)
        self.fields["estado"].choices = [(v, e) for v, e in Usuario.Estado.choices if v != usuario.estado]

    def clean_estado(self) -> str:
        nuevo = self.cleaned_data["estado"]
        try:
            validar_transicion(self.usuario, nuevo)
        except AccionRechazada as exc:
            raise forms.ValidationError(str(exc), code="transicion_invalida") from None
        return nuevo
