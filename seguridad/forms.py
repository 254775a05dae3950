"""Forms of the access rules: IP lists, parameters, company and user schedules.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from admin_usuarios.models import DIAS, Horario
from admin_usuarios.validators import validar_red_ip
from seguridad.reglas import errores_horario, errores_rangos, normalizar_red


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
    dias_aprobacion = forms.IntegerField(
        label=_("Días para aprobar una operación"), min_value=1, max_value=30, required=False,
        help_text=_("Una operación que no completa sus aprobaciones en estos días queda Vencida."),
    )
    retencion_archivos_dias = forms.IntegerField(
        label=_("Días de retención de archivos de pago"), min_value=1, max_value=3650, required=False,
        help_text=_("Los archivos de Pagos por Archivo se borran pasados estos días; sus filas y resultados se "
                    "conservan."),
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
        for campo, mensaje in errores_rangos(datos).items():
            if campo not in self.errors:
                self.add_error(campo, mensaje)
        return datos


class HorarioForm(forms.Form):
    """Días y Horarios: empty start and end = no access that day."""

    festivo_permitido = forms.TypedChoiceField(
        label=_("Festivo"), choices=[("1", _("Si")), ("0", _("No"))], coerce=lambda v: v == "1")
    monetarias_sabado = forms.BooleanField(label=_("Sábado"), required=False)
    monetarias_domingo = forms.BooleanField(label=_("Domingo"), required=False)
    monetarias_festivo = forms.BooleanField(label=_("Festivo"), required=False)

    def __init__(self, *args, empresa: Horario, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.empresa = empresa
        for dia, nombre in DIAS:
            for parte, etiqueta in (("inicio", _("Horario Inicio")), ("fin", _("Horario Término"))):
                self.fields[f"{dia}_{parte}"] = forms.TimeField(
                    label=f"{nombre} {etiqueta}", required=False,
                    widget=forms.TimeInput(format="%H:%M", attrs={"class": "form-control form-control-sm", "inputmode": "numeric", "placeholder": "HH:MM", "maxlength": "5", "pattern": r"([01]\d|2[0-3]):[0-5]\d"}))
        self.fields["festivo_permitido"].widget.attrs["class"] = "form-select form-select-sm"
        for c in ("monetarias_sabado", "monetarias_domingo", "monetarias_festivo"):
            self.fields[c].widget.attrs["class"] = "form-check-input"

    def dias(self) -> list[dict]:
        """Rows of the table: the day, its two fields and the company's range for that day."""
        filas = []
        for dia, nombre in DIAS:
            ini, fin = self.empresa.rango(dia)
            filas.append({"nombre": nombre, "inicio": self[f"{dia}_inicio"], "fin": self[f"{dia}_fin"],
                          "empresa": f"{ini:%H:%M} – {fin:%H:%M}" if ini and fin else None})
        return filas

    def clean(self) -> dict:
        datos = super().clean()
        if all(c in datos for c in Horario.CAMPOS):
            for campo, mensaje in errores_horario(datos, self.empresa).items():
                self.add_error(campo, mensaje)
        return datos


def horario_inicial(horario: Horario) -> dict:
    inicial = {c: getattr(horario, c) for c in Horario.CAMPOS}
    inicial["festivo_permitido"] = "1" if horario.festivo_permitido else "0"
    return inicial
