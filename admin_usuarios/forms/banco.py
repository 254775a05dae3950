"""Bank staff forms (/banco/): a company's first administrator.
"""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from admin_usuarios.models import Usuario, solo_letras_y_digitos

celular_colombiano = RegexValidator(r"^3\d{9}$", _("Ingrese un celular de 10 dígitos que empiece por 3."))


class PrimerAdministradorForm(forms.Form):
    username = forms.CharField(label=_("Usuario"), max_length=20, validators=[solo_letras_y_digitos])
    nombres = forms.CharField(label=_("Nombres"), max_length=60)
    primer_apellido = forms.CharField(label=_("Primer Apellido"), max_length=40)
    segundo_apellido = forms.CharField(label=_("Segundo Apellido"), max_length=40, required=False)
    email = forms.EmailField(label=_("Correo Electrónico"))
    celular = forms.CharField(label=_("Celular"), max_length=10, validators=[celular_colombiano])

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if Usuario.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("Ya existe un usuario con ese nombre de usuario."), code="duplicado")
        return username
