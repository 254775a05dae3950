"""Bank staff's writes (/banco/): companies, their products, their first administrator and
the bank-side edits of a user. Each is atomic, row-locked and audited with before/after.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from admin_usuarios.actions.claves import do_generar_clave
from admin_usuarios.eventos import Eventos
from admin_usuarios.models import Empresa, Usuario
from auditoria.actions import foto, registrar
from comun.errores import AccionRechazada


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
    if Usuario.objects.filter(empresa=empresa, es_administrador=True).exclude(estado=Usuario.Estado.INACTIVO).exists():
        raise AccionRechazada(_("La empresa ya tiene un usuario administrador."))
    if Usuario.objects.filter(username__iexact=username).exists():
        raise AccionRechazada(_("Ya existe un usuario con ese nombre de usuario."))
    admin = Usuario(
        username=username, nombres=nombres, primer_apellido=primer_apellido, segundo_apellido=segundo_apellido,
        email=email, celular=celular, empresa=empresa, es_administrador=True, estado=Usuario.Estado.ACTIVO,
    )
    admin.set_unusable_password()
    admin.full_clean(exclude=["password"])
    admin.save()
    registrar(Eventos.PRIMER_ADMINISTRADOR, actor=actor, empresa=empresa, objetivo=admin,
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
    registrar(Eventos.PRODUCTO_HABILITACION, actor=actor, empresa=producto.empresa,
              objetivo_descripcion=str(producto)[:120],
              detalles={"antes": {"habilitado": not habilitado}, "despues": {"habilitado": habilitado}},
              request=request)
    return producto


# Identity fields of a company that bank staff edit here. Its security parameters and
# schedule are seguridad's (seguridad.actions.parametros.do_cambiar_parametros).
CAMPOS_EMPRESA = ("nit", "razon_social", "identificador_interno", "estado")
CAMPOS_PRODUCTO = ("tipo", "nombre", "numero", "habilitado")
# What bank staff may correct on a user; state, company, role and password change only
# through their own actions (estados, empresas.do_crear_primer_administrador, claves).
CAMPOS_USUARIO_BANCO = ("nombres", "primer_apellido", "segundo_apellido", "email", "celular",
                        "telefono_oficina", "extension")


def _cambios(obj, datos: dict, campos) -> tuple[dict, dict, list[str]]:
    antes, despues, cambiados = {}, {}, []
    for campo in campos:
        if campo in datos and getattr(obj, campo) != datos[campo]:
            antes[campo] = foto(obj, [campo])[campo]
            setattr(obj, campo, datos[campo])
            despues[campo] = foto(obj, [campo])[campo]
            cambiados.append(campo)
    return antes, despues, cambiados


@transaction.atomic
def do_crear_empresa(datos: dict, *, actor: Usuario, request: HttpRequest | None = None) -> Empresa:
    """A new customer company, onboarded by bank staff."""
    empresa = Empresa(**{c: v for c, v in datos.items() if c in {f.name for f in Empresa._meta.fields}})
    empresa.full_clean()
    empresa.save()
    registrar(Eventos.EMPRESA_CREADA, actor=actor, empresa=empresa, objetivo_descripcion=empresa.razon_social,
              detalles={"antes": {}, "despues": foto(empresa, CAMPOS_EMPRESA)}, request=request)
    return empresa


@transaction.atomic
def do_modificar_empresa(empresa: Empresa, datos: dict, *, actor: Usuario,
                         request: HttpRequest | None = None) -> Empresa:
    empresa = Empresa.objects.select_for_update().get(pk=empresa.pk)
    antes, despues, cambiados = _cambios(empresa, datos, CAMPOS_EMPRESA)
    if cambiados:
        empresa.full_clean()
        empresa.save(update_fields=cambiados)
        registrar(Eventos.EMPRESA_MODIFICADA, actor=actor, empresa=empresa,
                  objetivo_descripcion=empresa.razon_social, detalles={"antes": antes, "despues": despues},
                  request=request)
    return empresa


@transaction.atomic
def do_crear_producto(empresa: Empresa, datos: dict, *, actor: Usuario, request: HttpRequest | None = None):
    """A bank product of the company (enabled or not for assignment)."""
    from admin_usuarios.models import Producto

    producto = Producto(empresa=empresa, **{c: datos[c] for c in CAMPOS_PRODUCTO if c in datos})
    producto.full_clean()
    producto.save()
    registrar(Eventos.PRODUCTO_CREADO, actor=actor, empresa=empresa, objetivo_descripcion=str(producto)[:120],
              detalles={"antes": {}, "despues": foto(producto, CAMPOS_PRODUCTO)}, request=request)
    return producto


@transaction.atomic
def do_modificar_usuario_banco(usuario: Usuario, datos: dict, *, actor: Usuario,
                               request: HttpRequest | None = None) -> Usuario:
    usuario = Usuario.objects.select_for_update(of=("self",)).get(pk=usuario.pk)
    antes, despues, cambiados = _cambios(usuario, datos, CAMPOS_USUARIO_BANCO)
    if cambiados:
        usuario.save(update_fields=cambiados)
        registrar(Eventos.USUARIO_MODIFICADO_BANCO, actor=actor, objetivo=usuario,
                  detalles={"antes": antes, "despues": despues}, request=request)
    return usuario
