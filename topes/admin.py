"""/banco/: the service catalogue and the bank's caps; company amounts, limits and ledger read-only.

Caps are saved only through `do_guardar_tope_banco`, under the same rule as the portal.
"""

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from comun.admin_site import SoloLecturaAdmin, banco_site
from topes.actions import TopesAfectadosError, do_guardar_servicio, do_guardar_tope_banco
from topes.forms import TopeBancoAdminForm
from topes.models import Consumo, MontoEmpresa, Servicio, TopeBanco, TopeUsuario
from topes.rules import CAMPOS, Montos


@admin.register(Servicio, site=banco_site)
class ServicioAdmin(admin.ModelAdmin):
    list_display = ["nombre", "codigo", "grupo", "tipo", "activo", "orden"]
    list_filter = ["grupo", "tipo", "activo"]
    search_fields = ["nombre", "codigo"]

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        # The code identifies the service in audit rows and imports: fixed once created.
        return ["codigo"] if obj else []

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Servicio, form, change: bool) -> None:
        guardado = do_guardar_servicio(Servicio.objects.get(pk=obj.pk) if change else Servicio(),
                                       form.cleaned_data, actor=request.user, request=request)
        obj.pk = guardado.pk


@admin.register(TopeBanco, site=banco_site)
class TopeBancoAdmin(admin.ModelAdmin):
    form = TopeBancoAdminForm
    list_display = ["empresa", "servicio", "transaccion", "diario", "mensual", "actualizado"]
    list_filter = ["servicio"]
    search_fields = ["empresa__razon_social", "empresa__nit"]
    list_select_related = ["empresa", "servicio"]

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return ["empresa", "servicio"] if obj else []

    def save_model(self, request: HttpRequest, obj: TopeBanco, form, change: bool) -> None:
        montos = Montos(*(form.cleaned_data[c] for c in CAMPOS))
        try:
            ajustados = do_guardar_tope_banco(
                obj.empresa, obj.servicio, montos, ajustar=form.cleaned_data.get("ajustar", False),
                actor=request.user, request=request,
            )
        except TopesAfectadosError as e:  # changed between the form check and the save
            self.message_user(request, " ".join(e.messages), messages.ERROR)
            return
        obj.pk = TopeBanco.objects.get(empresa=obj.empresa, servicio=obj.servicio).pk
        if ajustados:
            self.message_user(request, _("Se bajaron %(n)d tope(s) de usuarios.") % {"n": len(ajustados)},
                              messages.WARNING)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False




@admin.register(MontoEmpresa, site=banco_site)
class MontoEmpresaAdmin(SoloLecturaAdmin):
    list_display = ["empresa", "servicio", "transaccion", "diario", "mensual", "actualizado"]
    list_filter = ["servicio"]
    search_fields = ["empresa__razon_social", "empresa__nit"]
    list_select_related = ["empresa", "servicio"]


@admin.register(TopeUsuario, site=banco_site)
class TopeUsuarioAdmin(SoloLecturaAdmin):
    list_display = ["asignacion", "servicio", "transaccion", "diario", "mensual", "actualizado"]
    list_filter = ["servicio"]
    search_fields = ["asignacion__usuario__username", "asignacion__producto__numero"]
    list_select_related = ["asignacion__usuario", "asignacion__producto", "servicio"]


@admin.register(Consumo, site=banco_site)
class ConsumoAdmin(SoloLecturaAdmin):
    list_display = ["creado", "usuario", "producto", "servicio", "monto", "fecha", "referencia"]
    list_filter = ["servicio", "fecha"]
    search_fields = ["usuario__username", "producto__numero", "referencia"]
    list_select_related = ["usuario", "producto", "servicio"]
