from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from admin_usuarios.actions import do_desbloquear_usuario
from admin_usuarios.actions_seguridad import (
    OperacionRechazada,
    do_cambiar_habilitacion_producto,
    do_crear_primer_administrador,
)
from admin_usuarios.forms_seguridad import PrimerAdministradorForm
from admin_usuarios.models import DIAS, Empresa, Horario, Perfil, Producto, ReglaIP, Usuario
from portal.admin_site import EnLineaEtiquetada, EtiquetasBancoMixin, banco_site

# "Lunes inicio", "Miercoles fin"… were the field names: the day's name (with its accent) and
# the part of the day, in the staff member's language.
ETIQUETAS_HORARIO = {
    f"{dia}_{parte}": format_lazy("{dia} – {parte}", dia=nombre, parte=etiqueta)
    for dia, nombre in DIAS
    for parte, etiqueta in (("inicio", _("hora de inicio")), ("fin", _("hora de término")))
} | {
    "festivo_permitido": _("Acceso en días festivos"),
    "monetarias_sabado": _("Transacciones monetarias el sábado"),
    "monetarias_domingo": _("Transacciones monetarias el domingo"),
    "monetarias_festivo": _("Transacciones monetarias en festivos"),
}


class HorarioEmpresaInline(EtiquetasBancoMixin, admin.StackedInline):
    etiquetas = ETIQUETAS_HORARIO
    model = Horario
    fk_name = "empresa"
    extra = 0
    max_num = 1
    exclude = ["usuario"]


class ProductoInline(EnLineaEtiquetada):
    model = Producto
    extra = 0


class ReglaIPEmpresaInline(EnLineaEtiquetada):
    model = ReglaIP
    extra = 0
    fields = ["red", "descripcion"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).filter(usuario__isnull=True)


