"""Forms of the limits screens: they parse and validate, the actions write.

The Asignar Topes grid has one text cell per assigned product × service ×
field (20 products × 10 services = 600 cells), so it is a small purpose-built
form rather than 600 Django fields. Cells keep exactly what was typed when the
page comes back with errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from admin_usuarios.models import ProductoAsignado, Usuario
from comun.dinero import formato_cop
from topes.models import Servicio, TopeBanco
from topes.rules import CAMPOS, ETIQUETAS, Montos, errores_montos, parse_monto
from topes.selectors import (
    asignaciones_de,
    grupos_de_servicios,
    montos_empresa,
    servicios_activos,
    topes_banco,
    topes_de,
    topes_que_exceden,
)


@dataclass
class Celda:
    nombre: str
    campo: str
    texto: str
    errores: list[str] = field(default_factory=list)

    @property
    def etiqueta(self) -> str:
        return str(ETIQUETAS[self.campo])


def _leer(celdas: list[Celda]) -> tuple[Montos, dict[str, list[str]]]:
    """Parse the three cells of one row: (amounts, None where unreadable; field → parse errors)."""
    valores: dict[str, Decimal | None] = {}
    errores: dict[str, list[str]] = {}
    for celda in celdas:
        try:
            valores[celda.campo] = parse_monto(celda.texto)
        except ValidationError as e:
            valores[celda.campo] = None
            errores[celda.campo] = list(e.messages)
    return Montos(**valores), errores


class _Grilla:
    """Shared mechanics: cells by key, replicate-to-all, errors per cell."""

    prefijo_replica = "rep"

    def __init__(self, data=None) -> None:
        self.data = data
        self.filas: dict[tuple, list[Celda]] = {}
        self.valores: dict = {}
        self.errores_replica: dict[str, list[str]] = {}
        self.textos_replica: dict[str, str] = {c: (data or {}).get(f"{self.prefijo_replica}_{c}", "") for c in CAMPOS}
        self.error_general: list[str] = []

    def _agregar_fila(self, clave: tuple, nombre: str, inicial: Montos) -> None:
        celdas = []
        for campo in CAMPOS:
            nombre_celda = f"{nombre}_{campo}"
            if self.data is not None and nombre_celda in self.data:
                texto = self.data.get(nombre_celda, "")
            else:
                texto = formato_cop(getattr(inicial, campo))
            celdas.append(Celda(nombre_celda, campo, texto))
        self.filas[clave] = celdas

    @property
    def replica(self) -> list[tuple[str, str, str, list[str]]]:
        return [(c, str(ETIQUETAS[c]), self.textos_replica[c], self.errores_replica.get(c, [])) for c in CAMPOS]

    def replicar(self) -> bool:
        """"Asignar": copy each typed replicate value into that column of every row.

        Blank replicate fields leave their column as it is. Returns False (and
        marks the replicate field) when a value cannot be read.
        """
        valores = {}
        for campo in CAMPOS:
            try:
                valores[campo] = parse_monto(self.textos_replica[campo], vacio=None)
            except ValidationError as e:
                self.errores_replica[campo] = list(e.messages)
        if self.errores_replica:
            return False
        if all(v is None for v in valores.values()):
            self.errores_replica["transaccion"] = [_("Ingrese al menos un valor para replicar.")]
            return False
        for celdas in self.filas.values():
            for celda in celdas:
                if valores[celda.campo] is not None:
                    celda.texto = formato_cop(valores[celda.campo])
                    celda.errores = []
        return True

    def techo(self, clave: tuple) -> Montos:  # pragma: no cover - overridden
        raise NotImplementedError

    nombre_techo = ""

    def is_valid(self) -> bool:
        self.valores = {}
        ok = True
        for clave, celdas in self.filas.items():
            montos, errores = _leer(celdas)
            for campo, mensajes in errores_montos(montos, self.techo(clave), str(self.nombre_techo)).items():
                errores.setdefault(campo, []).extend(mensajes)
            if errores:
                ok = False
                self.marcar(clave, errores)
            else:
                self.valores[clave] = montos
        return ok

    def marcar(self, clave: tuple, errores: dict[str, list[str]]) -> None:
        for celda in self.filas.get(clave, []):
            celda.errores = list(errores.get(celda.campo, []))

    @property
    def num_errores(self) -> int:
        return sum(1 for celdas in self.filas.values() for c in celdas if c.errores)


class TopesUsuarioForm(_Grilla):
    """Asignar Topes: one row per service × assigned product, checked against the company amounts."""

    nombre_techo = gettext_lazy("el monto de la empresa")

    def __init__(self, usuario: Usuario, data=None) -> None:
        super().__init__(data)
        self.usuario = usuario
        self.asignaciones: list[ProductoAsignado] = asignaciones_de(usuario)
        self.servicios: list[Servicio] = servicios_activos()
        self.techos = montos_empresa(usuario.empresa_id)
        actuales = topes_de(usuario)
        for s in self.servicios:
            for a in self.asignaciones:
                self._agregar_fila((a.pk, s.pk), f"t_{a.pk}_{s.pk}", actuales.get((a.pk, s.pk), Montos()))

    def techo(self, clave: tuple) -> Montos:
        return self.techos.get(clave[1], Montos())

    def grupos(self) -> list[dict]:
        resultado = []
        for titulo, servicios in grupos_de_servicios(self.servicios):
            bloques = []
            for s in servicios:
                filas = [{"asignacion": a, "celdas": self.filas[(a.pk, s.pk)]} for a in self.asignaciones]
                bloques.append({
                    "servicio": s, "techo": self.techos.get(s.pk, Montos()), "filas": filas,
                    "con_errores": any(c.errores for f in filas for c in f["celdas"]),
                })
            resultado.append({"titulo": titulo, "servicios": bloques})
        return resultado


class MontosEmpresaForm(_Grilla):
    """Configuración de Montos por Servicio: one row per service, checked against the bank's caps."""

    nombre_techo = gettext_lazy("el tope del banco")

    def __init__(self, empresa, data=None) -> None:
        super().__init__(data)
        self.empresa = empresa
        self.servicios = servicios_activos()
        self.caps = topes_banco(empresa)
        actuales = montos_empresa(empresa)
        for s in self.servicios:
            self._agregar_fila((0, s.pk), f"m_{s.pk}", actuales.get(s.pk, Montos()))
        self.ajustar = bool(data and data.get("ajustar"))
        self.afectados: list = []

    def techo(self, clave: tuple) -> Montos:
        return self.caps.get(clave[1], Montos())

    @property
    def valores_por_servicio(self) -> dict[int, Montos]:
        return {s: m for (_a, s), m in self.valores.items()}

    def revisar_afectados(self) -> bool:
        """Without "ajustar", refuse amounts below existing user limits (before asking for the token)."""
        if self.ajustar:
            return True
        self.afectados = list(topes_que_exceden(self.empresa, self.valores_por_servicio))
        return not self.afectados

    def grupos(self) -> list[dict]:
        resultado = []
        for titulo, servicios in grupos_de_servicios(self.servicios):
            resultado.append({"titulo": titulo, "filas": [
                {"servicio": s, "cap": self.caps.get(s.pk, Montos()), "celdas": self.filas[(0, s.pk)]}
                for s in servicios
            ]})
        return resultado


