"""The rows of Aprobación de Operaciones, built in Python (as cuentas_tags does for
Movimientos): 10–50 rows × 7 cells through template variables, `url`, `cop`, `date` and a
`blocktranslate` per row cost more than the rest of the page. Each row is one string
format, with the markup the template's loop wrote."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from comun.dinero import formato_cop
from comun.templatetags.celdas import segunda_linea
from transacciones.selectors import FilaPorAprobar

register = template.Library()

# Seven columns, so that all of them fit the content column of a 1366 px screen: the type goes
# under the operation's number and the destination under the origin (`segunda_linea`; each pair
# in one span: on a phone, where the rows stack, it stays beside its label).
_FILA = (
    '<tr>\n'
    '<td data-label="{e0}"><input class="form-check-input" type="checkbox" name="operaciones" value="{pk}" '
    'id="sel-{pk}" aria-label="{sel}"></td>\n'
    '<td data-label="{e1}"><span><a class="occi-link" href="{url}">{numero}</a>'
    '{linea_tipo}</span></td>\n'
    '<td data-label="{e2}"><span><span class="d-block">{origen}</span>{linea_destino}</span></td>\n'
    '<td data-label="{e3}" class="monto">{monto}</td>\n'
    '<td data-label="{e4}" class="fecha">{fecha}</td>\n'
    '<td data-label="{e5}">{captor}</td>\n'
    '<td data-label="{e6}">{recibidas} / {requeridas}</td>\n'
    '</tr>\n'
)

# The headers (`encabezados_por_aprobar`) and each cell's label on a phone, where the rows
# stack; the last two are read aloud before the destination and the type (`segunda_linea`).
ETIQUETAS = (gettext_noop("Seleccionar"), gettext_noop("Operación"), gettext_noop("Origen y destino"),
             gettext_noop("Monto"), gettext_noop("Fecha de aplicación"), gettext_noop("Capturada por"),
             gettext_noop("Aprobaciones"), gettext_noop("Destino"), gettext_noop("Tipo de operación"))
# The amount's header is right-aligned, as its cells (the selection box's is for screen readers only).
_CLASE_ENCABEZADO = {3: ' class="monto"'}


@register.simple_tag
def encabezados_por_aprobar() -> SafeString:
    """The table's header row, from the same labels as the cells'."""
    celdas = []
    for i, t in enumerate(ETIQUETAS[:7]):
        texto = escape(_(t))
        if i == 0:
            texto = f'<span class="visually-hidden">{texto}</span>'
        celdas.append(f'<th scope="col"{_CLASE_ENCABEZADO.get(i, "")}>{texto}</th>')
    return mark_safe("<tr>" + "".join(celdas) + "</tr>")  # noqa: S308 (our labels, escaped)


@register.simple_tag
def filas_por_aprobar(filas: Iterable[FilaPorAprobar]) -> SafeString:
    etiquetas = [_(t) for t in ETIQUETAS]
    e = {f"e{i}": escape(t) for i, t in enumerate(etiquetas)}
    destino, tipo = etiquetas[7:9]
    seleccionar = _("Seleccionar la operación %(n)s")
    partes = []
    for f in filas:
        partes.append(_FILA.format(
            **e, pk=f.pk, sel=escape(seleccionar % {"n": f.numero}), url=escape(f.url), numero=f.numero,
            linea_tipo=segunda_linea(tipo, f.tipo), origen=escape(f.origen),
            linea_destino=segunda_linea(destino, f.destino, flecha=True), monto=formato_cop(f.monto),
            fecha=f"{f.fecha_programada:%Y/%m/%d}", captor=escape(f.captor), recibidas=f.aprobaciones_recibidas,
            requeridas=f.aprobaciones_requeridas,
        ))
    return mark_safe("".join(partes))  # noqa: S308 (every value above is escaped or formatted by us)
