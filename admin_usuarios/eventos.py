from django.db import models
from django.utils.translation import gettext_lazy as _


class Eventos(models.TextChoices):
    """Audit events of companies, users, their states, passwords and profiles."""

    BLOQUEO = "BLOQUEO", _("Bloqueo por intentos fallidos")
    DESBLOQUEO = "DESBLOQUEO", _("Desbloqueo")
    CAMBIO_CLAVE = "CAMBIO_CLAVE", _("Cambio de clave")
    CLAVE_RESTABLECIDA = "CLAVE_RESTABLECIDA", _("Clave restablecida con ¿Olvidó su clave?")
    CAMBIO_IMAGEN = "CAMBIO_IMAGEN", _("Cambio de imagen de seguridad")
    GENERAR_CLAVE = "GENERAR_CLAVE", _("Generación de contraseña")
    CREAR_USUARIO = "CREAR_USUARIO", _("Creación de usuario")
    MODIFICAR_USUARIO = "MODIFICAR_USUARIO", _("Modificación de usuario")
    ASIGNAR_PRODUCTOS = "ASIGNAR_PRODUCTOS", _("Asignación de productos")
    EXPORTAR_USUARIOS = "EXPORTAR_USUARIOS", _("Exportación o impresión de la lista de usuarios")
    CAMBIO_ESTADO = "CAMBIO_ESTADO", _("Cambio de estado de usuario")
    PERFIL_CREADO = "PERFIL_CREADO", _("Creación de perfil")
    PERFIL_MODIFICADO = "PERFIL_MODIFICADO", _("Modificación de perfil")
    PERFIL_ELIMINADO = "PERFIL_ELIMINADO", _("Eliminación de perfil")
    PRIMER_ADMINISTRADOR = "PRIMER_ADMINISTRADOR", _("Creación del administrador de la empresa")
    PRODUCTO_HABILITACION = "PRODUCTO_HABILITACION", _("Habilitación de producto por el banco")
    EMPRESA_CREADA = "EMPRESA_CREADA", _("Creación de empresa por el banco")
    EMPRESA_MODIFICADA = "EMPRESA_MODIFICADA", _("Modificación de empresa por el banco")
    PRODUCTO_CREADO = "PRODUCTO_CREADO", _("Creación de producto por el banco")
    USUARIO_MODIFICADO_BANCO = "USUARIO_MODIFICADO_BANCO", _("Modificación de usuario por el banco")
    NOMBRE_EXISTENTE = "NOMBRE_EXISTENTE", _("Consulta de nombre de usuario existente")
