"""Administración de IP's: the company's and each user's allow-lists.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from admin_usuarios.models import Empresa, ReglaIP, Usuario
from auditoria.actions import registrar
from comun.errores import AccionRechazada
from seguridad.eventos import Eventos as EventosSeguridad
from seguridad.reglas import normalizar_red


@transaction.atomic
def do_agregar_regla_ip(empresa: Empresa, *, red: str, descripcion: str = "", usuario: Usuario | None = None,
                        actor: Usuario, request: HttpRequest | None = None) -> ReglaIP:
    # Lock the company so two simultaneous additions cannot both pass the duplicate check.
    Empresa.objects.select_for_update().filter(pk=empresa.pk).first()
    red = normalizar_red(red)
    if usuario is not None and usuario.empresa_id != empresa.pk:
        raise AccionRechazada(_("El usuario no pertenece a la empresa."))
    if ReglaIP.objects.filter(empresa=empresa, usuario=usuario, red=red).exists():
        raise AccionRechazada(_("La IP o red %(red)s ya está en la lista.") % {"red": red})
    regla = ReglaIP(empresa=empresa, usuario=usuario, red=red, descripcion=descripcion.strip())
    regla.full_clean()
    regla.save()
    registrar(EventosSeguridad.IP_AGREGADA, actor=actor, empresa=empresa, objetivo=usuario,
              objetivo_descripcion=usuario.username if usuario else _("Empresa"),
              detalles={"antes": {}, "despues": {"red": red, "descripcion": regla.descripcion,
                                                  "lista": usuario.username if usuario else "empresa"}},
              request=request)
    return regla


@transaction.atomic
def do_eliminar_regla_ip(regla: ReglaIP, *, actor: Usuario, request: HttpRequest | None = None) -> None:
    regla = ReglaIP.objects.select_for_update(of=("self",)).select_related("usuario", "empresa").get(pk=regla.pk)
    usuario, empresa = regla.usuario, regla.empresa
    antes = {"red": regla.red, "descripcion": regla.descripcion, "lista": usuario.username if usuario else "empresa"}
    regla.delete()
    registrar(EventosSeguridad.IP_ELIMINADA, actor=actor, empresa=empresa, objetivo=usuario,
              objetivo_descripcion=usuario.username if usuario else _("Empresa"),
              detalles={"antes": antes, "despues": {}}, request=request)
