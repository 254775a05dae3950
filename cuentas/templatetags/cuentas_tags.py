"""The rows of the Movimientos table, built in Python: 50 rows × 6 cells through
template tags and filters (`date` twice, `cop` three times, `if` per cell) cost
more than the rest of the page together; here each row is one string format.
The markup is the same as the template's loop wrote it."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from comun.dinero import formato_cop
from cuentas.selectors import Fila

register = template.Library()

_FILA = (
    '<tr>\n'
    '<td class="fecha" data-etiqueta="{e0}"><span>{dia} <span class="cuentas-hora">{hora}</span></span></td>\n'
    '<td data-etiqueta="{e1}">{descripcion}</td>\n'
    '<td data-etiqueta="{e2}"{ref_vacio}>{referencia}</td>\n'
    '<td class="monto{deb_vacio}" data-etiqueta="{e3}">{debito}</td>\n'
    '<td class="monto{cred_vacio}" data-etiqueta="{e4}">{credito}</td>\n'
    '<td class="monto fw-semibold{negativo}" data-etiqueta="{e5}">{saldo}</td>\n'
    '</tr>\n'
)


@register.simple_tag
def filas_movimientos(filas: Iterable[Fila]) -> SafeString:
    etiquetas = [escape(_(t)) for t in ("Fecha", "Descripción", "Referencia", "Débito", "Crédito", "Saldo")]
    e = dict(zip(("e0", "e1", "e2", "e3", "e4", "e5"), etiquetas, strict=True))
    zona = timezone.get_current_timezone()
    partes = []
    for m in filas:
        local = m.fecha.astimezone(zona)
        partes.append(_FILA.format(
            **e, dia=f"{local:%Y/%m/%d}", hora=f"{local:%H:%M}", descripcion=escape(m.descripcion),
            ref_vacio="" if m.referencia else ' class="vacio"', referencia=escape(m.referencia),
            deb_vacio="" if m.debito else " vacio", debito=formato_cop(m.debito) if m.debito else "",
            cred_vacio="" if m.credito else " vacio", credito=formato_cop(m.credito) if m.credito else "",
            negativo=" negativo" if m.saldo < 0 else "", saldo=formato_cop(m.saldo),
        ))
    return mark_safe("".join(partes))  # noqa: S308 (every value above is escaped or formatted by us)
