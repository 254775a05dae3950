from decimal import Decimal

from django import template

from comun.dinero import formato_cop

register = template.Library()


@register.filter
def cop(valor: Decimal | None) -> str:
    """`$1.234.567,00`."""
    return formato_cop(valor)
