"""Forms of Configuración de Usuarios: filters, Crear Nuevo / Información Usuario, products.
"""

from __future__ import annotations

import re
from html import escape

from django import forms
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from localflavor.co.co_departments import DEPARTMENT_CHOICES
from stdnum.co import nit as stdnum_nit

from admin_usuarios import nombres
from admin_usuarios.ciudades import CIUDADES, ciudad_valida
from admin_usuarios.models import Usuario
from admin_usuarios.selectors import TAMANOS_PAGINA, perfiles_de, productos_habilitados
from comun.widgets import EntradaTexto, Seleccion

REQUERIDO = "occi-requerido"


USERNAME = re.compile(r"^[A-Za-z0-9]{4,20}$")


CELULAR = re.compile(r"^3\d{9}$")


TELEFONO = re.compile(r"^\d{7,10}$")


EXTENSION = re.compile(r"^\d{1,6}$")


# No. Identificación per Tipo Identificación (Colombian formats).
FORMATOS_IDENTIFICACION = {
    "CC": (re.compile(r"^[1-9]\d{4,9}$"), _("La cédula de ciudadanía tiene de 5 a 10 dígitos, sin puntos.")),
    "CE": (re.compile(r"^\d{3,7}$"), _("La cédula de extranjería tiene de 3 a 7 dígitos.")),
    "TI": (re.compile(r"^\d{10,11}$"), _("La tarjeta de identidad tiene 10 u 11 dígitos.")),
    "PA": (re.compile(r"^[A-Za-z0-9]{5,20}$"), _("El pasaporte tiene de 5 a 20 letras o números.")),
}


class FiltroUsuariosForm(forms.Form):
    """Parámetros de Consulta (all optional)."""

    usuario = forms.CharField(label=_("Usuario"), max_length=20, required=False, widget=EntradaTexto)
    nombre = forms.CharField(label=_("Nombre Usuario"), max_length=60, required=False, widget=EntradaTexto)
    tipo_identificacion = forms.ChoiceField(
        label=_("Tipo Identificación"), required=False, widget=Seleccion,
        choices=[("", _("Todos"))] + list(Usuario.TipoIdentificacion.choices))
    numero_identificacion = forms.CharField(label=_("No. Identificación"), max_length=20, required=False,
                                            widget=EntradaTexto)
    perfil = forms.ChoiceField(label=_("Perfil"), required=False, widget=Seleccion)
    estado = forms.ChoiceField(label=_("Estado"), required=False, widget=Seleccion,
                               choices=[("", _("Todos"))] + list(Usuario.Estado.choices))

    def __init__(self, *args, actor: Usuario, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The company's profiles only: another company's profile id is "not a valid choice".
        self.fields["perfil"].choices = [("", _("Todos"))] + [
            (str(pk), nombre) for pk, nombre in perfiles_de(actor).values_list("pk", "nombre")]
        for f in self.fields.values():
            f.widget.attrs.setdefault("class", "form-select form-select-sm" if isinstance(
                f.widget, forms.Select) else "form-control form-control-sm")

    def html_campos(self) -> SafeString:
        """The filter bar's fields (label, input, error), built in Python: this is
        the page an administrator opens most, and the template version of these
        six fields cost more than the page's queries."""
        partes = []
        for b in self:
            error = (f'<div class="text-danger small" id="{escape(b.auto_id)}_error">{escape(" ".join(b.errors))}</div>'
                     if b.errors else "")
            partes.append(f'<div class="col-sm-6 col-md-4"><label class="form-label small fw-semibold mb-0" '
                          f'for="{escape(b.id_for_label)}">{escape(str(b.label))}</label>{b.as_widget()}{error}</div>')
        return mark_safe("".join(partes))  # noqa: S308 (every value escaped above)

    def filtros(self) -> dict:
        """The filters that are valid: a wrong field is marked next to it and left
        out, the others still apply (to the page and to the exports alike)."""
        if not self.is_bound:
            return {}
        self.is_valid()  # cleaned_data then holds the valid fields only
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}

    def descripcion(self) -> list[tuple[str, str]]:
        """(label, value) of the filters in use, for the top of the exports."""
        resultado = []
        for nombre, valor in self.filtros().items():
            campo = self.fields[nombre]
            if isinstance(campo, forms.ChoiceField):
                valor = dict(campo.choices).get(valor, valor)
            resultado.append((str(campo.label), str(valor)))
        return resultado


class PaginaForm(forms.Form):
    tam = forms.TypedChoiceField(choices=[(n, n) for n in TAMANOS_PAGINA], coerce=int, required=False)
    p = forms.IntegerField(min_value=1, required=False)
    desde = forms.CharField(max_length=20, required=False)
    ultima = forms.BooleanField(required=False)


def _departamentos() -> list[tuple[str, str]]:
    # localflavor names this one in English whatever the language ("San Andrés and Providencia").
    return [(c, _("San Andrés y Providencia") if c == "SAP" else n) for c, n in DEPARTMENT_CHOICES]


def _ciudades_choices() -> list:
    grupos = [("", _("Seleccione"))]
    nombres = dict(_departamentos())
    for codigo, ciudades in CIUDADES.items():
        grupos.append((nombres.get(codigo, codigo), [(c, c) for c in ciudades]))
    return grupos


