"""/banco/: Django admin for bank staff only, with OTP required (django-otp)."""

import functools
from collections.abc import Callable

from django import forms
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.db.models.constants import LOOKUP_SEP
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite

from comun.dinero import formato_cop
from comun.entradas import MAXIMO_ENTERO, solo_digitos

# The staff login check (attempt slots, block, audit): set by portal at start-up.
_ingreso: Callable | None = None


def conectar_ingreso(ingreso: Callable) -> None:
    global _ingreso
    _ingreso = ingreso


class BancoAuthenticationForm(OTPAdminAuthenticationForm):
    """One step for staff who own a single device: use it without asking which.

    The device is looked up among the authenticated user's own confirmed devices
    only, so the choice can never point at somebody else's token.

    `clean` applies the portal's attempt slots, block and audit, and answers
    every failure with one message: the check is portal.ingreso_banco, which the
    portal app plugs in at start-up (`conectar_ingreso`), as the toolbox imports no app.
    """

    def _chosen_device(self, user):
        device = super()._chosen_device(user)
        if device is None:
            propios = list(devices_for_user(user, confirmed=True))
            if len(propios) == 1:
                device = propios[0]
        return device

    def _dispositivo_de(self, user):
        with transaction.atomic():  # django-otp loads a chosen device FOR UPDATE
            return self._chosen_device(user)

    def clean(self):
        if _ingreso is None:  # pragma: no cover - a missing app is a configuration error
            raise RuntimeError("No staff login check is installed (the portal app connects it in ready()).")
        datos = self.cleaned_data
        if not datos.get("username") or not datos.get("password"):
            return datos  # the required-field errors say it
        resultado = _ingreso(
            self.request, datos["username"], datos["password"], datos.get("otp_token") or "",
            self._dispositivo_de,
        )
        if resultado.usuario is None:
            raise forms.ValidationError(resultado.mensaje, code="invalid_login")
        self.user_cache = resultado.usuario
        # django-otp marks the session verified at login for the device set here.
        self.user_cache.otp_device = resultado.dispositivo
        return datos


class BancoAdminSite(OTPAdminSite):
    login_form = BancoAuthenticationForm
    site_header = _("OcciRed · Funcionarios del banco")
    site_title = _("OcciRed Banco")
    index_title = _("Administración del banco")
    # The index and the breadcrumbs navigate; the sidebar took 300 px of every change list,
    # which then scrolled sideways on a 1366 px screen (amounts and states out of view).
    enable_nav_sidebar = False

    def has_permission(self, request: HttpRequest) -> bool:
        # Staff accounts only, verified with their OTP device, and never a company
        # user (the model forbids is_staff with a company; this checks it again).
        user = request.user
        return super().has_permission(request) and getattr(user, "empresa_id", None) is None


    def register(self, model_or_iterable, admin_class=None, **options):
        """Every admin of /banco/ gets `FiltrosEnRango` and `MontosLegibles` (one rule for all,
        present and future)."""
        admin_class = admin_class or admin.ModelAdmin
        faltan = tuple(m for m in (FiltrosEnRango, MontosLegibles) if not issubclass(admin_class, m))
        if faltan:
            admin_class = type(admin_class.__name__, (*faltan, admin_class), {"__module__": admin_class.__module__})
        return super().register(model_or_iterable, admin_class, **options)


def _numero_fuera_de_rango(modelo: type[models.Model], lookup: str, valor) -> bool:
    """A number beyond bigint for an integer column, or a relation's own key column."""
    try:
        campo = modelo._meta.get_field(lookup.split(LOOKUP_SEP)[0])
    except FieldDoesNotExist:
        return False
    campo = getattr(campo, "target_field", campo) if campo.is_relation else campo
    if not isinstance(campo, models.IntegerField):
        return False
    for texto in valor if isinstance(valor, list | tuple) else str(valor).split(","):
        cifras = str(texto).strip().lstrip("-")
        # Length first: int() refuses more than 4,300 digits (and a bigint has at most 19).
        if solo_digitos(cifras) and (len(cifras) > 19 or int(cifras) > MAXIMO_ENTERO):
            return True
    return False


class FiltrosEnRango:
    """The change lists accept a filter on a field's own column from the query string
    (`?usuario=7`); a number beyond bigint there reached the database and failed (the ORM
    checks the range only through the related key, `usuario__id__exact`, which the list
    filters use). Such a filter is refused like any disallowed one: a 400."""

    def lookup_allowed(self, lookup, value, request=None):
        if _numero_fuera_de_rango(self.model, lookup, value):
            return False
        return super().lookup_allowed(lookup, value, request)