class MontoField(forms.CharField):
    """A Decimal amount typed the Colombian way (admin and other single-value forms)."""

    def to_python(self, value):
        return parse_monto(super().to_python(value))

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return formato_cop(value, simbolo=False)
        return value


class TopeBancoAdminForm(forms.ModelForm):
    """/banco/: the bank's cap for one company and service, under the same rule."""

    transaccion = MontoField(label=gettext_lazy("Transacción"))
    diario = MontoField(label=gettext_lazy("Diario"))
    mensual = MontoField(label=gettext_lazy("Mensual"))
    ajustar = forms.BooleanField(
        label=gettext_lazy("Bajar también el monto de la empresa y los topes de los usuarios que lo superen"),
        required=False,
    )

    class Meta:
        model = TopeBanco
        fields = ["empresa", "servicio", "transaccion", "diario", "mensual"]

    def clean(self):
        datos = super().clean()
        if self.errors:
            return datos
        montos = Montos(*(datos[c] for c in CAMPOS))
        for campo, mensajes in errores_montos(montos).items():
            for m in mensajes:
                self.add_error(campo, m)
        if self.errors or datos.get("ajustar"):
            return datos
        # On change, empresa and servicio are read-only in the admin and come from the instance.
        empresa = datos.get("empresa") or self.instance.empresa
        servicio = datos.get("servicio") or self.instance.servicio
        monto = Montos.de(empresa.montos_servicio.filter(servicio=servicio).first())
        nuevo = monto.minimo(montos)
        afectados = list(topes_que_exceden(empresa, {servicio.pk: nuevo}))
        if nuevo != monto or afectados:
            from topes.actions import TopesAfectadosError

            raise forms.ValidationError(TopesAfectadosError(afectados, nuevo != monto).messages
                                        + [_("Marque la opción de bajar para ajustarlos.")])
        return datos
