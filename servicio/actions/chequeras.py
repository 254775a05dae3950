"""Solicitud de Chequera: one request row, audited, and an email to the person who asked."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from admin_usuarios.models import Producto, ProductoAsignado, Usuario
from auditoria.actions import registrar
from comun.correo import encolar_correo
from comun.errores import AccionRechazada
from servicio.eventos import Eventos
from servicio.models import MAX_CHEQUERAS, SolicitudChequera


@transaction.atomic
def do_solicitar_chequera(producto: Producto, *, chequeras: int, oficina: str, actor: Usuario,
                          request: HttpRequest | None = None) -> SolicitudChequera:
    if producto.empresa_id != actor.empresa_id or actor.es_administrador:
        raise AccionRechazada(_("La cuenta no existe."), campo="producto")
    if producto.tipo != Producto.Tipo.CUENTA_CORRIENTE or not producto.habilitado:
        raise AccionRechazada(_("Solo se pueden pedir chequeras de una cuenta corriente habilitada."), campo="producto")
    if not ProductoAsignado.objects.filter(usuario=actor, producto=producto).exists():
        raise AccionRechazada(_("La cuenta no está asignada a usted."), campo="producto")
    if not 1 <= chequeras <= MAX_CHEQUERAS:
        raise AccionRechazada(_("Puede pedir entre 1 y %(n)d chequeras.") % {"n": MAX_CHEQUERAS}, campo="chequeras")
    if oficina not in SolicitudChequera.Oficina.values:
        raise AccionRechazada(_("Seleccione una oficina de la lista."), campo="oficina")
    solicitud = SolicitudChequera.objects.create(empresa_id=actor.empresa_id, producto=producto, solicitante=actor,
                                                 chequeras=chequeras, oficina=oficina)
    registrar(Eventos.CHEQUERA_SOLICITADA, actor=actor, objetivo_descripcion=f"{producto.numero}",
              detalles={"antes": {}, "despues": {"producto": producto.numero, "chequeras": chequeras,
                                                 "oficina": solicitud.get_oficina_display(),
                                                 "estado": solicitud.estado}},
              request=request)
    if actor.email:
        encolar_correo("chequera_solicitada", para=actor.email, usuario=actor, contexto={
            "nombre": actor.nombre_completo, "empresa": actor.empresa.razon_social if actor.empresa else "",
            "numero": solicitud.pk, "producto": f"{producto.nombre} - {producto.numero}", "chequeras": chequeras,
            "oficina": solicitud.get_oficina_display(),
        })
    return solicitud
