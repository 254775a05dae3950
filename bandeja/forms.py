from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from bandeja import catalogo

_MILES = re.compile(r"^\d{1,3}(\.\d{3})+$")
MONTO_MAXIMO = Decimal("9999999999999999.99")


def leer_monto(texto: str) -> Decimal:
    """An amount typed the Colombian way (1.234.567,89) or plainly (1234567.89)."""
    limpio = (texto or "").replace("$", "").replace(" ", "").strip()
    if not limpio:
        return Decimal(0)
    if "," in limpio:
        limpio = limpio.replace(".", "").replace(",", ".")
    elif _MILES.match(limpio):
        limpio = limpio.replace(".", "")
    if not re.fullmatch(r"\d+(\.\d{1,2})?", limpio):
        raise forms.ValidationError(_("Escriba un monto válido, por ejemplo 1.000.000,00."))
    try:
        valor = Decimal(limpio)
    except InvalidOperation as exc:
        raise forms.ValidationError(_("Escriba un monto válido, por ejemplo 1.000.000,00.")) from exc
    if valor > MONTO_MAXIMO:
        raise forms.ValidationError(_("El monto es demasiado grande."))
    return valor


class InscripcionAlertasForm(forms.Form):
    grupos = forms.MultipleChoiceField(
        label=_("Recibir también por correo electrónico"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=list(catalogo.GRUPOS.items()),
    )
    monto_minimo = forms.CharField(
        label=_("Monto mínimo de operaciones ejecutadas o rechazadas"), required=False, max_length=30,
        help_text=_("Las operaciones ejecutadas o rechazadas por un monto menor no se envían por correo."),
    )

    def clean_monto_minimo(self) -> Decimal:
        return leer_monto(self.cleaned_data.get("monto_minimo", ""))
