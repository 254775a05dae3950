"""The bank certificate PDF (WeasyPrint), like the extracto and the comprobante."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from servicio.actions.certificados import Certificado


def certificado_pdf(certificado: Certificado, request: HttpRequest) -> HttpResponse:
    from weasyprint import HTML

    html = render_to_string("servicio/certificado_pdf.html", {"c": certificado}, request=request)
    respuesta = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    nombre = f"certificado_{certificado.producto.numero}_{certificado.emitido:%Y%m%d}"
    respuesta["Content-Disposition"] = f'attachment; filename="{nombre}.pdf"'
    return respuesta
