"""/banco/: bank staff load serials and quotas, physical tokens, and manage
administrators' tokens, always through tokens/actions.py."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from admin_usuarios.models import Empresa, Usuario
from comun.admin_site import banco_site
from comun.errores import AccionRechazada
from tokens import actions
from tokens.models import CupoTokens, TokenFisico, TokenVirtual


class LoteForm(forms.Form):
    empresa = forms.ModelChoiceField(label=_("Empresa"), queryset=Empresa.objects.all())
    cupo = forms.IntegerField(label=_("Cantidad Tokens Virtuales Empresa (cupo)"), min_value=0, required=False,
                              help_text=_("Déjelo vacío para no cambiar el cupo."))
    seriales = forms.CharField(label=_("Seriales"), widget=forms.Textarea(attrs={"rows": 8}),
                               help_text=_("Uno por línea, por ejemplo FEF4900030."))

    def clean(self):
        datos = super().clean()
        try:
            datos["lista"] = actions.normalizar_seriales(datos.get("seriales", ""))
        except AccionRechazada as exc:
            self.add_error("seriales", str(exc))
        empresa, cupo = datos.get("empresa"), datos.get("cupo")
        if empresa is not None and cupo is not None:
            motivo = actions.validar_cupo(cupo, actions.tokens_en_uso(empresa.pk))
            if motivo:
                self.add_error("cupo", motivo)
        return datos


class AsignarForm(forms.Form):
    usuario = forms.ModelChoiceField(
        label=_("Usuario"),
        queryset=Usuario.objects.filter(empresa__isnull=False, estado=Usuario.Estado.ACTIVO)
        .select_related("empresa").order_by("empresa__razon_social", "username"),
        help_text=_("Normalmente el usuario administrador de la empresa."),
    )


def _operacion(nombre: str, etiqueta):
    funcion = {
        "activar": actions.do_activar_token,
        "reactivar": actions.do_reactivar_token,
        "inactivar": actions.do_inactivar_token,
        "liberar": actions.do_liberar_token,
    }[nombre]

    def accion(modeladmin, request: HttpRequest, queryset) -> None:
        for token in queryset.select_related("usuario", "empresa"):
            try:
                funcion(token, actor=request.user, request=request)
            except AccionRechazada as exc:
                modeladmin.message_user(request, f"{token.serial}: {exc}", messages.ERROR)
            else:
                modeladmin.message_user(request, f"{token.serial}: {etiqueta}", messages.SUCCESS)

    accion.__name__ = f"token_{nombre}"
    accion.short_description = etiqueta  # type: ignore[attr-defined]
    return accion


@admin.register(TokenVirtual, site=banco_site)
class TokenVirtualAdmin(admin.ModelAdmin):
    list_display = ["serial", "empresa", "usuario", "estado", "actualizado"]
    list_filter = ["estado", "empresa"]
    search_fields = ["serial", "usuario__username"]
    list_select_related = ["empresa", "usuario"]
    readonly_fields = ["empresa", "serial", "estado", "dispositivo", "usuario", "enrolamiento_expira", "actualizado"]
    actions = [
        _operacion("activar", _("Activar")),
        _operacion("reactivar", _("Reactivar")),
        _operacion("inactivar", _("Inactivar")),
        _operacion("liberar", _("Liberar")),
    ]
    change_list_template = "admin/tokens/tokenvirtual/change_list.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # serials come in batches (Cargar lote)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # Liberar returns a serial to the pool; history stays in the audit trail

    def get_urls(self):
        return [
            path("cargar-lote/", self.admin_site.admin_view(self.cargar_lote), name="tokens_cargar_lote"),
            path("asignar/", self.admin_site.admin_view(self.asignar), name="tokens_asignar"),
        ] + super().get_urls()

    def _pagina(self, request: HttpRequest, titulo, form) -> HttpResponse:
        contexto = {**self.admin_site.each_context(request), "title": titulo, "form": form,
                    "opts": self.model._meta}
        return TemplateResponse(request, "admin/tokens/formulario.html", contexto)

    def cargar_lote(self, request: HttpRequest) -> HttpResponse:
        form = LoteForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                creados = actions.do_cargar_lote(form.cleaned_data["empresa"], form.cleaned_data["lista"],
                                                 cupo=form.cleaned_data["cupo"], actor=request.user, request=request)
            except AccionRechazada as exc:
                form.add_error(None, str(exc))
            else:
                self.message_user(request, _("Se cargaron %(n)s seriales.") % {"n": len(creados)}, messages.SUCCESS)
                return HttpResponseRedirect(reverse("banco:tokens_tokenvirtual_changelist"))
        return self._pagina(request, _("Cargar lote de tokens virtuales"), form)

    def asignar(self, request: HttpRequest) -> HttpResponse:
        form = AsignarForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                token = actions.do_asignar_token(form.cleaned_data["usuario"], actor=request.user, request=request)
            except AccionRechazada as exc:
                form.add_error("usuario", str(exc))
            else:
                self.message_user(request, _("Token %(s)s asignado a %(u)s.") % {
                    "s": token.serial, "u": token.usuario.username}, messages.SUCCESS)
                return HttpResponseRedirect(reverse("banco:tokens_tokenvirtual_changelist"))
        return self._pagina(request, _("Asignar token virtual a un usuario"), form)


class CupoForm(forms.ModelForm):
    class Meta:
        model = CupoTokens
        fields = ["empresa", "cantidad"]

    def clean(self):
        datos = super().clean()
        empresa = datos.get("empresa") or (self.instance.empresa if self.instance.empresa_id else None)
        cantidad = datos.get("cantidad")
        if empresa is not None and cantidad is not None:
            motivo = actions.validar_cupo(cantidad, actions.tokens_en_uso(empresa.pk))
            if motivo:
                self.add_error("cantidad", motivo)
        return datos


@admin.register(CupoTokens, site=banco_site)
class CupoTokensAdmin(admin.ModelAdmin):
    form = CupoForm
    list_display = ["empresa", "cantidad", "actualizado"]
    list_select_related = ["empresa"]

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return ["empresa"] if obj else []

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: CupoTokens, form, change: bool) -> None:
        # The quota changes only through the action (locked, re-checked, audited).
        cupo = actions.do_cambiar_cupo(obj.empresa, obj.cantidad, actor=request.user, request=request)
        obj.pk = cupo.pk


class TokenFisicoForm(forms.ModelForm):
    semilla = forms.CharField(label=_("Semilla (base32)"), widget=forms.PasswordInput(render_value=False),
                              help_text=_("La semilla TOTP entregada por el fabricante. No se vuelve a mostrar."))

    class Meta:
        model = TokenFisico
        fields = ["usuario", "serial"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["usuario"].queryset = Usuario.objects.filter(empresa__isnull=False).order_by("username")

    def clean(self):
        datos = super().clean()
        if datos.get("usuario") is not None and datos.get("serial"):
            try:
                actions.verificar_token_fisico(datos["usuario"], datos["serial"])
            except AccionRechazada as exc:
                self.add_error("serial", str(exc))
        return datos

    def clean_semilla(self) -> str:
        semilla = self.cleaned_data["semilla"]
        try:
            actions.secreto_a_hex(semilla)
        except AccionRechazada as exc:
            raise forms.ValidationError(str(exc)) from exc
        return semilla


@admin.register(TokenFisico, site=banco_site)
class TokenFisicoAdmin(admin.ModelAdmin):
    list_display = ["serial", "empresa", "usuario", "estado", "actualizado"]
    list_filter = ["estado", "empresa"]
    search_fields = ["serial", "usuario__username"]
    list_select_related = ["empresa", "usuario"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = TokenFisicoForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return ["empresa", "serial", "usuario", "estado", "dispositivo", "actualizado"] if obj else []

    def get_fields(self, request: HttpRequest, obj=None):
        return ["usuario", "serial", "semilla"] if obj is None else self.get_readonly_fields(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: TokenFisico, form, change: bool) -> None:
        if change:
            return
        fisico = actions.do_cargar_token_fisico(form.cleaned_data["usuario"], form.cleaned_data["serial"],
                                                form.cleaned_data["semilla"], actor=request.user, request=request)
        obj.pk = fisico.pk
