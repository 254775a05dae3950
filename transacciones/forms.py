"""Validation of the Transacciones screens. The actions check everything again."""

from __future__ import annotations

import datetime as dt
import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from admin_usuarios.models import Producto, Usuario
from comun.paginas import TAMANOS_PAGINA
from topes.forms import MontoField
from transacciones import access
from transacciones.models import BANCO_OCCIDENTE, BANCOS_BENEFICIARIO, Beneficiario, Operacion

FORMATOS_FECHA = ["%Y/%m/%d", "%Y-%m-%d"]


def _texto_producto(p: Producto) -> str:
    return f"{p.get_tipo_display()} {p.nombre} - {p.numero}"


def _estilo(form: forms.Form) -> None:
    for campo in form.fields.values():
        if isinstance(campo.widget, forms.HiddenInput):
            continue
        select = isinstance(campo.widget, forms.Select)
        campo.widget.attrs.setdefault("class", "form-select" if select else "form-control")


class CapturaForm(forms.Form):
    """Origin, amount, date and reference; subclasses add the destination of their type."""

    tipo: str = ""
    origen = forms.TypedChoiceField(label=_("Producto origen"), coerce=int)
    monto = MontoField(label=_("Monto"), widget=forms.TextInput(attrs={"inputmode": "decimal",
                                                                       "placeholder": "1.500.000"}))
    fecha = forms.DateField(label=_("Fecha de aplicación"), input_formats=FORMATOS_FECHA,
                            widget=forms.DateInput(format="%Y/%m/%d", attrs={"placeholder": "aaaa/mm/dd"}),
                            help_text=_("Hoy, o un día futuro para dejarla Programada."))
    referencia = forms.CharField(label=_("Referencia"), max_length=40, required=False)
    # Made when the form is rendered and carried through every re-display: posting the
    # same form twice (double click, back + resubmit) is one operation.
    clave = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, data=None, *, user: Usuario, hoy: dt.date) -> None:
        super().__init__(data, initial={"clave": uuid.uuid4(), "fecha": hoy})
        self.user = user
        self.productos = {p.pk: p for p in access.productos_origen(user)}
        self.fields["origen"].choices = [("", _("Seleccione…"))] + [
            (p.pk, _texto_producto(p)) for p in self.productos.values()]
        _estilo(self)

    def clean_monto(self):
        monto = self.cleaned_data["monto"]
        if monto is None or monto <= 0:
            raise forms.ValidationError(_("El monto debe ser mayor que cero."))
        return monto

    def clave_enviada(self) -> uuid.UUID | None:
        try:
            return uuid.UUID(str(self.data.get("clave", "")))
        except ValueError:
            return None

    def datos_accion(self) -> dict:
        d = self.cleaned_data
        return {"tipo": self.tipo, "origen": self.productos[d["origen"]], "monto": d["monto"], "fecha": d["fecha"],
                "referencia": d["referencia"], "clave": d["clave"]}


class InternaForm(CapturaForm):
    tipo = Operacion.Tipo.INTERNA
    destino = forms.TypedChoiceField(label=_("Producto destino"), coerce=int)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.destinos = {p.pk: p for p in access.productos_empresa(self.user)}
        self.fields["destino"].choices = [("", _("Seleccione…"))] + [
            (p.pk, _texto_producto(p)) for p in self.destinos.values()]
        self.fields["destino"].widget.attrs["class"] = "form-select"
        self.order_fields(["origen", "destino"])

    def datos_accion(self) -> dict:
        return {**super().datos_accion(), "destino": self.destinos[self.cleaned_data["destino"]]}


class BeneficiarioForm(CapturaForm):
    """Aval y otros Bancos and A Terceros: to a registered, active account."""

    beneficiario = forms.TypedChoiceField(label=_("Cuenta destino (inscrita)"), coerce=int)

    def __init__(self, *args, tipo: str, **kwargs) -> None:
        self.tipo = tipo
        super().__init__(*args, **kwargs)
        qs = access.beneficiarios_de(self.user).filter(estado=Beneficiario.Estado.ACTIVO)
        if tipo == Operacion.Tipo.OTROS_BANCOS:
            qs = qs.exclude(banco=BANCO_OCCIDENTE)
        self.beneficiarios = {b.pk: b for b in qs}
        self.fields["beneficiario"].choices = [("", _("Seleccione…"))] + [
            (b.pk, f"{b.alias} · {b.titular} · {b.get_banco_display()} {b.get_tipo_cuenta_display()} {b.numero_cuenta}")
            for b in self.beneficiarios.values()]
        self.fields["beneficiario"].widget.attrs["class"] = "form-select"
        self.order_fields(["origen", "beneficiario"])

    def datos_accion(self) -> dict:
        return {**super().datos_accion(), "beneficiario": self.beneficiarios[self.cleaned_data["beneficiario"]]}


