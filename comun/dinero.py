"""Money as the bank writes it everywhere (SPEC "Everywhere"): `$1.234.567,00`."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def formato_cop(valor: Decimal | int | None, *, simbolo: bool = True) -> str:
    """`$1.234.567,00`: dots for thousands, comma for cents (SPEC "Everywhere")."""
    valor = Decimal(valor or 0).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    signo = "-" if valor < 0 else ""
    entero, decimales = f"{abs(valor):.2f}".split(".")
    grupos = f"{int(entero):,}".replace(",", ".")
    return f"{signo}{'$' if simbolo else ''}{grupos},{decimales}"
