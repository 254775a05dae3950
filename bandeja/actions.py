"""Every write of the inbox: staff messages, read marks, the user's alert choices."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from auditoria.actions import foto, registrar
from bandeja import catalogo
from bandeja.eventos import Eventos
from bandeja.models import Mensaje, MensajeLeido, Notificacion, PreferenciaAlertas
from comun.errores import AccionRechazada

CAMPOS_MENSAJE = ["empresa", "titulo", "cuerpo", "vigente_desde", "vigente_hasta"]


def _foto(mensaje: Mensaje) -> dict:
    datos = foto(mensaje, CAMPOS_MENSAJE)
    for campo in ("vigente_desde", "vigente_hasta"):
        if datos[campo] is not None:
            datos[campo] = timezone.localtime(datos[campo]).strftime("%Y/%m/%d %H:%M")
    datos["empresa"] = datos["empresa"] or _("Todas las empresas")
    return datos


def validar_vigencia(desde, hasta) -> None:
    if desde and hasta and hasta <= desde:
        raise AccionRechazada(_("La fecha final de vigencia debe ser posterior a la inicial."), campo="vigente_hasta")


@transaction.atomic
def do_guardar_mensaje(mensaje: Mensaje, *, actor, request: HttpRequest | None = None) -> Mensaje:
    """Publish (no pk) or change a bank message; audited with before/after."""
    validar_vigencia(mensaje.vigente_desde, mensaje.vigente_hasta)
    if mensaje.pk is None:
        antes: dict = {}
        mensaje.creado_por = actor
        mensaje.save()
        evento = Eventos.MENSAJE_CREADO
    else:
        previo = Mensaje.objects.select_for_update(of=("self",)).select_related("empresa").get(pk=mensaje.pk)
        antes = _foto(previo)
        mensaje.save(update_fields=CAMPOS_MENSAJE)
        evento = Eventos.MENSAJE_MODIFICADO
    registrar(evento, actor=actor, empresa=mensaje.empresa, objetivo_descripcion=f"Mensaje {mensaje.pk}",
              detalles={"antes": antes, "despues": _foto(mensaje)}, request=request)
    return mensaje


def do_marcar_mensaje_leido(mensaje: Mensaje, usuario) -> None:
    """Idempotent: opening a message twice keeps the first reading time."""
    MensajeLeido.objects.get_or_create(mensaje=mensaje, usuario_id=usuario.pk)


def do_marcar_notificacion_leida(notificacion: Notificacion) -> None:
    Notificacion.objects.filter(pk=notificacion.pk, leida__isnull=True).update(leida=timezone.now())


def do_marcar_todas_leidas(usuario) -> int:
    return Notificacion.objects.filter(usuario_id=usuario.pk, leida__isnull=True).update(leida=timezone.now())


@transaction.atomic
def do_inscribir_alertas(usuario, grupos: list[str], monto_minimo: Decimal, *, idioma: str = "",
                         request: HttpRequest | None = None) -> PreferenciaAlertas:
    """Save the user's choice. Refused while their administrator has alerts off for them."""
    if not getattr(usuario, "permitir_alertas", False):
        raise AccionRechazada(_("El administrador de su empresa no le ha habilitado la recepción de alertas."))
    desconocidos = set(grupos) - set(catalogo.GRUPOS)
    if desconocidos:
        raise AccionRechazada(_("Alerta no válida."), campo="grupos")
    if monto_minimo < 0:
        raise AccionRechazada(_("El monto mínimo no puede ser negativo."), campo="monto_minimo")
    preferencia, _creada = PreferenciaAlertas.objects.select_for_update().get_or_create(
        usuario_id=usuario.pk, defaults={"grupos": list(catalogo.GRUPOS_POR_DEFECTO)})
    antes = {"grupos": preferencia.grupos, "monto_minimo": str(preferencia.monto_minimo)}
    preferencia.grupos = [g for g in catalogo.GRUPOS if g in grupos]
    preferencia.monto_minimo = monto_minimo
    campos = ["grupos", "monto_minimo", "actualizado"]
    if idioma:
        preferencia.idioma = idioma
        campos.append("idioma")
    preferencia.save(update_fields=campos)
    registrar(Eventos.ALERTAS_INSCRITAS, actor=usuario, objetivo=usuario, request=request,
              detalles={"antes": antes, "despues": {"grupos": preferencia.grupos,
                                                     "monto_minimo": str(preferencia.monto_minimo)}})
    return preferencia
