"""Writes of Configuración de Usuarios (create, edit, products, schedule).

Each `do_*` is atomic, locks the row it changes, saves with `update_fields` and
writes one audit row with the before/after values. Generating the password is
`admin_usuarios.actions.do_generar_clave`.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from admin_usuarios.models import DIAS, Horario, Producto, ProductoAsignado, Usuario
from auditoria.actions import registrar


class Acciones:
    """Audit action names of this module (Evento.accion is free text)."""

    CREAR_USUARIO = "CREAR_USUARIO"
    MODIFICAR_USUARIO = "MODIFICAR_USUARIO"
    ASIGNAR_PRODUCTOS = "ASIGNAR_PRODUCTOS"
    MODIFICAR_HORARIO = "MODIFICAR_HORARIO"
    EXPORTAR_USUARIOS = "EXPORTAR_USUARIOS"
    ETIQUETAS = {
        CREAR_USUARIO: gettext_lazy("Creación de usuario"),
        MODIFICAR_USUARIO: gettext_lazy("Modificación de usuario"),
        ASIGNAR_PRODUCTOS: gettext_lazy("Asignación de productos"),
        MODIFICAR_HORARIO: gettext_lazy("Modificación de días y horarios"),
        EXPORTAR_USUARIOS: gettext_lazy("Exportación o impresión de la lista de usuarios"),
    }


CAMPOS_EDITABLES = (
    "nombres", "primer_apellido", "segundo_apellido", "perfil", "tipo_identificacion", "numero_identificacion",
    "direccion", "email", "telefono_oficina", "extension", "celular", "departamento", "ciudad", "permitir_alertas",
)
CAMPOS_HORARIO = tuple(f"{d}_{x}" for d, _n in DIAS for x in ("inicio", "fin")) + (
    "festivo_permitido", "monetarias_sabado", "monetarias_domingo", "monetarias_festivo",
)


def _valor(v):
    if isinstance(v, dt.time):
        return v.strftime("%H:%M")
    if hasattr(v, "pk"):
        return str(v)
    return v


def _foto(obj, campos) -> dict:
    return {c: _valor(getattr(obj, c)) for c in campos}


@transaction.atomic
def do_crear_usuario(datos: dict, *, actor: Usuario, request: HttpRequest | None = None) -> Usuario:
    """Crear Nuevo: a secondary user of the actor's company, in state Pendiente, with no usable password."""
    usuario = Usuario(
        username=datos["username"], empresa_id=actor.empresa_id, es_administrador=False,
        estado=Usuario.Estado.PENDIENTE, **{c: datos[c] for c in CAMPOS_EDITABLES if c in datos},
    )
    # Nobody knows a password until Generar Contraseña makes one.
    usuario.set_unusable_password()
    usuario.save()
    registrar(Acciones.CREAR_USUARIO, actor=actor, objetivo=usuario,
              detalles={"antes": {}, "despues": {"username": usuario.username, "estado": usuario.estado,
                                                   **_foto(usuario, CAMPOS_EDITABLES)}},
              request=request)
    return usuario


@transaction.atomic
def do_modificar_usuario(usuario: Usuario, datos: dict, *, actor: Usuario,
                         request: HttpRequest | None = None) -> Usuario:
    """Información Usuario: saves only the fields that changed, audited with before/after."""
    usuario = Usuario.objects.select_for_update(of=("self",)).select_related("perfil").get(pk=usuario.pk)
    antes, despues, campos = {}, {}, []
    for campo in CAMPOS_EDITABLES:
        if campo not in datos:
            continue
        viejo = getattr(usuario, campo)
        if viejo != datos[campo]:
            antes[campo], despues[campo] = _valor(viejo), _valor(datos[campo])
            setattr(usuario, campo, datos[campo])
            campos.append(campo)
    if campos:
        usuario.save(update_fields=campos)
        registrar(Acciones.MODIFICAR_USUARIO, actor=actor, objetivo=usuario,
                  detalles={"antes": antes, "despues": despues}, request=request)
    return usuario


