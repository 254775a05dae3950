"""Forms of the Activación/Inactivación, Perfiles and Seguridad screens (validation only)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, RegexValidator
from django.utils.translation import gettext_lazy as _

from admin_usuarios.actions_seguridad import (
    OPCIONES_PERFIL,
    OperacionRechazada,
    normalizar_red,
    validar_transicion,
)
from admin_usuarios.models import DIAS, Empresa, Perfil, Usuario, solo_letras_y_digitos
from admin_usuarios.validators import validar_red_ip


class CambioEstadoForm(forms.Form):
    estado = forms.ChoiceField(label=_("Estado"), widget=forms.RadioSelect,
                               error_messages={"required": _("Seleccione el nuevo estado.")})

    def __init__(self, *args, usuario: Usuario, **kwargs) -> None:
        self.usuario = usuario
        super().__init__(*args, **kwargs)
        self.fields["estado"].choices = [(v, e) for v, e in Usuario.Estado.choices if v != usuario.estado]

    def clean_estado(self) -> str:
        nuevo = self.cleaned_data["estado"]
        try:
            validar_transicion(self.usuario, nuevo)
        except OperacionRechazada as exc:
            raise forms.ValidationError(str(exc), code="transicion_invalida") from None
        return nuevo


class PerfilForm(forms.Form):
    nombre = forms.CharField(label=_("Nombre"), max_length=50)
    tipo = forms.ChoiceField(
        label=_("Tipo de perfil"), choices=Perfil.Tipo.choices, widget=forms.RadioSelect,
        help_text=_("Operador: consulta y captura. Supervisor: consulta y aprobación. "
                    "Ambos: consulta, captura y aprobación, pero nunca aprueba lo que él mismo capturó."),
    )
    opciones = forms.MultipleChoiceField(
        label=_("Opciones del menú"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(str(grupo), opciones) for grupo, opciones in OPCIONES_PERFIL],
    )
    aprobaciones = forms.IntegerField(label=_("Número de aprobaciones"), min_value=1, max_value=5, initial=1,
                                      help_text=_("Entre 1 y 5."))

    def __init__(self, *args, empresa: Empresa, perfil: Perfil | None = None, **kwargs) -> None:
        self.empresa, self.perfil = empresa, perfil
        if perfil is not None and "initial" not in kwargs:
            kwargs["initial"] = {"nombre": perfil.nombre, "tipo": perfil.tipo, "opciones": perfil.opciones,
                                 "aprobaciones": perfil.aprobaciones}
        super().__init__(*args, **kwargs)

    def clean_nombre(self) -> str:
        nombre = self.cleaned_data["nombre"].strip()
        otros = Perfil.objects.filter(empresa=self.empresa, nombre__iexact=nombre)
        if self.perfil is not None:
            otros = otros.exclude(pk=self.perfil.pk)
        if otros.exists():
            raise forms.ValidationError(_("Ya existe un perfil con ese nombre."), code="duplicado")
        return nombre


class ReglaIPForm(forms.Form):
    red = forms.CharField(label=_("IP o red (CIDR)"), max_length=50, validators=[validar_red_ip],
                          help_text=_("IPv4, IPv6 o red CIDR, ej. 200.14.232.152 o 200.14.232.0/24."))
    descripcion = forms.CharField(label=_("Descripción"), max_length=100, required=False)

    def clean_red(self) -> str:
        return normalizar_red(self.cleaned_data["red"])


class ParametrosForm(forms.Form):
    """Company parameters; each bounded by the bank's cap, which is shown next to the field."""

    intentos_maximos = forms.IntegerField(label=_("Intentos fallidos antes de bloqueo"), min_value=1)
    inactividad_minutos = forms.IntegerField(label=_("Tiempo de inactividad (minutos)"), min_value=1)
    token_requerido = forms.BooleanField(
        label=_("Token requerido para ingresar"), required=False,
        help_text=_("Si lo activa, los usuarios sin token virtual activo no podrán ingresar."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for campo, tope in (("intentos_maximos", settings.OCCIRED_CAP_INTENTOS),
                            ("inactividad_minutos", settings.OCCIRED_CAP_INACTIVIDAD_MINUTOS)):
            f = self.fields[campo]
            f.max_value = tope
            f.validators.append(MaxValueValidator(
                tope, message=_("No puede superar el máximo permitido por el banco (%(limit_value)s).")))
            f.widget.attrs.update({"max": tope, "min": 1})
            f.help_text = _("Máximo permitido por el banco: %(tope)d") % {"tope": tope}
            f.tope = tope


class HorarioEmpresaForm(forms.Form):
    """Lunes…Domingo start/end (empty = no access that day), Festivo and monetary-day flags."""

    festivo_permitido = forms.BooleanField(label=_("Festivo"), required=False,
                                           help_text=_("Permite el ingreso en días festivos."))
    monetarias_sabado = forms.BooleanField(label=_("Sábado"), required=False)
    monetarias_domingo = forms.BooleanField(label=_("Domingo"), required=False)
    monetarias_festivo = forms.BooleanField(label=_("Festivo"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for dia, etiqueta in DIAS:
            for parte, texto in (("inicio", _("Horario Inicio")), ("fin", _("Horario Término"))):
                self.fields[f"{dia}_{parte}"] = forms.TimeField(
                    label=f"{etiqueta} · {texto}", required=False, input_formats=["%H:%M"],
                    # 24-hour text, as the portal writes times: a native time input shows "12:00 AM".
                    widget=forms.TimeInput(format="%H:%M", attrs={"inputmode": "numeric", "placeholder": "HH:MM", "maxlength": "5", "pattern": r"([01]\d|2[0-3]):[0-5]\d"}),
                )

    def dias(self) -> list[dict]:
        return [{"nombre": etiqueta, "inicio": self[f"{dia}_inicio"], "fin": self[f"{dia}_fin"]}
                for dia, etiqueta in DIAS]

    def clean(self) -> dict:
        datos = super().clean()
        for dia, _etiqueta in DIAS:
            ini, fin = datos.get(f"{dia}_inicio"), datos.get(f"{dia}_fin")
            if (ini is None) != (fin is None) and f"{dia}_inicio" not in self.errors and f"{dia}_fin" not in self.errors:
                self.add_error(f"{dia}_fin" if ini else f"{dia}_inicio",
                               _("Ingrese el inicio y el término, o deje ambos vacíos para no permitir el ingreso."))
            elif ini is not None and fin is not None and ini >= fin:
                self.add_error(f"{dia}_fin", _("El horario de término debe ser posterior al de inicio."))
        return datos


celular_colombiano = RegexValidator(r"^3\d{9}$", _("Ingrese un celular de 10 dígitos que empiece por 3."))


class PrimerAdministradorForm(forms.Form):
    username = forms.CharField(label=_("Usuario"), max_length=20, validators=[solo_letras_y_digitos])
    nombres = forms.CharField(label=_("Nombres"), max_length=60)
    primer_apellido = forms.CharField(label=_("Primer Apellido"), max_length=40)
    segundo_apellido = forms.CharField(label=_("Segundo Apellido"), max_length=40, required=False)
    email = forms.EmailField(label=_("Correo Electrónico"))
    celular = forms.CharField(label=_("Celular"), max_length=10, validators=[celular_colombiano])

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if Usuario.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("Ya existe un usuario con ese nombre de usuario."), code="duplicado")
        return username
