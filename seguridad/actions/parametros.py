"""Parámetros Generales y de Seguridad: company parameters and schedule.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest

from admin_usuarios.models import Empresa, Horario, Usuario
from auditoria.actions import registrar
from seguridad.eventos import Eventos as EventosSeguridad
from seguridad.reglas import ajustar_a_empresa

CAMPOS_PARAMETROS = ["intentos_maximos", "inactividad_minutos", "token_requerido", "dias_aprobacion",
                     "retencion_archivos_dias"]


def _texto(valor: Any) -> Any:
    return valor.strftime("%H:%M") if hasattr(valor, "strftime") else valor


@transaction.atomic
def do_cambiar_parametros(empresa: Empresa, *, parametros: dict[str, Any], horario: dict[str, Any],
                          actor: Usuario, request: HttpRequest | None = None) -> list[str]:
    """Company security parameters and schedule; narrows users' schedules that would exceed it.

    Returns the usernames whose schedule was narrowed. The caller validated the
    values; the model validators and check constraints enforce the bank's caps again.
    """
    empresa = Empresa.objects.select_for_update().get(pk=empresa.pk)
    de_empresa, _creado = Horario.objects.select_for_update().get_or_create(empresa=empresa)
    antes: dict[str, Any] = {}
    despues: dict[str, Any] = {}
    campos_empresa = []
    for campo in CAMPOS_PARAMETROS:
        # A field left empty (dias_aprobacion, retencion_archivos_dias) keeps its value.
        if campo in parametros and parametros[campo] is not None and getattr(empresa, campo) != parametros[campo]:
            antes[campo], despues[campo] = getattr(empresa, campo), parametros[campo]
            setattr(empresa, campo, parametros[campo])
            campos_empresa.append(campo)
    campos_horario = []
    for campo in Horario.CAMPOS:
        if campo in horario and getattr(de_empresa, campo) != horario[campo]:
            antes[campo], despues[campo] = _texto(getattr(de_empresa, campo)), _texto(horario[campo])
            setattr(de_empresa, campo, horario[campo])
            campos_horario.append(campo)
    if campos_empresa:
        empresa.full_clean(exclude=["nit", "razon_social", "identificador_interno", "estado"])
        empresa.save(update_fields=campos_empresa)
    ajustados: list[str] = []
    if campos_horario:
        de_empresa.save(update_fields=campos_horario)
        por_guardar = []
        campos_ajustados: set[str] = set()
        horarios = (Horario.objects.select_for_update(of=("self",)).select_related("usuario")
                    .filter(usuario__empresa=empresa).order_by("pk"))
        for h in horarios:
            cambiados = ajustar_a_empresa(h, de_empresa)
            if cambiados:
                por_guardar.append(h)
                campos_ajustados.update(cambiados)
                ajustados.append(h.usuario.username)
        if por_guardar:
            Horario.objects.bulk_update(por_guardar, sorted(campos_ajustados), batch_size=500)
    if antes:
        detalles: dict[str, Any] = {"antes": antes, "despues": despues}
        if ajustados:
            detalles["horarios_ajustados"] = ajustados
        registrar(EventosSeguridad.PARAMETROS_MODIFICADOS, actor=actor, empresa=empresa,
                  objetivo_descripcion=empresa.razon_social, detalles=detalles, request=request)
    return ajustados
