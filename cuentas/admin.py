"""/banco/: staff load opening balances and post deposits (through cuentas.actions,
after a confirmation step); the ledger itself is read-only here."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from admin_usuarios.models import Producto
from comun.admin_site import SoloLecturaAdmin, banco_site
from comun.dinero import formato_cop
from cuentas import actions
from cuentas.errores import LedgerError
from cuentas.models import Cuenta, Movimiento, Transferencia


def _monto(etiqueta, *, minimo: Decimal, requerido: bool = True, ayuda=None) -> forms.DecimalField:
    return forms.DecimalField(label=etiqueta, max_digits=18, decimal_places=2, min_value=minimo,
                              required=requerido, help_text=ayuda)


class _ProductoForm(forms.Form):
    producto = forms.ModelChoiceField(
        label=_("Producto"),
        queryset=Producto.objects.select_related("empresa").order_by("empresa__razon_social", "tipo", "nombre"),
    )
    confirmado = forms.BooleanField(required=False, widget=forms.HiddenInput)


class SaldoInicialForm(_ProductoForm):
    monto = _monto(_("Saldo inicial"), minimo=Decimal(0),
                   ayuda=_("Se carga una sola vez por producto; 0 solo abre la cuenta."))
    cupo = _monto(_("Cupo (tarjetas de crédito)"), minimo=Decimal(0), requerido=False)

    def clean(self):
        datos = super().clean()
        producto = datos.get("producto")
        if datos.get("cupo") is not None and producto and producto.tipo != Producto.Tipo.TARJETA_CREDITO:
            self.add_error("cupo", _("Solo las tarjetas de crédito tienen cupo."))
        return datos


class ConsignacionForm(_ProductoForm):
    monto = _monto(_("Monto"), minimo=Decimal("0.01"))
    referencia = forms.CharField(label=_("Referencia"), max_length=40, required=False)
    descripcion = forms.CharField(label=_("Descripción"), max_length=120, initial="Consignación")
    # Made when the form is first rendered: the same form submitted twice is one deposit.
    id_operacion = forms.UUIDField(widget=forms.HiddenInput)


@admin.register(Cuenta, site=banco_site)
class CuentaAdmin(SoloLecturaAdmin):
    list_display = ["nombre", "tipo", "empresa", "saldo_total", "retenido", "disponible", "movimientos"]
    list_filter = ["tipo"]
    search_fields = ["nombre", "clave", "producto__numero", "producto__empresa__razon_social"]
    list_select_related = ["producto__empresa"]
    change_list_template = "admin/cuentas/cuenta/change_list.html"

    @admin.display(description=_("Empresa"))
    def empresa(self, obj: Cuenta) -> str:
        return obj.producto.empresa.razon_social if obj.producto_id else "—"

    @admin.display(description=_("Saldo total"))
    def saldo_total(self, obj: Cuenta) -> str:
        return formato_cop(obj.saldo)

    @admin.display(description=_("Saldo retenido"))
    def retenido(self, obj: Cuenta) -> str:
        return formato_cop(obj.retenido)

    @admin.display(description=_("Saldo disponible"))
    def disponible(self, obj: Cuenta) -> str:
        return formato_cop(obj.disponible)

    def get_urls(self):
        return [
            path("saldo-inicial/", self.admin_site.admin_view(self.saldo_inicial), name="cuentas_saldo_inicial"),
            path("consignar/", self.admin_site.admin_view(self.consignar), name="cuentas_consignar"),
        ] + super().get_urls()

    def _pagina(self, request: HttpRequest, titulo, form, resumen: list | None = None) -> HttpResponse:
        contexto = {**self.admin_site.each_context(request), "title": titulo, "form": form,
                    "opts": self.model._meta, "resumen": resumen}
        return TemplateResponse(request, "admin/cuentas/formulario.html", contexto)

    def _confirmar(self, form: forms.Form) -> list[tuple[str, str]]:
        """The summary the staff member confirms (the form comes back with `confirmado`)."""
        datos = form.cleaned_data
        filas = [(str(form.fields["producto"].label), f"{datos['producto'].empresa.razon_social} · {datos['producto']}")]
        for nombre in ("monto", "cupo"):
            if nombre in datos and datos[nombre] is not None:
                filas.append((str(form.fields[nombre].label), formato_cop(datos[nombre])))
        for nombre in ("referencia", "descripcion"):
            if datos.get(nombre):
                filas.append((str(form.fields[nombre].label), datos[nombre]))
        return filas

    def _flujo(self, request: HttpRequest, form: forms.Form, titulo, hacer) -> HttpResponse:
        if request.method == "POST" and form.is_valid():
            if not form.cleaned_data.get("confirmado"):
                datos = form.data.copy()
                datos["confirmado"] = "True"
                confirmacion = type(form)(datos)
                confirmacion.is_valid()
                return self._pagina(request, titulo, confirmacion, self._confirmar(form))
            try:
                mensaje = hacer(form.cleaned_data)
            except LedgerError as exc:
                form.add_error(exc.campo if exc.campo in form.fields else None, exc.mensaje)
            else:
                self.message_user(request, mensaje, messages.SUCCESS)
                return HttpResponseRedirect(reverse("banco:cuentas_cuenta_changelist"))
        return self._pagina(request, titulo, form)

    def saldo_inicial(self, request: HttpRequest) -> HttpResponse:
        form = SaldoInicialForm(request.POST or None)

        def hacer(d: dict) -> str:
            r = actions.do_cargar_saldo_inicial(d["producto"], d["monto"], cupo=d.get("cupo"), actor=request.user,
                                                request=request)
            if r is not None and not r.nueva:
                return str(_("El producto ya tenía saldo inicial (%(m)s); no se cargó otra vez.")
                           % {"m": formato_cop(r.transferencia.monto)})
            return str(_("Saldo inicial cargado a %(p)s.") % {"p": d["producto"]})

        return self._flujo(request, form, _("Cargar saldo inicial"), hacer)

    def consignar(self, request: HttpRequest) -> HttpResponse:
        form = ConsignacionForm(request.POST or None, initial={"id_operacion": uuid.uuid4()})

        def hacer(d: dict) -> str:
            r = actions.do_consignar(d["producto"], d["monto"], id_operacion=str(d["id_operacion"]),
                                     referencia=d.get("referencia", ""), descripcion=d["descripcion"],
                                     actor=request.user, request=request)
            if not r.nueva:
                return str(_("Esta consignación ya se había registrado; no se repitió."))
            return str(_("Consignación de %(m)s a %(p)s registrada.") % {"m": formato_cop(d["monto"]),
                                                                         "p": d["producto"]})

        return self._flujo(request, form, _("Consignar a un producto"), hacer)


@admin.register(Transferencia, site=banco_site)
class TransferenciaAdmin(SoloLecturaAdmin):
    list_display = ["id", "tipo", "fecha", "debito", "credito", "monto", "referencia"]
    list_filter = ["tipo"]
    search_fields = ["id", "referencia"]
    list_select_related = ["debito", "credito"]
    show_full_result_count = False


@admin.register(Movimiento, site=banco_site)
class MovimientoAdmin(SoloLecturaAdmin):
    list_display = ["cuenta", "n", "fecha", "descripcion", "referencia", "es_debito", "monto", "saldo"]
    search_fields = ["referencia", "transferencia__id"]
    list_select_related = ["cuenta"]
    show_full_result_count = False
