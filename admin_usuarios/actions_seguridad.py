"""Writes of the Activación/Inactivación, Perfiles and Seguridad screens, and of
the bank's first-administrator creation: one function per change, atomic,
row-locked, saved with `update_fields` and audited with before/after values.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from admin_usuarios.actions import do_desbloquear_usuario, do_generar_clave, terminar_sesiones
from admin_usuarios.models import DIAS, Empresa, Horario, Perfil, ReglaIP, Usuario
from auditoria.actions import registrar


class Acciones:
    """Audit action names of these screens (Evento.accion is free text)."""

    CAMBIO_ESTADO = "CAMBIO_ESTADO"
    PERFIL_CREADO = "PERFIL_CREADO"
    PERFIL_MODIFICADO = "PERFIL_MODIFICADO"
    PERFIL_ELIMINADO = "PERFIL_ELIMINADO"
    IP_AGREGADA = "IP_AGREGADA"
    IP_ELIMINADA = "IP_ELIMINADA"
    PARAMETROS_MODIFICADOS = "PARAMETROS_MODIFICADOS"
    PRIMER_ADMINISTRADOR = "PRIMER_ADMINISTRADOR"
    PRODUCTO_HABILITACION = "PRODUCTO_HABILITACION"

    ETIQUETAS = {
        CAMBIO_ESTADO: gettext_lazy("Cambio de estado de usuario"),
        PERFIL_CREADO: gettext_lazy("Creación de perfil"),
        PERFIL_MODIFICADO: gettext_lazy("Modificación de perfil"),
        PERFIL_ELIMINADO: gettext_lazy("Eliminación de perfil"),
        IP_AGREGADA: gettext_lazy("IP permitida agregada"),
        IP_ELIMINADA: gettext_lazy("IP permitida eliminada"),
        PARAMETROS_MODIFICADOS: gettext_lazy("Modificación de parámetros generales y de seguridad"),
        PRIMER_ADMINISTRADOR: gettext_lazy("Creación del administrador de la empresa"),
        PRODUCTO_HABILITACION: gettext_lazy("Habilitación de producto por el banco"),
    }


class OperacionRechazada(ValueError):
    """A change refused by a business rule; the message is meant for the screen."""


# ---------------------------------------------------------------------------
# Activación/Inactivación
# ---------------------------------------------------------------------------

E = Usuario.Estado
TRANSICIONES: dict[str, set[str]] = {
    E.ACTIVO: {E.INACTIVO},
    E.INACTIVO: {E.ACTIVO},
    E.BLOQUEADO: {E.ACTIVO},
    E.PENDIENTE: {E.ACTIVO},
}


def validar_transicion(usuario: Usuario, nuevo: str) -> None:
    """The one rule of which state changes an administrator may make.

    Raises OperacionRechazada with a message for the screen.
    """
    actual = usuario.estado
    if nuevo not in TRANSICIONES.get(actual, set()):
        raise OperacionRechazada(
            _("No se puede cambiar el estado de %(actual)s a %(nuevo)s.")
            % {"actual": E(actual).label, "nuevo": E(nuevo).label if nuevo in E.values else nuevo}
        )
    if actual == E.PENDIENTE and usuario.clave_generada is None:
        raise OperacionRechazada(
            _("El usuario no puede activarse: primero genere su contraseña en la pestaña Contraseña.")
        )


def estados_posibles(usuario: Usuario) -> list[tuple[str, str]]:
    """(value, label) of the states the user may be moved to now."""
    posibles = []
    for nuevo in sorted(TRANSICIONES.get(usuario.estado, set())):
        try:
            validar_transicion(usuario, nuevo)
        except OperacionRechazada:
            continue
        posibles.append((nuevo, E(nuevo).label))
    return posibles


@transaction.atomic
def do_cambiar_estado_usuario(usuario: Usuario, nuevo: str, *, actor: Usuario,
                              request: HttpRequest | None = None) -> Usuario:
    """Activo ↔ Inactivo, Bloqueado → Activo, Pendiente → Activo (after a password was generated)."""
    usuario = Usuario.objects.select_for_update().get(pk=usuario.pk)
    validar_transicion(usuario, nuevo)
    antes = usuario.estado
    if antes == E.BLOQUEADO:
        # Unblocking also resets the failure count; that function audits it.
        return do_desbloquear_usuario(usuario, actor=actor, request=request)
    usuario.estado = nuevo
    usuario.save(update_fields=["estado"])
    if nuevo == E.INACTIVO:
        # The auth backend already refuses inactive users on their next request;
        # deleting the session makes it end even for requests in flight.
        terminar_sesiones(usuario)
    registrar(
        Acciones.CAMBIO_ESTADO, actor=actor, objetivo=usuario,
        detalles={"antes": {"estado": antes}, "despues": {"estado": nuevo}}, request=request,
    )
    return usuario


# ---------------------------------------------------------------------------
# Perfiles
# ---------------------------------------------------------------------------

# The menu options a profile may allow, grouped as on screen (code, label).
OPCIONES_PERFIL: list[tuple[Any, list[tuple[str, Any]]]] = [
    (gettext_lazy("Consultas"), [
        ("consulta_saldos", gettext_lazy("Consulta de Saldos")),
        ("consulta_movimientos", gettext_lazy("Consulta de Movimientos")),
        ("extractos", gettext_lazy("Extractos")),
    ]),
    (gettext_lazy("Transacciones"), [
        ("pagos_terceros", gettext_lazy("Pagos - A Terceros")),
        ("pagos_impuestos", gettext_lazy("Pagos - Impuestos")),
        ("transferencias", gettext_lazy("Transferencias - Internas, Aval y otros Bancos")),
        ("archivos", gettext_lazy("Carga de Archivos")),
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
        raise OperacionRechazada(_("Opción de menú desconocida: %(o)s.") % {"o": ", ".join(sorted(desconocidas))})
    return [c for c in CODIGOS_OPCIONES if c in set(opciones)]


@transaction.atomic
def do_crear_perfil(empresa: Empresa, *, nombre: str, tipo: str, opciones: list[str], aprobaciones: int,
                    actor: Usuario, request: HttpRequest | None = None) -> Perfil:
    perfil = Perfil(empresa=empresa, nombre=nombre.strip(), tipo=tipo, opciones=_limpiar_opciones(opciones),
                    aprobaciones=aprobaciones)
    perfil.full_clean()
    perfil.save()
    registrar(Acciones.PERFIL_CREADO, actor=actor, empresa=empresa, objetivo_descripcion=f"Perfil {perfil.nombre}",
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
        registrar(Acciones.PERFIL_MODIFICADO, actor=actor, empresa=perfil.empresa,
                  objetivo_descripcion=f"Perfil {perfil.nombre}",
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
        raise OperacionRechazada(
            _("El perfil %(nombre)s no se puede eliminar: lo tienen asignado %(n)d usuario(s).")
            % {"nombre": perfil.nombre, "n": en_uso}
        )
    antes = _datos_perfil(perfil)
    empresa = perfil.empresa
    perfil.delete()
    registrar(Acciones.PERFIL_ELIMINADO, actor=actor, empresa=empresa, objetivo_descripcion=f"Perfil {antes['nombre']}",
              detalles={"antes": antes, "despues": {}}, request=request)


# ---------------------------------------------------------------------------
# Administración de IP's
# ---------------------------------------------------------------------------

def normalizar_red(red: str) -> str:
    """200.14.232.152 stays as typed; 200.14.232.7/24 becomes 200.14.232.0/24."""
    net = ipaddress.ip_network(red.strip(), strict=False)
    return str(net.network_address) if net.prefixlen == net.max_prefixlen else str(net)


@transaction.atomic
def do_agregar_regla_ip(empresa: Empresa, *, red: str, descripcion: str = "", usuario: Usuario | None = None,
                        actor: Usuario, request: HttpRequest | None = None) -> ReglaIP:
    # Lock the company so two simultaneous additions cannot both pass the duplicate check.
    Empresa.objects.select_for_update().filter(pk=empresa.pk).first()
    red = normalizar_red(red)
    if usuario is not None and usuario.empresa_id != empresa.pk:
        raise OperacionRechazada(_("El usuario no pertenece a la empresa."))
    if ReglaIP.objects.filter(empresa=empresa, usuario=usuario, red=red).exists():
        raise OperacionRechazada(_("La IP o red %(red)s ya está en la lista.") % {"red": red})
    regla = ReglaIP(empresa=empresa, usuario=usuario, red=red, descripcion=descripcion.strip())
    regla.full_clean()
    regla.save()
    registrar(Acciones.IP_AGREGADA, actor=actor, empresa=empresa, objetivo=usuario,
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
    registrar(Acciones.IP_ELIMINADA, actor=actor, empresa=empresa, objetivo=usuario,
              objetivo_descripcion=usuario.username if usuario else _("Empresa"),
              detalles={"antes": antes, "despues": {}}, request=request)


# ---------------------------------------------------------------------------
# Parámetros Generales y de Seguridad
# ---------------------------------------------------------------------------

CAMPOS_PARAMETROS = ["intentos_maximos", "inactividad_minutos", "token_requerido"]
CAMPOS_HORARIO = [f"{d}_{p}" for d, _e in DIAS for p in ("inicio", "fin")] + [
    "festivo_permitido", "monetarias_sabado", "monetarias_domingo", "monetarias_festivo",
]


def _texto(valor: Any) -> Any:
    return valor.strftime("%H:%M") if hasattr(valor, "strftime") else valor


def ajustar_a_empresa(horario: Horario, de_empresa: Horario) -> list[str]:
    """Narrow a user's schedule so it never exceeds the company's. Returns the changed fields.

    A day the company closes is closed for the user; a range is clipped to the
    company's; a range left empty by the clipping closes the day. A permission
    the company withdraws (festivo, monetary days) is withdrawn from the user.
    """
    cambiados: list[str] = []
    for dia, _e in DIAS:
        ini, fin = horario.rango(dia)
        e_ini, e_fin = de_empresa.rango(dia)
        if e_ini is None or e_fin is None:
            n_ini, n_fin = None, None
        elif ini is None or fin is None:
            n_ini, n_fin = ini, fin
        else:
            n_ini, n_fin = max(ini, e_ini), min(fin, e_fin)
            if n_ini > n_fin:
                n_ini, n_fin = None, None
        for campo, viejo, nuevo in ((f"{dia}_inicio", ini, n_ini), (f"{dia}_fin", fin, n_fin)):
            if viejo != nuevo:
                setattr(horario, campo, nuevo)
                cambiados.append(campo)
    for campo in ("festivo_permitido", "monetarias_sabado", "monetarias_domingo", "monetarias_festivo"):
        if getattr(horario, campo) and not getattr(de_empresa, campo):
            setattr(horario, campo, False)
            cambiados.append(campo)
    return cambiados


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
        if campo in parametros and getattr(empresa, campo) != parametros[campo]:
            antes[campo], despues[campo] = getattr(empresa, campo), parametros[campo]
            setattr(empresa, campo, parametros[campo])
            campos_empresa.append(campo)
    campos_horario = []
    for campo in CAMPOS_HORARIO:
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
        registrar(Acciones.PARAMETROS_MODIFICADOS, actor=actor, empresa=empresa,
                  objetivo_descripcion=empresa.razon_social, detalles=detalles, request=request)
    return ajustados


# ---------------------------------------------------------------------------
# Bank staff: a company's first administrator
# ---------------------------------------------------------------------------

@transaction.atomic
def do_crear_primer_administrador(empresa: Empresa, *, username: str, nombres: str, primer_apellido: str,
                                  segundo_apellido: str = "", email: str, celular: str,
                                  actor: Usuario, request: HttpRequest | None = None) -> Usuario:
    """Create the company's administrator and email a temporary password through the outbox.

    The user is created Activo with an unusable password: nobody can log in as
    them until the outbox worker makes the temporary password at send time, and
    there is no one in the company yet who could activate them.
    """
    empresa = Empresa.objects.select_for_update().get(pk=empresa.pk)
    if Usuario.objects.filter(empresa=empresa, es_administrador=True).exclude(estado=E.INACTIVO).exists():
        raise OperacionRechazada(_("La empresa ya tiene un usuario administrador."))
    if Usuario.objects.filter(username__iexact=username).exists():
        raise OperacionRechazada(_("Ya existe un usuario con ese nombre de usuario."))
    admin = Usuario(
        username=username, nombres=nombres, primer_apellido=primer_apellido, segundo_apellido=segundo_apellido,
        email=email, celular=celular, empresa=empresa, es_administrador=True, estado=E.ACTIVO,
    )
    admin.set_unusable_password()
    admin.full_clean(exclude=["password"])
    admin.save()
    registrar(Acciones.PRIMER_ADMINISTRADOR, actor=actor, empresa=empresa, objetivo=admin,
              detalles={"antes": {}, "despues": {"username": admin.username, "email": admin.email,
                                                  "celular": admin.celular, "estado": admin.estado}},
              request=request)
    do_generar_clave(admin, actor=actor, request=request)
    return admin


@transaction.atomic
def do_cambiar_habilitacion_producto(producto, habilitado: bool, *, actor: Usuario,
                                     request: HttpRequest | None = None):
    """Bank staff enable or disable a company product (only enabled ones can be assigned)."""
    from admin_usuarios.models import Producto

    producto = Producto.objects.select_for_update(of=("self",)).select_related("empresa").get(pk=producto.pk)
    if producto.habilitado == habilitado:
        return producto
    producto.habilitado = habilitado
    producto.save(update_fields=["habilitado"])
    registrar(Acciones.PRODUCTO_HABILITACION, actor=actor, empresa=producto.empresa,
              objetivo_descripcion=str(producto)[:120],
              detalles={"antes": {"habilitado": not habilitado}, "despues": {"habilitado": habilitado}},
              request=request)
    return producto
