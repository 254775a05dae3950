"""Perfiles: the company's profiles (role type, menu options, approvals).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from admin_usuarios.eventos import Eventos
from admin_usuarios.models import Empresa, Perfil, Usuario
from auditoria.actions import registrar
from comun.errores import AccionRechazada

# The menu options a profile may allow, grouped as on screen (code, label).
OPCIONES_PERFIL: list[tuple[Any, list[tuple[str, Any]]]] = [
    (gettext_lazy("Consultas"), [
        ("consulta_saldos", gettext_lazy("Consulta de Saldos")),
        ("consulta_movimientos", gettext_lazy("Consulta de Movimientos")),
        ("extractos", gettext_lazy("Extractos")),
        ("historico_transacciones", gettext_lazy("Histórico de Transacciones")),
    ]),
    (gettext_lazy("Transacciones"), [
        ("pagos_terceros", gettext_lazy("Pagos - A Terceros")),
        ("pagos_impuestos", gettext_lazy("Pagos - Impuestos")),
        ("transferencias", gettext_lazy("Transferencias - Internas, Aval y otros Bancos")),
        ("archivos", gettext_lazy("Carga de Archivos")),
        ("inscripcion_cuentas", gettext_lazy("Inscripción de Cuentas")),
        ("aprobaciones", gettext_lazy("Aprobación de Operaciones")),
    ]),
    (gettext_lazy("Servicio al Cliente"), [
        ("solicitud_chequera", gettext_lazy("Solicitud de Chequera")),
        ("certificados", gettext_lazy("Certificados y Referencias")),
        ("mensajes", gettext_lazy("Mensajes")),
    ]),
]


CODIGOS_OPCIONES = [codigo for _grupo, opciones in OPCIONES_PERFIL for codigo, _e in opciones]


def _datos_perfil(perfil: Perfil) -> dict[str, Any]:
    return {"nombre": perfil.nombre, "tipo": perfil.tipo, "opciones": list(perfil.opciones),
            "aprobaciones": perfil.aprobaciones}


def _limpiar_opciones(opciones: list[str]) -> list[str]:
    desconocidas = set(opciones) - set(CODIGOS_OPCIONES)
    if desconocidas:
        raise AccionRechazada(_("Opción de menú desconocida: %(o)s.") % {"o": ", ".join(sorted(desconocidas))})
    return [c for c in CODIGOS_OPCIONES if c in set(opciones)]


@transaction.atomic
def do_crear_perfil(empresa: Empresa, *, nombre: str, tipo: str, opciones: list[str], aprobaciones: int,
                    actor: Usuario, request: HttpRequest | None = None) -> Perfil:
    perfil = Perfil(empresa=empresa, nombre=nombre.strip(), tipo=tipo, opciones=_limpiar_opciones(opciones),
                    aprobaciones=aprobaciones)
    perfil.full_clean()
    perfil.save()
    # The target is stored as the profile's name: the same in every language (the event says "perfil").
    registrar(Eventos.PERFIL_CREADO, actor=actor, empresa=empresa, objetivo_descripcion=perfil.nombre,
              detalles={"antes": {}, "despues": _datos_perfil(perfil)}, request=request)
    return perfil


@transaction.atomic
def do_modificar_perfil(perfil: Perfil, *, nombre: str, tipo: str, opciones: list[str], aprobaciones: int,
                        actor: Usuario, request: HttpRequest | None = None) -> Perfil:
    perfil = Perfil.objects.select_for_update().get(pk=perfil.pk)
    antes = _datos_perfil(perfil)
    perfil.nombre, perfil.tipo = nombre.strip(), tipo
    perfil.opciones, perfil.aprobaciones = _limpiar_opciones(opciones), aprobaciones
    perfil.full_clean()
    despues = _datos_perfil(perfil)
    cambiados = [c for c in antes if antes[c] != despues[c]]
    if cambiados:
        perfil.save(update_fields=cambiados)
        registrar(Eventos.PERFIL_MODIFICADO, actor=actor, empresa=perfil.empresa,
                  objetivo_descripcion=perfil.nombre,
                  detalles={"antes": {c: antes[c] for c in cambiados}, "despues": {c: despues[c] for c in cambiados}},
                  request=request)
    return perfil


@transaction.atomic
def do_eliminar_perfil(perfil: Perfil, *, actor: Usuario, request: HttpRequest | None = None) -> None:
    perfil = Perfil.objects.select_for_update().get(pk=perfil.pk)
    # Users keep their profile through a PROTECT key; the lock above plus this
    # check give a clear message instead of a database error.
    en_uso = perfil.usuarios.count()
    if en_uso:
        raise AccionRechazada(
            _("El perfil %(nombre)s no se puede eliminar: lo tienen asignado %(n)d usuario(s).")
            % {"nombre": perfil.nombre, "n": en_uso}
        )
    antes = _datos_perfil(perfil)
    empresa = perfil.empresa
    perfil.delete()
    registrar(Eventos.PERFIL_ELIMINADO, actor=actor, empresa=empresa, objetivo_descripcion=antes["nombre"],
              detalles={"antes": antes, "despues": {}}, request=request)
