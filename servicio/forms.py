from django import forms
from django.utils.translation import gettext_lazy as _

from admin_usuarios.models import Producto
from servicio.models import MAX_CHEQUERAS, SolicitudChequera


def _etiqueta(p: Producto) -> str:
    return f"{p.get_tipo_display()} {p.nombre} - {p.numero}"


class CertificadoForm(forms.Form):
    # A plain number: the view resolves it through servicio.access (404 for a product the user may not see).
    producto = forms.IntegerField(label=_("Producto"), min_value=1, widget=forms.Select(attrs={"class": "form-select"}),
                                  error_messages={"required": _("Seleccione un producto.")})
    incluir_saldo = forms.BooleanField(label=_("Incluir el saldo actual"), required=False,
                                       widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    def __init__(self, *args, productos: list[Producto], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["producto"].widget.choices = [("", _("Seleccione…"))] + [(p.pk, _etiqueta(p)) for p in productos]


class ChequeraForm(forms.Form):
    producto = forms.IntegerField(label=_("Cuenta Corriente"), min_value=1,
                                  widget=forms.Select(attrs={"class": "form-select"}),
                                  error_messages={"required": _("Seleccione una cuenta corriente.")})
    chequeras = forms.TypedChoiceField(label=_("Número de chequeras"), coerce=int,
                                       choices=[(n, n) for n in range(1, MAX_CHEQUERAS + 1)],
                                       widget=forms.Select(attrs={"class": "form-select"}))
    oficina = forms.ChoiceField(label=_("Oficina de entrega"), choices=SolicitudChequera.Oficina.choices,
                                widget=forms.Select(attrs={"class": "form-select"}))

    def __init__(self, *args, productos: list[Producto], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["producto"].widget.choices = [("", _("Seleccione…"))] + [(p.pk, f"{p.nombre} - {p.numero}") for p in productos]