class ImpuestosForm(CapturaForm):
    tipo = Operacion.Tipo.IMPUESTOS
    formulario = forms.ChoiceField(label=_("Tipo de formulario"),
                                   choices=[("", _("Seleccione…")), *Operacion.Formulario.choices])
    numero_formulario = forms.RegexField(label=_("No. Formulario"), regex=r"^\d{6,20}$", max_length=20,
                                         error_messages={"invalid": _("Entre 6 y 20 dígitos, sin puntos ni guiones.")})

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["formulario"].widget.attrs["class"] = "form-select"
        self.fields["numero_formulario"].widget.attrs.update(inputmode="numeric", **{"class": "form-control"})
        self.order_fields(["origen", "formulario", "numero_formulario"])

    def datos_accion(self) -> dict:
        d = self.cleaned_data
        return {**super().datos_accion(), "formulario": d["formulario"], "numero_formulario": d["numero_formulario"]}


class RechazoForm(forms.Form):
    motivo = forms.CharField(label=_("Motivo del rechazo"), max_length=200,
                             widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
                             error_messages={"required": _("Indique el motivo del rechazo.")})


class InscripcionForm(forms.Form):
    titular = forms.CharField(label=_("Titular"), max_length=100)
    tipo_identificacion = forms.ChoiceField(label=_("Tipo Identificación"), choices=Usuario.TipoIdentificacion.choices)
    numero_identificacion = forms.CharField(label=_("No. Identificación"), max_length=20,
                                            help_text=_("NIT con dígito de verificación, p. ej. 900123456-8."))
    banco = forms.ChoiceField(label=_("Banco"), choices=BANCOS_BENEFICIARIO)
    tipo_cuenta = forms.ChoiceField(label=_("Tipo de Cuenta"), choices=Beneficiario.TipoCuenta.choices)
    numero_cuenta = forms.RegexField(label=_("No. Cuenta"), regex=r"^\d{6,20}$", max_length=20,
                                     error_messages={"invalid": _("Entre 6 y 20 dígitos.")})
    alias = forms.CharField(label=_("Alias"), max_length=40)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _estilo(self)


class HistoricoForm(forms.Form):
    desde = forms.DateField(label=_("Fecha inicial"), required=False, input_formats=FORMATOS_FECHA,
                            widget=forms.DateInput(format="%Y/%m/%d", attrs={"placeholder": "aaaa/mm/dd"}))
    hasta = forms.DateField(label=_("Fecha final"), required=False, input_formats=FORMATOS_FECHA,
                            widget=forms.DateInput(format="%Y/%m/%d", attrs={"placeholder": "aaaa/mm/dd"}))
    estado = forms.ChoiceField(label=_("Estado"), required=False,
                               choices=[("", _("Todos")), *Operacion.Estado.choices])
    tipo = forms.ChoiceField(label=_("Tipo de operación"), required=False,
                             choices=[("", _("Todos")), *Operacion.Tipo.choices])
    numero = forms.IntegerField(label=_("No. Operación"), required=False, min_value=1)
    ver = forms.TypedChoiceField(label=_("Ver"), choices=[(n, n) for n in TAMANOS_PAGINA], coerce=int,
                                 required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _estilo(self)
        for campo in self.fields.values():
            campo.widget.attrs["class"] += " form-control-sm" if "control" in campo.widget.attrs["class"] else \
                " form-select-sm"

    def clean(self) -> dict:
        datos = super().clean()
        if datos.get("desde") and datos.get("hasta") and datos["desde"] > datos["hasta"]:
            self.add_error("hasta", _("La fecha final debe ser igual o posterior a la fecha inicial."))
        return datos

    def filtros(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "") and k != "ver"}
