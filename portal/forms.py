from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from portal import imagenes


class Paso1Form(forms.Form):
    username = forms.CharField(label=_("Usuario"), max_length=30)
    codigo = forms.CharField(
        label=_("Clave Dinámica Token"),
        max_length=6,
        required=False,
        help_text=_("Si usted no tiene token, por favor omita el campo"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
    condiciones = forms.BooleanField(
        label=_("He leído las Condiciones de Seguridad"),
        error_messages={"required": _("Debe aceptar las Condiciones de Seguridad para continuar.")},
    )

    def clean_codigo(self) -> str:
        codigo = self.cleaned_data["codigo"].strip()
        # isascii: "²" and "٣" are digits to str.isdigit but not to a token.
        if codigo and not (codigo.isascii() and codigo.isdigit() and len(codigo) == 6):
            raise forms.ValidationError(_("La Clave Dinámica Token tiene 6 dígitos."))
        return codigo


class OlvidoClaveForm(forms.Form):
    username = forms.CharField(label=_("Usuario"), max_length=30)
    codigo = forms.CharField(
        label=_("Clave Dinámica Token"), max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        error_messages={"required": _("Ingrese el código de su token.")},
    )
    identificacion = forms.CharField(label=_("No. Identificación"), max_length=20)

    clean_codigo = Paso1Form.clean_codigo


class NuevaClaveForm(forms.Form):
    """The emailed link's form. The rules are checked by the action (the configured validators)."""

    nueva = forms.CharField(label=_("Clave nueva"), max_length=128, strip=False,
                            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    confirmacion = forms.CharField(label=_("Confirmación"), max_length=128, strip=False,
                                   widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nueva"].help_text = password_validation.password_validators_help_text_html()

    def clean(self) -> dict:
        data = super().clean()
        if data.get("nueva") and data.get("confirmacion") and data["nueva"] != data["confirmacion"]:
            self.add_error("confirmacion", _("La confirmación no coincide con la clave nueva."))
        return data


class Paso2Form(forms.Form):
    clave = forms.CharField(
        label=_("Clave"), max_length=128, strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class CambiarClaveForm(forms.Form):
    actual = forms.CharField(label=_("Clave actual"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    nueva = forms.CharField(label=_("Clave nueva"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    confirmacion = forms.CharField(label=_("Confirmación"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, user, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["nueva"].help_text = password_validation.password_validators_help_text_html()

    def clean_actual(self) -> str:
        actual = self.cleaned_data["actual"]
        if not self.user.check_password(actual):
            raise forms.ValidationError(_("La clave actual no es correcta."))
        return actual

    def clean_nueva(self) -> str:
        nueva = self.cleaned_data["nueva"]
        password_validation.validate_password(nueva, self.user)
        return nueva

    def clean(self) -> dict:
        data = super().clean()
        if data.get("nueva") and data.get("confirmacion") and data["nueva"] != data["confirmacion"]:
            self.add_error("confirmacion", _("La confirmación no coincide con la clave nueva."))
        return data


class ImagenSeguridadForm(forms.Form):
    imagen = forms.ChoiceField(
        label=_("Imagen de Seguridad"),
        choices=list(imagenes.IMAGENES.items()),
        widget=forms.RadioSelect,
        error_messages={"required": _("Seleccione una imagen.")},
    )
