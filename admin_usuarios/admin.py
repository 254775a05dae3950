from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from admin_usuarios.actions.empresas import (
    CAMPOS_EMPRESA,
    CAMPOS_USUARIO_BANCO,
    do_cambiar_habilitacion_producto,
    do_crear_empresa,
    do_crear_primer_administrador,
    do_crear_producto,
    do_modificar_empresa,
    do_modificar_usuario_banco,
)
from admin_usuarios.actions.estados import do_desbloquear_usuario
from admin_usuarios.forms.banco import PrimerAdministradorForm
from admin_usuarios.models import Empresa, Perfil, Producto, Usuario
from comun.admin_site import SoloLecturaAdmin, banco_site
from comun.errores import AccionRechazada


class ProductosFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        for f in self.forms:
            if f.instance.pk and set(f.changed_data) - {"habilitado"}:
                raise forms.ValidationError(
                    _("Un producto existente solo cambia su habilitación; cree uno nuevo para otro número."))


class ProductoInline(admin.TabularInline):
    """New products are created through do_crear_producto; an existing one changes only
    its enablement (do_cambiar_habilitacion_producto)."""

    model = Producto
    formset = ProductosFormSet
    extra = 0
    fields = ["tipo", "nombre", "numero", "habilitado"]

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Empresa, site=banco_site)
class EmpresaAdmin(admin.ModelAdmin):
    list_display = ["razon_social", "nit", "identificador_interno", "estado", "intentos_maximos", "inactividad_minutos"]
    list_filter = ["estado"]
    search_fields = ["razon_social", "nit", "identificador_interno"]
    inlines = [ProductoInline]
    # Identity and state here; the security parameters and the schedule are saved by
    # seguridad's EmpresaAdmin (seguridad/admin.py), through do_cambiar_parametros.
    fields = ["nit", "razon_social", "identificador_interno", "estado", "primer_administrador"]
    readonly_fields = ["primer_administrador"]

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Empresa, form, change: bool) -> None:
        datos = {c: form.cleaned_data[c] for c in form.cleaned_data if c in CAMPOS_EMPRESA}
        if change:
            guardada = do_modificar_empresa(obj, datos, actor=request.user, request=request)
        else:
            guardada = do_crear_empresa(datos, actor=request.user, request=request)
            obj.pk = guardada.pk
        obj.refresh_from_db()
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
            except AccionRechazada as exc:
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
        if formset.model is not Producto:
            super().save_formset(request, form, formset, change)
            return
        for f in formset.forms:
            if not f.has_changed() or not f.cleaned_data:
                continue
            if f.instance.pk is None:
                do_crear_producto(form.instance, f.cleaned_data, actor=request.user, request=request)
            elif "habilitado" in f.changed_data:
                do_cambiar_habilitacion_producto(f.instance, f.cleaned_data["habilitado"], actor=request.user,
                                                 request=request)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


@admin.register(Producto, site=banco_site)
class ProductoAdmin(admin.ModelAdmin):
    """Company products and their enablement by the bank."""

    list_display = ["nombre", "numero", "tipo", "empresa", "habilitado"]
    list_filter = ["habilitado", "tipo", "empresa"]
    search_fields = ["nombre", "numero", "empresa__razon_social", "empresa__nit"]
    list_select_related = ["empresa"]
    actions = ["habilitar", "deshabilitar"]

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        # An existing product changes only through the audited enablement actions.
        return ["empresa", "tipo", "nombre", "numero", "habilitado"] if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Producto, form, change: bool) -> None:
        if change:
            return  # every field is read-only: nothing to save
        nuevo = do_crear_producto(form.cleaned_data["empresa"], form.cleaned_data, actor=request.user,
                                  request=request)
        obj.pk = nuevo.pk

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
class PerfilAdmin(SoloLecturaAdmin):
    """Profiles are the company's: its administrator edits them in Perfiles (audited)."""

    list_display = ["nombre", "empresa", "tipo", "aprobaciones"]
    list_filter = ["tipo"]
    search_fields = ["nombre", "empresa__razon_social"]
    list_select_related = ["empresa"]


@admin.register(Usuario, site=banco_site)
class UsuarioAdmin(admin.ModelAdmin):
    list_display = ["username", "nombre_completo", "empresa", "es_administrador", "estado", "is_staff", "last_login"]
    list_filter = ["estado", "es_administrador", "is_staff"]
    search_fields = ["username", "nombres", "primer_apellido", "empresa__razon_social", "empresa__nit"]
    list_select_related = ["empresa", "perfil"]
    actions = ["desbloquear"]
    # Passwords, session, failure counters and state are changed only through actions.
    # Bank staff correct a user's name and contact data here (do_modificar_usuario_banco,
    # audited). Company, role, staff flag, state and password change only through their
    # own actions (first administrator, Activación, unblocking, Generar Contraseña).
    fields = ["username", "empresa", "es_administrador", "is_staff", "is_superuser", "estado", "perfil",
              *CAMPOS_USUARIO_BANCO, "last_login", "ingreso_anterior", "ultima_ip", "intentos_fallidos",
              "debe_cambiar_clave", "creado"]

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        return [f for f in self.fields if f not in CAMPOS_USUARIO_BANCO]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # company users are created by their administrator; staff by `createsuperuser`

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Usuario, form, change: bool) -> None:
        datos = {c: form.cleaned_data[c] for c in CAMPOS_USUARIO_BANCO if c in form.cleaned_data}
        do_modificar_usuario_banco(obj, datos, actor=request.user, request=request)
        obj.refresh_from_db()

    @admin.action(description=_("Desbloquear los usuarios seleccionados"))
    def desbloquear(self, request: HttpRequest, queryset: QuerySet) -> None:
        hechos = 0
        for usuario in queryset.filter(estado=Usuario.Estado.BLOQUEADO):
            do_desbloquear_usuario(usuario, actor=request.user, request=request)
            hechos += 1
        self.message_user(request, _("%(n)d usuario(s) desbloqueado(s).") % {"n": hechos}, messages.SUCCESS)