@admin.register(Empresa, site=banco_site)
class EmpresaAdmin(EtiquetasBancoMixin, admin.ModelAdmin):
    list_display = ["razon_social", "nit", "identificador_interno", "estado", "intentos_maximos", "inactividad_minutos"]
    list_filter = ["estado"]
    search_fields = ["razon_social", "nit", "identificador_interno"]
    inlines = [HorarioEmpresaInline, ProductoInline, ReglaIPEmpresaInline]
    readonly_fields = ["primer_administrador"]
    actions = ["crear_primer_administrador"]

    @admin.display(description=_("Administrador de la empresa"))
    def primer_administrador(self, obj: Empresa) -> str:
        if obj.pk is None:
            return "—"
        url = reverse("banco:admin_usuarios_empresa_primer_administrador", args=[obj.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, _("Crear primer administrador"))

    def get_urls(self):
        propias = [
            path("<int:pk>/primer-administrador/", self.admin_site.admin_view(self.primer_administrador_view),
                 name="admin_usuarios_empresa_primer_administrador"),
        ]
        return propias + super().get_urls()

    @admin.action(description=_("Crear el primer administrador de la empresa seleccionada"))
    def crear_primer_administrador(self, request: HttpRequest, queryset: QuerySet):
        if queryset.count() != 1:
            self.message_user(request, _("Seleccione una sola empresa."), messages.ERROR)
            return None
        return HttpResponseRedirect(
            reverse("banco:admin_usuarios_empresa_primer_administrador", args=[queryset.get().pk]))

    def primer_administrador_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Form of the company's first administrator; the temporary password goes out by email."""
        empresa = get_object_or_404(Empresa, pk=pk)
        if not self.has_change_permission(request, empresa):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        form = PrimerAdministradorForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                nuevo = do_crear_primer_administrador(empresa, **form.cleaned_data, actor=request.user,
                                                      request=request)
            except OperacionRechazada as exc:
                form.add_error(None, str(exc))
            else:
                self.message_user(
                    request,
                    _("Se creó el administrador %(u)s de %(e)s; su contraseña temporal se envía a %(c)s.")
                    % {"u": nuevo.username, "e": empresa.razon_social, "c": nuevo.email},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("banco:admin_usuarios_empresa_change", args=[empresa.pk]))
        contexto = {
            **self.admin_site.each_context(request), "opts": self.model._meta, "empresa": empresa, "form": form,
            "title": _("Crear primer administrador"),
        }
        return render(request, "admin_usuarios/seguridad/banco_primer_administrador.html", contexto)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        # Enabling or disabling a product is audited through its action.
        if formset.model is Producto:
            cambios = [(f.instance, f.cleaned_data.get("habilitado")) for f in formset.forms
                       if f.instance.pk and "habilitado" in f.changed_data and not f.cleaned_data.get("DELETE")]
            for f in formset.forms:
                if f.instance.pk and "habilitado" in f.changed_data:
                    f.instance.habilitado = not f.cleaned_data.get("habilitado")
            super().save_formset(request, form, formset, change)
            for producto, habilitado in cambios:
                do_cambiar_habilitacion_producto(producto, habilitado, actor=request.user, request=request)
            return
        super().save_formset(request, form, formset, change)


@admin.register(Producto, site=banco_site)
class ProductoAdmin(EtiquetasBancoMixin, admin.ModelAdmin):
    """Company products and their enablement by the bank."""

    list_display = ["nombre", "numero", "tipo", "empresa", "habilitado"]
    list_filter = ["habilitado", "tipo", "empresa"]
    search_fields = ["nombre", "numero", "empresa__razon_social", "empresa__nit"]
    list_select_related = ["empresa"]
    actions = ["habilitar", "deshabilitar"]

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        # Enablement of an existing product changes only through the audited actions.
        return ["habilitado"] if obj is not None else []

    @admin.action(description=_("Habilitar los productos seleccionados"))
    def habilitar(self, request: HttpRequest, queryset: QuerySet) -> None:
        for producto in queryset:
            do_cambiar_habilitacion_producto(producto, True, actor=request.user, request=request)
        self.message_user(request, _("Productos habilitados."), messages.SUCCESS)

    @admin.action(description=_("Deshabilitar los productos seleccionados"))
    def deshabilitar(self, request: HttpRequest, queryset: QuerySet) -> None:
        for producto in queryset:
            do_cambiar_habilitacion_producto(producto, False, actor=request.user, request=request)
        self.message_user(request, _("Productos deshabilitados."), messages.SUCCESS)


@admin.register(Perfil, site=banco_site)
class PerfilAdmin(EtiquetasBancoMixin, admin.ModelAdmin):
    list_display = ["nombre", "empresa", "tipo", "aprobaciones"]
    list_filter = ["tipo"]
    search_fields = ["nombre", "empresa__razon_social"]
    list_select_related = ["empresa"]


@admin.register(Usuario, site=banco_site)
class UsuarioAdmin(EtiquetasBancoMixin, admin.ModelAdmin):
    list_display = ["username", "nombre_completo", "empresa", "es_administrador", "estado", "is_staff", "last_login"]
    list_filter = ["estado", "es_administrador", "is_staff"]
    search_fields = ["username", "nombres", "primer_apellido", "empresa__razon_social", "empresa__nit"]
    list_select_related = ["empresa", "perfil"]
    actions = ["desbloquear"]
    # Passwords, session, failure counters and state are changed only through actions.
    readonly_fields = [
        "estado", "password", "last_login", "ingreso_anterior", "ultima_ip", "intentos_fallidos",
        "debe_cambiar_clave", "clave_temporal_expira", "clave_temporal_usada", "imagen_seguridad", "creado",
        "clave_generada",
    ]
    exclude = ["user_permissions", "groups", "sesion_actual"]

    @admin.action(description=_("Desbloquear los usuarios seleccionados"))
    def desbloquear(self, request: HttpRequest, queryset: QuerySet) -> None:
        hechos = 0
        for usuario in queryset.filter(estado=Usuario.Estado.BLOQUEADO):
            do_desbloquear_usuario(usuario, actor=request.user, request=request)
            hechos += 1
        self.message_user(request, _("%(n)d usuario(s) desbloqueado(s).") % {"n": hechos}, messages.SUCCESS)
