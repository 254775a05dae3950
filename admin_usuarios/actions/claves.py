"""Passwords and the security image: the user's own change, and Generar Contraseña.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from admin_usuarios.actions.sesiones import terminar_sesiones
from admin_usuarios.eventos import Eventos
from admin_usuarios.models import ClaveHistorica, Usuario
from auditoria.actions import registrar
from bandeja import catalogo
from bandeja.avisos import aviso_de_seguridad, ip_de
from comun.errores import AccionRechazada

HISTORIAL_CLAVES = 5


@transaction.atomic
def do_cambiar_clave(usuario: Usuario, nueva: str, *, request: HttpRequest | None = None) -> Usuario:
    """The user's own password change. The caller has validated `nueva`."""
    usuario = Usuario.objects.select_for_update().get(pk=usuario.pk)
    if usuario.password:
        ClaveHistorica.objects.create(usuario=usuario, password=usuario.password)
        viejas = list(usuario.claves_anteriores.values_list("pk", flat=True)[HISTORIAL_CLAVES:])
        ClaveHistorica.objects.filter(pk__in=viejas).delete()
    era_temporal = usuario.debe_cambiar_clave
    usuario.set_password(nueva)
    usuario.debe_cambiar_clave = False
    usuario.clave_temporal_expira = None
    usuario.clave_temporal_usada = False
    usuario.save(update_fields=["password", "debe_cambiar_clave", "clave_temporal_expira", "clave_temporal_usada"])
    registrar(
        Eventos.CAMBIO_CLAVE,
        actor=usuario,
        objetivo=usuario,
        detalles={"clave_temporal": era_temporal},
        request=request,
    )
    # Every way of setting one's password ends here (own change, forced change, recovery):
    # the security notice is sent by the action, not by a view.
    aviso_de_seguridad(usuario, catalogo.CLAVE_CAMBIADA, ip=ip_de(request))
    return usuario


@transaction.atomic
def do_restablecer_clave(usuario: Usuario, nueva: str, *, vigente: Callable[[Usuario], bool],
                         request: HttpRequest | None = None) -> Usuario:
    """¿Olvidó su clave?: the same change as `do_cambiar_clave` (history kept, its audit row and
    whatever it notifies), under the same password validators, then every session of the user ends.

    `vigente` re-checks the one-time link on the locked row: of two simultaneous submissions
    of one link, the second finds the password already changed and is refused.
    """
    usuario = Usuario.objects.select_for_update(of=("self",)).select_related("empresa").get(pk=usuario.pk)
    if usuario.estado != Usuario.Estado.ACTIVO or not vigente(usuario):
        raise AccionRechazada(_("El enlace no es válido o ya fue usado."))
    try:
        # The company's rules, the history and "not the username" are the configured validators.
        password_validation.validate_password(nueva, usuario)
    except ValidationError as exc:
        raise AccionRechazada(" ".join(exc.messages), campo="nueva") from exc
    usuario = do_cambiar_clave(usuario, nueva, request=request)
    # Whoever knew the old password may be signed in: the reset ends that session too.
    terminadas = terminar_sesiones(usuario)
    usuario.sesion_actual = ""
    usuario.save(update_fields=["sesion_actual"])
    registrar(Eventos.CLAVE_RESTABLECIDA, actor=usuario, objetivo=usuario,
              detalles={"sesiones_terminadas": terminadas}, request=request)
    return usuario


@transaction.atomic
def do_elegir_imagen_seguridad(usuario: Usuario, imagen: str, *, request: HttpRequest | None = None) -> Usuario:
    usuario = Usuario.objects.select_for_update().get(pk=usuario.pk)
    antes = usuario.imagen_seguridad
    usuario.imagen_seguridad = imagen
    usuario.save(update_fields=["imagen_seguridad"])
    registrar(
        Eventos.CAMBIO_IMAGEN,
        actor=usuario,
        objetivo=usuario,
        detalles={"antes": {"imagen": antes}, "despues": {"imagen": imagen}},
        request=request,
    )
    if antes and antes != imagen:
        # The first choice (at first login) is not a change of anything.
        aviso_de_seguridad(usuario, catalogo.IMAGEN_CAMBIADA, ip=ip_de(request))
    return usuario


@transaction.atomic
def do_generar_clave(usuario: Usuario, *, actor: Usuario | None, request: HttpRequest | None = None):
    """Generar Contraseña: the old password stops working now; the new one is made
    and emailed by the outbox worker (admin_usuarios.claves), never seen by anyone else.

    Also used by bank staff for a company's first administrator.
    """
    from comun.correo import encolar_correo

    usuario = Usuario.objects.select_for_update().get(pk=usuario.pk)
    if not usuario.email:
        raise AccionRechazada(_("El usuario no tiene correo electrónico registrado."))
    usuario.set_unusable_password()
    usuario.debe_cambiar_clave = True
    usuario.clave_temporal_usada = False
    usuario.clave_temporal_expira = None
    usuario.clave_generada = timezone.now()
    usuario.save(
        update_fields=["password", "debe_cambiar_clave", "clave_temporal_usada", "clave_temporal_expira", "clave_generada"]
    )
    registrar(Eventos.GENERAR_CLAVE, actor=actor, objetivo=usuario,
              detalles={"correo": usuario.email}, request=request)
    return encolar_correo(
        "clave_temporal",
        para=usuario.email,
        usuario=usuario,
        contexto={"nombre": usuario.nombre_completo, "empresa": usuario.empresa.razon_social if usuario.empresa else ""},
    )