class UsuarioForm(forms.ModelForm):
    """Crear Nuevo / Información Usuario. Required fields carry the yellow class."""

    class Meta:
        model = Usuario
        fields = [
            "username", "nombres", "primer_apellido", "segundo_apellido", "perfil",
            "tipo_identificacion", "numero_identificacion",
            "direccion", "email", "telefono_oficina", "extension", "celular", "departamento", "ciudad",
            "permitir_alertas",
        ]
        widgets = {"ciudad": forms.Select(), "email": forms.EmailInput()}
        # The model's foreign key has no verbose name: without this the label is the untranslated field name.
        labels = {"perfil": _("Perfil")}

    REQUERIDOS = ("username", "nombres", "primer_apellido", "perfil", "tipo_identificacion",
                  "numero_identificacion", "email", "celular")

    def __init__(self, *args, actor: Usuario, request=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.request = request
        self.fields["perfil"].queryset = perfiles_de(actor)
        self.fields["perfil"].empty_label = _("Seleccione")
        self.fields["ciudad"].widget.choices = _ciudades_choices()
        self.fields["departamento"].choices = [("", _("Seleccione"))] + _departamentos()
        self.fields["tipo_identificacion"].choices = [("", _("Seleccione"))] + list(
            Usuario.TipoIdentificacion.choices)
        if self.instance.pk:
            # The username is the login name: it never changes once created.
            del self.fields["username"]
        for nombre, campo in self.fields.items():
            campo.required = nombre in self.REQUERIDOS
            if isinstance(campo.widget, forms.CheckboxInput):
                campo.widget.attrs["class"] = "form-check-input"
                continue
            clases = ["form-select" if isinstance(campo.widget, forms.Select) else "form-control"]
            if campo.required:
                clases.append(REQUERIDO)
            campo.widget.attrs["class"] = " ".join(clases)
        self.fields["celular"].widget.attrs.update(inputmode="numeric", placeholder="3001234567")
        self.fields["telefono_oficina"].widget.attrs.update(inputmode="numeric")
        self.fields["extension"].widget.attrs.update(inputmode="numeric")

    def full_clean(self) -> None:
        super().full_clean()
        # Mark wrong fields so the message sits next to them (and is announced).
        for nombre in self.errors:
            if nombre in self.fields:
                attrs = self.fields[nombre].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-describedby"] = f"id_{nombre}_error"

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if not USERNAME.match(username):
            raise forms.ValidationError(
                _("Use de 4 a 20 letras y números, sin espacios, tildes ni caracteres especiales."), code="formato")
        # Unique for the whole bank without regard to case: it is the login name. Each
        # "exists" answer tells about every company, so they are limited and audited.
        creando = self.instance.pk is None
        if creando and nombres.agotado(self.actor):
            raise forms.ValidationError(nombres.MENSAJE_AGOTADO, code="limite")
        if Usuario.objects.filter(username__iexact=username).exists():
            if creando and not nombres.contar_existente(self.actor, username, request=self.request):
                raise forms.ValidationError(nombres.MENSAJE_AGOTADO, code="limite")
            raise forms.ValidationError(_("Ya existe un usuario con ese nombre. Elija otro."), code="repetido")
        return username

    def clean_celular(self) -> str:
        celular = re.sub(r"[\s-]", "", self.cleaned_data.get("celular", ""))
        if celular and not CELULAR.match(celular):
            raise forms.ValidationError(
                _("El celular debe tener 10 dígitos y empezar por 3 (ej. 3001234567)."), code="celular")
        return celular

    def clean_telefono_oficina(self) -> str:
        tel = re.sub(r"[\s-]", "", self.cleaned_data.get("telefono_oficina", ""))
        if tel and not TELEFONO.match(tel):
            raise forms.ValidationError(_("El teléfono debe tener de 7 a 10 dígitos."), code="telefono")
        return tel

    def clean_extension(self) -> str:
        ext = self.cleaned_data.get("extension", "").strip()
        if ext and not EXTENSION.match(ext):
            raise forms.ValidationError(_("La extensión tiene de 1 a 6 dígitos."), code="extension")
        return ext

    def clean(self) -> dict:
        datos = super().clean()
        tipo, numero = datos.get("tipo_identificacion"), (datos.get("numero_identificacion") or "").strip()
        if tipo and numero:
            if tipo == "NIT":
                if not stdnum_nit.is_valid(numero):
                    self.add_error("numero_identificacion", forms.ValidationError(
                        _("El NIT no es válido: revise los dígitos y el dígito de verificación (ej. 900123456-8)."),
                        code="identificacion"))
                else:
                    datos["numero_identificacion"] = stdnum_nit.format(numero).replace(".", "")
            else:
                patron, mensaje = FORMATOS_IDENTIFICACION[tipo]
                if not patron.match(numero):
                    self.add_error("numero_identificacion", forms.ValidationError(mensaje, code="identificacion"))
                else:
                    datos["numero_identificacion"] = numero.upper()
        departamento, ciudad = datos.get("departamento"), datos.get("ciudad")
        if ciudad and not departamento:
            self.add_error("departamento", forms.ValidationError(
                _("Seleccione el departamento de la ciudad."), code="departamento"))
        elif departamento and not ciudad_valida(departamento, ciudad or ""):
            self.add_error("ciudad", forms.ValidationError(
                _("Seleccione una ciudad del departamento elegido."), code="ciudad"))
        return datos


class ProductosForm(forms.Form):
    productos = forms.ModelMultipleChoiceField(queryset=None, required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, actor: Usuario, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["productos"].queryset = productos_habilitados(actor)
        self.fields["productos"].error_messages["invalid_choice"] = _(
            "Solo puede asignar productos habilitados por el banco para su empresa.")
