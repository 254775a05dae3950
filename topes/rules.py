"""The one rule for limits, and how a Colombian user writes and reads amounts.

`errores_montos` is THE rule (0 ≤ transacción ≤ diario ≤ mensual, and each
field ≤ the same field of the level above: user ≤ company ≤ bank cap). The
forms, the actions, the /banco/ admin and the import command all call it; no
other copy exists.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comun.dinero import formato_cop

CAMPOS = ("transaccion", "diario", "mensual")
ETIQUETAS = {
    "transaccion": gettext_lazy("Transacción"),
    "diario": gettext_lazy("Diario"),
    "mensual": gettext_lazy("Mensual"),
}
CERO = Decimal("0.00")
# DecimalField(max_digits=18, decimal_places=2): at most 16 digits before the comma.
MAXIMO = Decimal("9999999999999999.99")


@dataclass(frozen=True)
class Montos:
    transaccion: Decimal = CERO
    diario: Decimal = CERO
    mensual: Decimal = CERO

    def __post_init__(self) -> None:
        # Always cents: equal amounts compare and audit the same whatever their source.
        # None marks a field that could not be read (a partial row of a form).
        for campo in CAMPOS:
            if getattr(self, campo) is not None:
                object.__setattr__(self, campo, Decimal(getattr(self, campo)).quantize(Decimal("0.01")))

    @classmethod
    def de(cls, obj: object | None) -> Montos:
        """The three amounts of a model row (or a mapping); None → all zero."""
        if obj is None:
            return cls()
        if isinstance(obj, Mapping):
            return cls(*(Decimal(obj.get(c) or 0) for c in CAMPOS))
        return cls(*(getattr(obj, c) for c in CAMPOS))

    def como_dict(self) -> dict[str, Decimal]:
        return {c: getattr(self, c) for c in CAMPOS}

    def minimo(self, otro: Montos) -> Montos:
        """Field by field minimum: lowering to a coherent ceiling stays coherent."""
        return Montos(*(min(getattr(self, c), getattr(otro, c)) for c in CAMPOS))

    def excede(self, techo: Montos) -> list[str]:
        return [c for c in CAMPOS if getattr(self, c) is not None and getattr(self, c) > getattr(techo, c)]


def errores_montos(montos: Montos, techo: Montos | None = None, nombre_techo: str = "") -> dict[str, list[str]]:
    """Field → error messages for one (transacción, diario, mensual) triple.

    A field that is None (could not be read) is skipped, so the other cells of
    the row still get their reasons.

    `techo` is the level above (the company amount for a user limit, the bank's
    cap for a company amount); `nombre_techo` names it in the message.
    """
    errores: dict[str, list[str]] = {}

    def error(campo: str, mensaje: str) -> None:
        errores.setdefault(campo, []).append(mensaje)

    t, d, m = montos.transaccion, montos.diario, montos.mensual
    for campo in CAMPOS:
        valor = getattr(montos, campo)
        if valor is not None and valor < 0:
            error(campo, _("El monto no puede ser negativo."))
    if t is not None and d is not None and t > d:
        error("transaccion", _("Transacción no puede ser mayor que Diario."))
    if d is not None and m is not None and d > m:
        error("diario", _("Diario no puede ser mayor que Mensual."))
    if techo is not None:
        for campo in montos.excede(techo):
            error(
                campo,
                _("Supera %(techo)s: %(valor)s.") % {"techo": nombre_techo or _("el tope"),
                                                     "valor": formato_cop(getattr(techo, campo))},
            )
    return errores


def validar_montos(montos: Montos, techo: Montos | None = None, nombre_techo: str = "") -> None:
    """`errores_montos` as a ValidationError (for actions, admin and import)."""
    errores = errores_montos(montos, techo, nombre_techo)
    if errores:
        raise ValidationError(errores)


# ---------------------------------------------------------------- amounts as text

# ASCII digits only: `\d` would also take other scripts' digits ("٣"), which nobody types as pesos.
_SOLO_DIGITOS = re.compile(r"^[0-9]+$")
_MILES = re.compile(r"^[0-9]{1,3}(\.[0-9]{3})+$")


def parse_monto(texto: str | None, *, vacio: Decimal | None = CERO) -> Decimal | None:
    """An amount as a Colombian user types it: `1.500.000`, `1500000`, `1.500.000,50`, `$1.500.000,00`.

    The comma is the decimal separator and dots group thousands. A lone dot
    followed by one or two digits (`1500.5`) is read as a decimal point, the
    way a number pad writes it. Negatives, letters and more than two decimals
    are refused with a ValidationError. Blank text gives `vacio`.
    """
    limpio = (texto or "").strip().replace(" ", "").replace("\u00a0", "")
    if limpio.startswith("$"):
        limpio = limpio[1:]
    if not limpio:
        return vacio
    if limpio.startswith("-") or limpio.startswith("(") or "-" in limpio:
        raise ValidationError(_("El monto no puede ser negativo."), code="negativo")
    if re.search(r"[^0-9.,]", limpio):
        raise ValidationError(_("Ingrese solo números, por ejemplo 1.500.000 o 1.500.000,50."), code="invalido")
    if limpio.count(",") > 1:
        raise ValidationError(_("Use la coma solo para los decimales, por ejemplo 1.500.000,50."), code="invalido")
    entero, _sep, decimales = limpio.partition(",")
    if not _sep and entero.count(".") == 1 and re.fullmatch(r"[0-9]+\.[0-9]{1,2}", entero):
        entero, decimales = entero.split(".")
        _sep = "."
    if _sep and not decimales:
        raise ValidationError(_("Faltan los decimales después de la coma."), code="invalido")
    if len(decimales) > 2:
        raise ValidationError(_("El monto admite máximo dos decimales."), code="decimales")
    if decimales and not decimales.isdigit():
        raise ValidationError(_("Ingrese solo números, por ejemplo 1.500.000 o 1.500.000,50."), code="invalido")
    if "." in entero:
        if not _MILES.match(entero):
            raise ValidationError(
                _("Los puntos separan miles de tres en tres, por ejemplo 1.500.000."), code="invalido"
            )
        entero = entero.replace(".", "")
    if not _SOLO_DIGITOS.match(entero):
        raise ValidationError(_("Ingrese solo números, por ejemplo 1.500.000 o 1.500.000,50."), code="invalido")
    # Only ASCII digits are left (the checks above). The size is checked before quantizing,
    # which would overflow the context's precision on a 30-digit amount.
    valor = Decimal(f"{entero}.{decimales or '0'}")
    if valor > MAXIMO:
        raise ValidationError(_("El monto es demasiado grande."), code="grande")
    return valor.quantize(Decimal("0.01"))
