"""Días y Horarios of one user, never beyond the company's.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from admin_usuarios.models import Horario, Usuario
from auditoria.actions import foto, registrar
from comun.errores import AccionRechazada
from seguridad.eventos import Eventos as EventosSeguridad
from seguridad.reglas import errores_horario


@transaction.atomic
def do_guardar_horario(usuario: Usuario, datos: dict, *, actor: Usuario,
                       request: HttpRequest | None = None) -> Horario:
    """Días y Horarios: the user's own Horario row, never beyond the company's."""
    usuario = Usuario.objects.select_for_update().get(pk=usuario.pk)
    empresa = Horario.objects.filter(empresa_id=usuario.empresa_id).first() or Horario(empresa_id=usuario.empresa_id)
    errores = errores_horario(datos, empresa)
    if errores:
        campo, mensaje = next(iter(errores.items()))
        raise AccionRechazada(mensaje, campo=campo)
    horario = Horario.objects.filter(usuario=usuario).first()
    if horario is None:
        # Until now the user followed the company's schedule.
        antes = foto(empresa, Horario.CAMPOS)
        horario = Horario(usuario=usuario, **{c: datos[c] for c in Horario.CAMPOS})
        horario.save()
    else:
        antes = foto(horario, Horario.CAMPOS)
        for c in Horario.CAMPOS:
            setattr(horario, c, datos[c])
        horario.save(update_fields=list(Horario.CAMPOS))
    despues = foto(horario, Horario.CAMPOS)
    if antes != despues:
        registrar(EventosSeguridad.MODIFICAR_HORARIO, actor=actor, objetivo=usuario,
                  detalles={"antes": {k: v for k, v in antes.items() if despues[k] != v},
                            "despues": {k: v for k, v in despues.items() if antes[k] != v}},
                  request=request)
    return horario
