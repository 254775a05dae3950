"""Reads of the audit trail, always scoped to one company."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from auditoria.eventos import etiquetas, nombres_de_codigos
from auditoria.models import Evento


def etiquetas_acciones() -> dict[str, str]:
    """Screen label of every declared event name (others are shown as stored)."""
    return etiquetas()


def acciones_de_empresa(empresa_id: int) -> list[tuple[str, str]]:
    etiquetas = etiquetas_acciones()
    valores = (Evento.objects.filter(empresa_id=empresa_id).order_by("accion")
               .values_list("accion", flat=True).distinct())
    return sorted(((v, etiquetas.get(v, v)) for v in valores), key=lambda par: par[1])


def _inicio_del_dia(fecha: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(fecha, dt.time.min))


def eventos_de_empresa(empresa_id: int, *, desde: dt.date | None = None, hasta: dt.date | None = None,
                       usuario: str = "", accion: str = "") -> QuerySet[Evento]:
    """The company's audit rows, newest first. Dates are days in America/Bogota, both inclusive;
    `usuario` matches the actor or the target by username."""
    if not empresa_id:
        return Evento.objects.none()
    eventos = Evento.objects.filter(empresa_id=empresa_id)
    if desde:
        eventos = eventos.filter(creado__gte=_inicio_del_dia(desde))
    if hasta:
        eventos = eventos.filter(creado__lt=_inicio_del_dia(hasta + dt.timedelta(days=1)))
    if usuario:
        eventos = eventos.filter(Q(actor_nombre__iexact=usuario) | Q(objetivo_descripcion__iexact=usuario))
    if accion:
        eventos = eventos.filter(accion=accion)
    return eventos.order_by("-creado", "-id")


# What the audit rows store are codes (stable across languages and releases); the
# consultation shows them as words in the reader's language and Bogotá time.
CAMPOS = {
    "causa": _("Causa"), "intentos": _("Intentos fallidos"), "filtros": _("Filtros"), "formato": _("Formato"),
    "registros": _("Registros"), "estado": _("Estado"), "username": _("Usuario"), "productos": _("Productos"),
    "imagen": _("Imagen de Seguridad"), "red": _("Red"), "descripcion": _("Descripción"), "cupo": _("Cupo"),
    "seriales": _("Seriales"), "serial": _("Serial"), "habilitado": _("Habilitado"), "vence": _("Vence"),
    "correo": _("Correo"), "email": _("Correo"), "accion": _("Acción"), "clave_temporal": _("Clave temporal"),
    "motivo": _("Motivo"), "topes_ajustados": _("Topes ajustados"), "servicio": _("Servicio"),
    "transaccion": _("Transacción"), "diario": _("Diario"), "mensual": _("Mensual"), "nombre": _("Nombre"),
    "tipo": _("Tipo"), "opciones": _("Opciones"), "aprobaciones": _("Aprobaciones"), "perfil": _("Perfil"),
    "numero": _("Número"), "origen": _("Origen"), "destino": _("Destino"), "monto": _("Monto"),
    "fecha_programada": _("Fecha programada"), "fecha": _("Fecha"), "referencia": _("Referencia"),
    "aprobaciones_requeridas": _("Aprobaciones requeridas"), "aprobaciones_recibidas": _("Aprobaciones recibidas"),
    "transferencia": _("Transferencia"), "titular": _("Titular"), "tipo_identificacion": _("Tipo Identificación"),
    "numero_identificacion": _("No. Identificación"), "banco": _("Banco"), "tipo_cuenta": _("Tipo de cuenta"),
    "numero_cuenta": _("Número de cuenta"), "alias": _("Alias"),
    "retencion_archivos_dias": _("Días de retención de archivos de pago"),
}
CODIGOS = {
    "usuario_desconocido": _("el usuario no existe"), "clave_invalida": _("clave incorrecta"),
    "clave_temporal_vencida": _("la contraseña temporal venció o ya fue usada"),
    "empresa_inactiva": _("la empresa está inactiva"), "ip_no_permitida": _("IP no permitida"),
    "ip_frenada": _("demasiados intentos desde la IP"), "fuera_de_horario": _("fuera del horario permitido"),
    "usuario_bloqueado": _("el usuario está bloqueado"), "usuario_inactivo": _("el usuario está inactivo"),
    "usuario_pendiente": _("el usuario está pendiente de activación"),
    "token_faltante": _("falta la clave dinámica token"), "token_invalido": _("clave dinámica token incorrecta"),
    "token_requerido_sin_token": _("la empresa exige token y el usuario no tiene"),
    "token_inactivo": _("el token del usuario está inactivo"),
    "monto_empresa_reducido": _("se redujo el monto de la empresa"),
    "PENDIENTE": _("Pendiente"), "ACTIVO": _("Activo"), "INACTIVO": _("Inactivo"), "BLOQUEADO": _("Bloqueado"),
    "ASIGNADO": _("Asignado"), "PENDIENTE_ACTIVACION": _("Pendiente Activación"), "DISPONIBLE": _("Disponible"),
    "INHABILITADO": _("Inhabilitado"), "imprimir": _("Imprimir"), "excel": _("Excel"), "pdf": _("PDF"),
}


def _dinero(valor: str) -> str:
    entero, _punto, decimales = f"{Decimal(valor):.2f}".partition(".")
    signo = "-" if entero.startswith("-") else ""
    return f"{signo}${int(entero.lstrip('-')):,}".replace(",", ".") + f",{decimales}"


def _valor(v: Any) -> str:
    if v in (None, ""):
        return "—"
    if isinstance(v, bool):
        return str(_("Sí") if v else _("No"))
    if isinstance(v, list):
        return ", ".join(_valor(x) for x in v) or "—"
    if isinstance(v, dict):
        return "; ".join(f"{_etiqueta(k)}: {_valor(x)}" for k, x in v.items()) or "—"
    texto = str(v)
    if texto in CODIGOS:
        return str(CODIGOS[texto])
    if _DINERO.fullmatch(texto):
        return _dinero(texto)
    if _FECHA.fullmatch(texto):
        return texto.replace("-", "/")
    if _ISO.match(texto):
        try:
            momento = dt.datetime.fromisoformat(texto)
        except ValueError:
            return texto
        if timezone.is_aware(momento):
            momento = timezone.localtime(momento)
        return formats.date_format(momento, "Y/m/d H:i")
    return texto


def _etiqueta(clave: str) -> str:
    if clave in CAMPOS:
        return str(CAMPOS[clave])
    # Limits are stored as "product number/service code/field".
    partes = clave.split("/")
    if len(partes) == 3 and partes[2] in CAMPOS:
        servicio = _nombres_de_codigos().get(partes[1], partes[1])
        return f"{servicio} · {partes[0]} · {CAMPOS[partes[2]]}"
    nombre = _nombres_de_codigos().get(clave)
    if nombre:
        return nombre
    return clave.replace("_", " ").capitalize()


_DINERO = re.compile(r"-?\d+\.\d{2}")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_FECHA = re.compile(r"\d{4}-\d{2}-\d{2}")


def _nombres_de_codigos() -> dict[str, str]:
    # Read once per request at most: the consultation formats many rows.
    from django.core.cache import cache
    from django.utils.translation import get_language

    clave = f"occired:auditoria:nombres:{get_language()}"
    nombres = cache.get(clave)
    if nombres is None:
        nombres = nombres_de_codigos()
        cache.set(clave, nombres, 60)
    return nombres


def _aplanar(d: dict[str, Any], prefijo: str = "") -> dict[str, Any]:
    """{"pagos-nomina": {"diario": …}} → {"pagos-nomina · Diario": …}: one sentence per value."""
    plano: dict[str, Any] = {}
    for k, v in d.items():
        nombre = f"{prefijo} · {_etiqueta(k)}" if prefijo else _etiqueta(k)
        if isinstance(v, dict):
            plano.update(_aplanar(v, nombre))
        else:
            plano[nombre] = v
    return plano


def partes_detalles(detalles: dict[str, Any]) -> list[str]:
    """A row's details as sentences: `Campo: antes → después` (when it has before/after) and `Campo: valor`."""
    if not detalles:
        return []
    partes = []
    antes, despues = detalles.get("antes"), detalles.get("despues")
    if isinstance(antes, dict) and isinstance(despues, dict):
        antes, despues = _aplanar(antes), _aplanar(despues)
        for campo in list(dict.fromkeys([*antes, *despues])):
            if campo not in antes:
                partes.append(f"{campo}: {_valor(despues.get(campo))}")
            else:
                partes.append(f"{campo}: {_valor(antes.get(campo))} → {_valor(despues.get(campo))}")
    for clave, valor in detalles.items():
        if clave not in ("antes", "despues"):
            partes.append(f"{_etiqueta(clave)}: {_valor(valor)}")
    return partes


def texto_detalles(detalles: dict[str, Any]) -> str:
    """One line for a row's details (the Excel export)."""
    return "; ".join(partes_detalles(detalles))