@transaction.atomic
def do_asignar_productos(usuario: Usuario, productos, *, actor: Usuario,
                         request: HttpRequest | None = None) -> Usuario:
    """Asignar Productos: the user's enabled products become exactly `productos`.

    Only products the bank enabled for the user's company are touched; removing an
    assignment deletes its row, and the per-user limits that hang from it with it.
    """
    usuario = Usuario.objects.select_for_update().get(pk=usuario.pk)
    habilitados = {p.pk: p for p in Producto.objects.filter(empresa_id=usuario.empresa_id, habilitado=True)}
    nuevos = {p.pk for p in productos}
    if not nuevos <= set(habilitados):
        raise ValueError(_("Solo puede asignar productos habilitados por el banco para su empresa."))
    actuales = set(
        ProductoAsignado.objects.filter(usuario=usuario, producto_id__in=habilitados).values_list("producto_id", flat=True)
    )
    if nuevos == actuales:
        return usuario
    ProductoAsignado.objects.filter(usuario=usuario, producto_id__in=actuales - nuevos).delete()
    ProductoAsignado.objects.bulk_create([ProductoAsignado(usuario=usuario, producto_id=pk) for pk in nuevos - actuales])

    def nombres(ids):
        return sorted(str(habilitados[i]) for i in ids)

    registrar(Acciones.ASIGNAR_PRODUCTOS, actor=actor, objetivo=usuario,
              detalles={"antes": {"productos": nombres(actuales)}, "despues": {"productos": nombres(nuevos)},
                        "retirados": nombres(actuales - nuevos), "agregados": nombres(nuevos - actuales)},
              request=request)
    return usuario


def errores_horario(datos: dict, empresa: Horario) -> dict[str, str]:
    """The rule "a user's schedule never exceeds the company's", field by field.

    Used by the form (messages next to each field) and again by the action.
    """
    errores: dict[str, str] = {}
    for dia, nombre in DIAS:
        ini, fin = datos.get(f"{dia}_inicio"), datos.get(f"{dia}_fin")
        e_ini, e_fin = empresa.rango(dia)
        if (ini is None) != (fin is None):
            errores[f"{dia}_inicio"] = _("Indique inicio y término, o deje ambos vacíos para no permitir el acceso.")
            continue
        if ini is None:
            continue
        if e_ini is None or e_fin is None:
            errores[f"{dia}_inicio"] = _("La empresa no permite el acceso el %(dia)s.") % {"dia": nombre}
        elif ini >= fin:
            errores[f"{dia}_inicio"] = _("El inicio debe ser anterior al término.")
        elif ini < e_ini or fin > e_fin:
            errores[f"{dia}_inicio"] = _("Debe estar dentro del horario de la empresa (%(ini)s a %(fin)s).") % {
                "ini": e_ini.strftime("%H:%M"), "fin": e_fin.strftime("%H:%M")}
    for campo in ("festivo_permitido", "monetarias_sabado", "monetarias_domingo", "monetarias_festivo"):
        if datos.get(campo) and not getattr(empresa, campo):
            errores[campo] = _("La empresa no lo permite: no puede habilitarse para el usuario.")
    return errores


@transaction.atomic
def do_guardar_horario(usuario: Usuario, datos: dict, *, actor: Usuario,
                       request: HttpRequest | None = None) -> Horario:
    """Días y Horarios: the user's own Horario row, never beyond the company's."""
    usuario = Usuario.objects.select_for_update().get(pk=usuario.pk)
    empresa = Horario.objects.filter(empresa_id=usuario.empresa_id).first() or Horario(empresa_id=usuario.empresa_id)
    errores = errores_horario(datos, empresa)
    if errores:
        raise ValueError(next(iter(errores.values())))
    horario = Horario.objects.filter(usuario=usuario).first()
    if horario is None:
        # Until now the user followed the company's schedule.
        antes = _foto(empresa, CAMPOS_HORARIO)
        horario = Horario(usuario=usuario, **{c: datos[c] for c in CAMPOS_HORARIO})
        horario.save()
    else:
        antes = _foto(horario, CAMPOS_HORARIO)
        for c in CAMPOS_HORARIO:
            setattr(horario, c, datos[c])
        horario.save(update_fields=list(CAMPOS_HORARIO))
    despues = _foto(horario, CAMPOS_HORARIO)
    if antes != despues:
        registrar(Acciones.MODIFICAR_HORARIO, actor=actor, objetivo=usuario,
                  detalles={"antes": {k: v for k, v in antes.items() if despues[k] != v},
                            "despues": {k: v for k, v in despues.items() if antes[k] != v}},
                  request=request)
    return horario


def do_registrar_exportacion(formato: str, *, actor: Usuario, descripcion_filtros: list[tuple[str, str]],
                             total: int, request: HttpRequest | None = None) -> None:
    """Who took the company's user list out of the portal, in which format, with which filters.

    Exports change nothing, but a bank's audit asks who extracted personal data."""
    registrar(Acciones.EXPORTAR_USUARIOS, actor=actor, empresa=actor.empresa,
              objetivo_descripcion="Configuración de Usuarios",  # stored text: the same in every language
              detalles={"formato": formato, "filtros": dict(descripcion_filtros), "registros": total},
              request=request)
