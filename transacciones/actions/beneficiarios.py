"""Inscripción de Cuentas: register a beneficiary, activate it (a second person, with
their token), inactivate it."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from admin_usuarios.models import Usuario
from auditoria.actions import foto, registrar
from comun.errores import AccionRechazada
from transacciones import validacion
from transacciones.eventos import Eventos
from transacciones.models import Beneficiario
from transacciones.reglas import puede_activar_beneficiarios, puede_inscribir

CAMPOS = ("titular", "tipo_identificacion", "numero_identificacion", "banco", "tipo_cuenta", "numero_cuenta",
          "alias", "estado")
B = Beneficiario.Estado


def do_inscribir_beneficiario(*, titular: str, tipo_identificacion: str, numero_identificacion: str, banco: str,
                              tipo_cuenta: str, numero_cuenta: str, alias: str, actor: Usuario,
                              request: HttpRequest | None = None) -> Beneficiario:
    if not puede_inscribir(actor):
        raise AccionRechazada(_("Su perfil no tiene habilitada la opción Inscripción de Cuentas."))
    # The same rules as every row of a payment file (transacciones.validacion).
    try:
        numero_identificacion = validacion.numero_identificacion(numero_identificacion, tipo_identificacion)
    except validacion.Invalido as exc:
        raise AccionRechazada(exc.mensaje, campo="numero_identificacion") from None
    try:
        banco = validacion.banco(banco)
        numero_cuenta = validacion.cuenta_beneficiario(banco_codigo=banco, tipo=tipo_cuenta, numero=numero_cuenta)
    except validacion.Invalido as exc:
        raise AccionRechazada(exc.mensaje, campo="numero_cuenta") from None
    b = Beneficiario(empresa_id=actor.empresa_id, titular=titular.strip(), tipo_identificacion=tipo_identificacion,
                     numero_identificacion=numero_identificacion.strip(), banco=banco, tipo_cuenta=tipo_cuenta,
                     numero_cuenta=numero_cuenta, alias=alias.strip(), inscrito_por=actor)
    try:
        with transaction.atomic():
            b.save()
            registrar(Eventos.BENEFICIARIO_INSCRITO, actor=actor, objetivo_descripcion=str(b)[:120],
                      detalles={"antes": {}, "despues": foto(b, CAMPOS)}, request=request)
    except IntegrityError:
        raise AccionRechazada(_("Esa cuenta ya está inscrita en la empresa."), campo="numero_cuenta") from None
    return b


@transaction.atomic
def do_activar_beneficiario(b: Beneficiario, *, actor: Usuario, request: HttpRequest | None = None) -> Beneficiario:
    """The second person's check (the view confirms it with their token)."""
    b = Beneficiario.objects.select_for_update().get(pk=b.pk)
    if b.empresa_id != actor.empresa_id or not puede_activar_beneficiarios(actor):
        raise AccionRechazada(_("Su perfil no permite activar cuentas inscritas."))
    if b.estado == B.ACTIVO:
        raise AccionRechazada(_("La cuenta ya está activa."))
    if b.inscrito_por_id == actor.pk:
        raise AccionRechazada(_("Otra persona debe activar la cuenta que usted inscribió."))
    antes = foto(b, CAMPOS)
    b.estado, b.activado_por, b.activado = B.ACTIVO, actor, timezone.now()
    b.save(update_fields=["estado", "activado_por", "activado"])
    registrar(Eventos.BENEFICIARIO_ACTIVADO, actor=actor, objetivo_descripcion=str(b)[:120],
              detalles={"antes": antes, "despues": foto(b, CAMPOS)}, request=request)
    return b


@transaction.atomic
def do_inactivar_beneficiario(b: Beneficiario, *, actor: Usuario, request: HttpRequest | None = None) -> Beneficiario:
    b = Beneficiario.objects.select_for_update().get(pk=b.pk)
    if b.empresa_id != actor.empresa_id or not puede_activar_beneficiarios(actor):
        raise AccionRechazada(_("Su perfil no permite inactivar cuentas inscritas."))
    if b.estado == B.INACTIVO:
        raise AccionRechazada(_("La cuenta ya está inactiva."))
    antes = foto(b, CAMPOS)
    b.estado = B.INACTIVO
    b.save(update_fields=["estado"])
    registrar(Eventos.BENEFICIARIO_INACTIVADO, actor=actor, objetivo_descripcion=str(b)[:120],
              detalles={"antes": antes, "despues": foto(b, CAMPOS)}, request=request)
    return b
