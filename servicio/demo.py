"""Demo data of Servicio al Cliente: the options on the Andina profiles and one checkbook request,
so that Certificados y Referencias and Solicitud de Chequera show something on `make run`."""

from __future__ import annotations

from admin_usuarios.actions.perfiles import do_modificar_perfil
from admin_usuarios.models import Perfil, Producto, Usuario
from servicio.access import CERTIFICADOS, SOLICITUD_CHEQUERA
from servicio.actions.chequeras import do_solicitar_chequera
from servicio.models import SolicitudChequera

# profile → options it gets (the Operador asks for checkbooks; everyone may print a certificate).
OPCIONES = {
    "Operadores Tesorería": (CERTIFICADOS, SOLICITUD_CHEQUERA),
    "Tesorería Ambos": (CERTIFICADOS, SOLICITUD_CHEQUERA),
    "Supervisores Tesorería": (CERTIFICADOS,),
    "Pruebas_PRD": (CERTIFICADOS,),  # mguerrero
}


def _opciones(administrador: Usuario) -> None:
    for perfil in Perfil.objects.filter(empresa=administrador.empresa, nombre__in=OPCIONES):
        faltan = [o for o in OPCIONES[perfil.nombre] if o not in perfil.opciones]
        if faltan:
            do_modificar_perfil(perfil, nombre=perfil.nombre, tipo=perfil.tipo, opciones=[*perfil.opciones, *faltan],
                                aprobaciones=perfil.aprobaciones, actor=administrador)


def cargar() -> None:
    administrador = Usuario.objects.select_related("empresa").filter(username="adelgado").first()
    oprojas = Usuario.objects.select_related("empresa").filter(username="oprojas").first()
    if administrador is None:
        return
    _opciones(administrador)
    if oprojas is None or SolicitudChequera.objects.filter(solicitante=oprojas).exists():
        return
    cuenta = Producto.objects.filter(empresa=oprojas.empresa, tipo=Producto.Tipo.CUENTA_CORRIENTE,
                                     asignaciones__usuario=oprojas).first()
    if cuenta is not None:
        do_solicitar_chequera(cuenta, chequeras=2, oficina=SolicitudChequera.Oficina.CALI_PRINCIPAL, actor=oprojas)
