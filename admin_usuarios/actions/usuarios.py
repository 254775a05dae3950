"""Writes of Configuración de Usuarios: create, edit, assign products; exports audited.

Each `do_*` is atomic, locks the row it changes, saves with `update_fields` and
writes one audit row with the before/after values.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from admin_usuarios.eventos import Eventos
from admin_usuarios.models import Producto, ProductoAsignado, Usuario
from auditoria.actions import foto, registrar, valor_auditable
from comun.errores import AccionRechazada

CAMPOS_EDITABLES = (
    "nombres", "primer_apellido", "segundo_apellido", "perfil", "tipo_identificacion", "numero_identificacion",
    "direccion", "email", "telefono_oficina", "extension", "celular", "departamento", "ciudad", "permitir_alertas",
)


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
    registrar(Eventos.CREAR_USUARIO, actor=actor, objetivo=usuario,
              detalles={"antes": {}, "despues": {"username": usuario.username, "estado": usuario.estado,
                                                   **foto(usuario, CAMPOS_EDITABLES)}},
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
            antes[campo], despues[campo] = valor_auditable(viejo), valor_auditable(datos[campo])
            setattr(usuario, campo, datos[campo])
            campos.append(campo)
    if campos:
        usuario.save(update_fields=campos)
        registrar(Eventos.MODIFICAR_USUARIO, actor=actor, objetivo=usuario,
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
        raise AccionRechazada(_("Solo puede asignar productos habilitados por el banco para su empresa."))
    actuales = set(
        ProductoAsignado.objects.filter(usuario=usuario, producto_id__in=habilitados).values_list("producto_id", flat=True)
    )
    if nuevos == actuales:
        return usuario
    ProductoAsignado.objects.filter(usuario=usuario, producto_id__in=actuales - nuevos).delete()
    ProductoAsignado.objects.bulk_create([ProductoAsignado(usuario=usuario, producto_id=pk) for pk in nuevos - actuales])

    def nombres(ids):
        return sorted(str(habilitados[i]) for i in ids)

    registrar(Eventos.ASIGNAR_PRODUCTOS, actor=actor, objetivo=usuario,
              detalles={"antes": {"productos": nombres(actuales)}, "despues": {"productos": nombres(nuevos)},
                        "retirados": nombres(actuales - nuevos), "agregados": nombres(nuevos - actuales)},
              request=request)
    return usuario


def do_registrar_exportacion(formato: str, *, actor: Usuario, descripcion_filtros: list[tuple[str, str]],
                             total: int, request: HttpRequest | None = None) -> None:
    """Who took the company's user list out of the portal, in which format, with which filters.

    Exports change nothing, but a bank's audit asks who extracted personal data."""
    registrar(Eventos.EXPORTAR_USUARIOS, actor=actor, empresa=actor.empresa,
              objetivo_descripcion="Configuración de Usuarios",  # stored text: the same in every language
              detalles={"formato": formato, "filtros": dict(descripcion_filtros), "registros": total},
              request=request)