def _es_monto(modelo: type[models.Model], nombre) -> bool:
    if not isinstance(nombre, str):
        return False
    try:
        return isinstance(modelo._meta.get_field(nombre), models.DecimalField)
    except FieldDoesNotExist:
        return False


@functools.cache
def _monto_legible(modelo: type[models.Model], nombre: str) -> Callable:
    """The column (or read-only line) of a money field, written `$1.234.567,00`; sorted by the
    field. One function per field, so that the same one is in the fieldsets and in the read-only
    fields (Django matches them by identity)."""

    @admin.display(description=modelo._meta.get_field(nombre).verbose_name, ordering=nombre)
    def legible(obj):
        valor = getattr(obj, nombre)
        return None if valor is None else formato_cop(valor)  # None: the admin's empty value

    legible.__name__ = nombre  # its cells keep the field's CSS class (field-monto)
    return legible


class MontosLegibles:
    """Money in /banco/ as everywhere in the portal (SPEC "Everywhere": `$1.234.567,00`): a
    change list's money columns and the money of a record shown read-only were Django's bare
    `31350000,00`. Editable amounts stay inputs. Every DecimalField of the portal is an amount
    in pesos (STYLE: money is `DecimalField(max_digits=18, decimal_places=2)`; a test keeps it so)."""

    def _legibles(self, nombres, solo=None) -> list:
        return [_monto_legible(self.model, n) if _es_monto(self.model, n) and (solo is None or n in solo) else n
                for n in nombres]

    def get_list_display(self, request):
        return self._legibles(super().get_list_display(request))

    def get_readonly_fields(self, request, obj=None):
        return self._legibles(super().get_readonly_fields(request, obj))

    def get_fieldsets(self, request, obj=None):
        # A record the staff member may not change is shown whole, read-only (Django then takes
        # every field of the fieldsets as read-only); otherwise (an add form too) only the
        # read-only fields are shown, the others stay inputs.
        solo = (None if obj is not None and not self.has_change_permission(request, obj)
                else set(super().get_readonly_fields(request, obj)))
        return [(titulo, {**opciones, "fields": [self._linea(linea, solo) for linea in opciones["fields"]]})
                for titulo, opciones in super().get_fieldsets(request, obj)]

    def _linea(self, linea, solo):
        """A fieldset's line: one field, or several side by side (a tuple)."""
        if isinstance(linea, list | tuple):
            return tuple(self._legibles(linea, solo))
        return self._legibles([linea], solo)[0]


banco_site = BancoAdminSite(name="banco")


class SoloLecturaAdmin(admin.ModelAdmin):
    """Records nobody edits through /banco/: listed and inspected only."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


# Foreign keys declared without a verbose name show their field name ("empresa"), which
# /banco/ would print untranslated: their labels, in the staff member's language.
ETIQUETAS_CAMPOS = {
    "empresa": _("Empresa"),
    "servicio": _("Servicio"),
    "perfil": _("Perfil"),
    "usuario": _("Usuario"),
    "producto": _("Producto"),
    "asignacion": _("Asignación"),
    "actor": _("Actor"),
    "objetivo": _("Objetivo"),
    "dispositivo": _("Dispositivo"),
}


class EtiquetasBancoMixin:
    """Translated labels for fields whose label is only their name, plus `etiquetas` of the admin."""

    etiquetas: dict = {}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        campo = super().formfield_for_dbfield(db_field, request, **kwargs)
        etiqueta = {**ETIQUETAS_CAMPOS, **self.etiquetas}.get(db_field.name)
        if campo is not None and etiqueta is not None and db_field.verbose_name == db_field.name.replace("_", " "):
            campo.label = etiqueta
        return campo


class EnLineaEtiquetada(EtiquetasBancoMixin, admin.TabularInline):
    """A tabular inline whose inputs carry their column's name: the column header is no label."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        campo = super().formfield_for_dbfield(db_field, request, **kwargs)
        if campo is not None:
            widget = getattr(campo.widget, "widget", campo.widget)  # inside the related-object wrapper
            widget.attrs.setdefault("aria-label", str(campo.label))
        return campo

    def get_formset(self, request: HttpRequest, obj=None, **kwargs):
        base = super().get_formset(request, obj, **kwargs)
        eliminar = str(_("Eliminar"))

        class Etiquetado(base):
            def add_fields(self, form, index) -> None:
                super().add_fields(form, index)
                if "DELETE" in form.fields:
                    form.fields["DELETE"].widget.attrs["aria-label"] = eliminar

        return Etiquetado
