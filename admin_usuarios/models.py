"""Companies, their users, profiles, schedules, IP allow-lists and products.

Writes live in `admin_usuarios/actions/` and `seguridad/actions/`; the access rules
(schedules, IP lists) in `seguridad/reglas.py`. These classes describe the data and
name its facts once (`Horario.objects.vigente(usuario)`).
"""

from __future__ import annotations

import datetime as dt
import functools

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import connections, models
from django.db.models import Value
from django.db.models.functions import Concat, Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from localflavor.co.co_departments import DEPARTMENT_CHOICES

from admin_usuarios.validators import validar_nit, validar_red_ip
from comun import filas
from comun.filas import Lector
from comun.texto import para_buscar

solo_letras_y_digitos = RegexValidator(
    r"^[A-Za-z0-9]+$", _("Use solo letras y números, sin espacios ni caracteres especiales.")
)


class Empresa(models.Model):
    class Estado(models.TextChoices):
        ACTIVA = "ACTIVA", _("Activa")
        INACTIVA = "INACTIVA", _("Inactiva")

    nit = models.CharField(_("NIT"), max_length=15, unique=True, validators=[validar_nit])
    razon_social = models.CharField(_("Razón social"), max_length=150)
    identificador_interno = models.CharField(_("Identificador Interno"), max_length=20, unique=True)
    estado = models.CharField(_("Estado"), max_length=10, choices=Estado.choices, default=Estado.ACTIVA)
    # Security parameters; each is bounded by the bank's cap in settings.
    intentos_maximos = models.PositiveSmallIntegerField(
        _("Intentos fallidos antes de bloqueo"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(settings.OCCIRED_CAP_INTENTOS)],
    )
    inactividad_minutos = models.PositiveSmallIntegerField(
        _("Tiempo de inactividad (minutos)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(settings.OCCIRED_CAP_INACTIVIDAD_MINUTOS)],
    )
    token_requerido = models.BooleanField(_("Token requerido para ingresar"), default=False)
    # An operation not fully approved within these days ends Vencida (its reservation released).
    dias_aprobacion = models.PositiveSmallIntegerField(
        _("Días para aprobar una operación"), default=5, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    # Pagos por Archivo: days an uploaded payment file is kept before it is deleted (rows and results stay).
    retencion_archivos_dias = models.PositiveSmallIntegerField(
        _("Días de retención de archivos de pago"), default=90,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
    )
    creada = models.DateTimeField(_("Creada"), auto_now_add=True)

    class Meta:
        verbose_name = _("Empresa")
        verbose_name_plural = _("Empresas")
        ordering = ["razon_social"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(intentos_maximos__gte=1, intentos_maximos__lte=settings.OCCIRED_CAP_INTENTOS),
                name="empresa_intentos_dentro_del_tope",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    inactividad_minutos__gte=1,
                    inactividad_minutos__lte=settings.OCCIRED_CAP_INACTIVIDAD_MINUTOS,
                ),
                name="empresa_inactividad_dentro_del_tope",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.razon_social} - {self.nit}"

    @property
    def activa(self) -> bool:
        return self.estado == self.Estado.ACTIVA


class Perfil(models.Model):
    class Tipo(models.TextChoices):
        OPERADOR = "OPERADOR", _("Operador")
        SUPERVISOR = "SUPERVISOR", _("Supervisor")
        AMBOS = "AMBOS", _("Ambos")

    empresa = models.ForeignKey(Empresa, on_delete=models.PROTECT, related_name="perfiles", verbose_name=_("Empresa"))
    nombre = models.CharField(_("Nombre"), max_length=50)
    tipo = models.CharField(_("Tipo"), max_length=12, choices=Tipo.choices, default=Tipo.OPERADOR)
    opciones = models.JSONField(_("Opciones del menú"), default=list, blank=True)
    aprobaciones = models.PositiveSmallIntegerField(
        _("Número de aprobaciones"), default=1, validators=[MinValueValidator(0), MaxValueValidator(5)]
    )

    class Meta:
        verbose_name = _("Perfil")
        verbose_name_plural = _("Perfiles")
        ordering = ["nombre"]
        constraints = [models.UniqueConstraint(fields=["empresa", "nombre"], name="perfil_nombre_unico_por_empresa")]

    def __str__(self) -> str:
        return self.nombre


class UsuarioManager(BaseUserManager["Usuario"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str) -> Usuario:
        # Usernames are unique without regard to case (see the constraint below).
        return self.get(username__iexact=username)

    def create_user(self, username: str, password: str | None = None, **extra) -> Usuario:
        user = self.model(username=username, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, username: str, password: str | None = None, **extra) -> Usuario:
        extra.update(is_staff=True, is_superuser=True, estado=Usuario.Estado.ACTIVO)
        return self.create_user(username, password, **extra)


def unir_nombre(*partes: str) -> str:
    """Nombres and apellidos as one name (what screens and exports call Nombre Usuario)."""
    return " ".join(p for p in partes if p)


class Usuario(AbstractBaseUser, PermissionsMixin):
    class Estado(models.TextChoices):
        PENDIENTE = "PENDIENTE", _("Pendiente")
        ACTIVO = "ACTIVO", _("Activo")
        INACTIVO = "INACTIVO", _("Inactivo")
        BLOQUEADO = "BLOQUEADO", _("Bloqueado")

    class TipoIdentificacion(models.TextChoices):
        CC = "CC", _("Cédula de Ciudadanía")
        CE = "CE", _("Cédula de Extranjería")
        NIT = "NIT", _("NIT")
        PA = "PA", _("Pasaporte")
        TI = "TI", _("Tarjeta de Identidad")

    username = models.CharField(_("Usuario"), max_length=20, unique=True, validators=[solo_letras_y_digitos])
    nombres = models.CharField(_("Nombres"), max_length=60)
    primer_apellido = models.CharField(_("Primer Apellido"), max_length=40)
    segundo_apellido = models.CharField(_("Segundo Apellido"), max_length=40, blank=True)
    empresa = models.ForeignKey(
        Empresa, on_delete=models.PROTECT, related_name="usuarios", null=True, blank=True,
        verbose_name=_("Empresa"),
    )
    perfil = models.ForeignKey(Perfil, on_delete=models.PROTECT, related_name="usuarios", null=True, blank=True, verbose_name=_("Perfil"))
    es_administrador = models.BooleanField(_("Administrador de la empresa"), default=False)
    tipo_identificacion = models.CharField(
        _("Tipo Identificación"), max_length=3, choices=TipoIdentificacion.choices, blank=True
    )
    numero_identificacion = models.CharField(_("No. Identificación"), max_length=20, blank=True)
    direccion = models.CharField(_("Dirección de Correspondencia"), max_length=150, blank=True)
    email = models.EmailField(_("Correo Electrónico"), blank=True)
    telefono_oficina = models.CharField(_("Teléfono Oficina"), max_length=15, blank=True)
    extension = models.CharField(_("Extensión"), max_length=6, blank=True)
    celular = models.CharField(_("Celular"), max_length=10, blank=True)
    departamento = models.CharField(_("Departamento"), max_length=3, choices=DEPARTMENT_CHOICES, blank=True)
    ciudad = models.CharField(_("Ciudad"), max_length=60, blank=True)
    permitir_alertas = models.BooleanField(_("Permitir Recibir Alertas"), default=False)
    estado = models.CharField(_("Estado"), max_length=10, choices=Estado.choices, default=Estado.PENDIENTE)
    is_staff = models.BooleanField(_("Funcionario del banco"), default=False)
    imagen_seguridad = models.CharField(_("Imagen de Seguridad"), max_length=20, blank=True)
    debe_cambiar_clave = models.BooleanField(_("Debe cambiar la clave"), default=False)
    clave_temporal_expira = models.DateTimeField(null=True, blank=True, verbose_name=_("Vencimiento de la clave temporal"))
    clave_temporal_usada = models.BooleanField(default=False, verbose_name=_("Clave temporal usada"))
    # When the administrator last generated a password (Pendiente → Activo needs one).
    clave_generada = models.DateTimeField(_("Contraseña generada"), null=True, blank=True)
    intentos_fallidos = models.PositiveSmallIntegerField(default=0, verbose_name=_("Intentos fallidos"))
    ingreso_anterior = models.DateTimeField(_("Fecha/Hora Último Ingreso"), null=True, blank=True)
    ultima_ip = models.GenericIPAddressField(_("Última IP"), null=True, blank=True)
    # The one session allowed for this user: a new login replaces it.
    sesion_actual = models.CharField(max_length=40, blank=True, editable=False, verbose_name=_("Sesión actual"))
    creado = models.DateTimeField(_("Creado"), auto_now_add=True)
    # What the "Nombre Usuario" filter searches (`%term%`): the full name without accents,
    # upper-cased, computed and stored by the database; on PostgreSQL a trigram index
    # serves it (migrations 0006 and 0009).
    nombre_busqueda = models.GeneratedField(
        expression=para_buscar(Concat("nombres", Value(" "), "primer_apellido", Value(" "), "segundo_apellido")),
        output_field=models.CharField(max_length=142), db_persist=True,
    )

    objects = UsuarioManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("Usuario")
        verbose_name_plural = _("Usuarios")
        ordering = ["username"]
        constraints = [
            models.UniqueConstraint(Lower("username"), name="usuario_username_unico_sin_mayusculas"),
            # Bank staff never belong to a company, company users are never staff.
            models.CheckConstraint(
                condition=models.Q(is_staff=False) | models.Q(empresa__isnull=True),
                name="usuario_staff_sin_empresa",
            ),
        ]

    def __str__(self) -> str:
        return self.username

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.estado == self.Estado.ACTIVO

    @property
    def nombre_completo(self) -> str:
        return unir_nombre(self.nombres, self.primer_apellido, self.segundo_apellido)

    def get_full_name(self) -> str:
        return self.nombre_completo

    def get_short_name(self) -> str:
        return self.nombres

    def clave_temporal_vigente(self, now: dt.datetime | None = None) -> bool:
        if not self.debe_cambiar_clave or self.clave_temporal_expira is None:
            return True
        return (now or timezone.now()) < self.clave_temporal_expira


class ConteoUsuarios(models.Model):
    """How many secondary users a company has per (Estado, Perfil, Tipo Identificación).

    Maintained on PostgreSQL by triggers on the user table (migration 0005), in
    the same transaction as the change, so it is always exact: the Consultar
    total of 50,000 users is a sum over a handful of rows instead of a count
    over 50,000. `perfil_id` 0 means "no profile". Nothing in Python writes it.
    """

    empresa = models.ForeignKey(Empresa, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    estado = models.CharField(max_length=10)
    perfil_id = models.BigIntegerField()
    tipo_identificacion = models.CharField(max_length=3)
    n = models.IntegerField(default=0)
    # +1 on every change the triggers see, names and identification included: the
    # company's sum of versions identifies the state of its users, and keys the
    # cached totals of text searches (selectors.contar_usuarios).
    version = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["empresa", "estado", "perfil_id", "tipo_identificacion"],
                                               name="conteo_usuarios_clave")]

    def __str__(self) -> str:
        return f"{self.empresa_id} {self.estado} {self.perfil_id} {self.tipo_identificacion}: {self.n}"


class ClaveHistorica(models.Model):
    """Hashes of a user's previous passwords, for the no-reuse rule."""

    usuario = models.ForeignKey(Usuario, on_delete=models.CASCADE, related_name="claves_anteriores", verbose_name=_("Usuario"))
    password = models.CharField(max_length=128)
    creada = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-creada", "-id"]

    def __str__(self) -> str:
        return f"{self.usuario_id} {self.creada:%Y/%m/%d}"


DIAS = [
    ("lunes", _("Lunes")),
    ("martes", _("Martes")),
    ("miercoles", _("Miércoles")),
    ("jueves", _("Jueves")),
    ("viernes", _("Viernes")),
    ("sabado", _("Sábado")),
    ("domingo", _("Domingo")),
]


class HorarioQuerySet(models.QuerySet):
    def de_empresa(self, empresa_id: int) -> Horario:
        """The company's schedule (an all-hours default if the bank never set one)."""
        return self.filter(empresa_id=empresa_id).first() or Horario(empresa_id=empresa_id)

    def propio(self, usuario) -> Horario | None:
        """The user's own schedule, or None when they follow the company's."""
        return self.filter(usuario=usuario).first()

    def vigente(self, usuario) -> Horario | None:
        """The schedule that applies to the user: their own, else the company's."""
        return filas.leer_juntos(connections[self.db], self.consulta_vigente(usuario))[0]

    def consulta_vigente(self, usuario) -> filas.Consulta:
        """`vigente` as a statement, to read together with others (comun.filas.leer_juntos)."""
        # One query (every operation and login asks): their own row first, else the company's.
        # Plain SQL written once: compiling the queryset cost more than running it.
        conexion = connections[self.db]
        return filas.Consulta(_sql_vigente(conexion.alias), [usuario.pk, usuario.empresa_id],
                              lambda fila: None if fila is None else _HORARIO.leer(fila, 0, conexion))


@functools.cache
def _sql_vigente(alias: str) -> str:
    q = connections[alias].ops.quote_name
    return (f"SELECT {_HORARIO.columnas(q)} FROM {q(Horario._meta.db_table)} h"  # noqa: S608 (fixed names)
            " WHERE h.usuario_id = %s OR (h.empresa_id = %s AND h.usuario_id IS NULL)"
            " ORDER BY CASE WHEN h.usuario_id IS NULL THEN 1 ELSE 0 END LIMIT 1")


class Horario(models.Model):
    """Access days and hours of a company (default) or of one user.

    A day with no start time means no access that day.
    """

    PERMISOS = ("festivo_permitido", "monetarias_sabado", "monetarias_domingo", "monetarias_festivo")
    RANGOS = tuple(f"{d}_{x}" for d, _n in DIAS for x in ("inicio", "fin"))
    # Every field of a schedule, the days' ranges then the permissions.
    CAMPOS = RANGOS + PERMISOS

    empresa = models.OneToOneField(Empresa, on_delete=models.CASCADE, null=True, blank=True, related_name="horario", verbose_name=_("Empresa"))
    usuario = models.OneToOneField(Usuario, on_delete=models.CASCADE, null=True, blank=True, related_name="horario", verbose_name=_("Usuario"))
    lunes_inicio = models.TimeField(null=True, blank=True, default=dt.time(0, 0))
    lunes_fin = models.TimeField(null=True, blank=True, default=dt.time(23, 59))
    martes_inicio = models.TimeField(null=True, blank=True, default=dt.time(0, 0))
    martes_fin = models.TimeField(null=True, blank=True, default=dt.time(23, 59))
    miercoles_inicio = models.TimeField(null=True, blank=True, default=dt.time(0, 0))
    miercoles_fin = models.TimeField(null=True, blank=True, default=dt.time(23, 59))
    jueves_inicio = models.TimeField(null=True, blank=True, default=dt.time(0, 0))
    jueves_fin = models.TimeField(null=True, blank=True, default=dt.time(23, 59))
    viernes_inicio = models.TimeField(null=True, blank=True, default=dt.time(0, 0))
    viernes_fin = models.TimeField(null=True, blank=True, default=dt.time(23, 59))
    sabado_inicio = models.TimeField(null=True, blank=True, default=dt.time(0, 0))
    sabado_fin = models.TimeField(null=True, blank=True, default=dt.time(23, 59))
    domingo_inicio = models.TimeField(null=True, blank=True, default=dt.time(0, 0))
    domingo_fin = models.TimeField(null=True, blank=True, default=dt.time(23, 59))
    festivo_permitido = models.BooleanField(_("Festivo"), default=True)
    monetarias_sabado = models.BooleanField(_("Sábado"), default=True)
    monetarias_domingo = models.BooleanField(_("Domingo"), default=True)
    monetarias_festivo = models.BooleanField(_("Festivo"), default=True)

    objects = HorarioQuerySet.as_manager()

    class Meta:
        verbose_name = _("Horario")
        verbose_name_plural = _("Horarios")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(empresa__isnull=False, usuario__isnull=True)
                    | models.Q(empresa__isnull=True, usuario__isnull=False)
                ),
                name="horario_de_empresa_o_de_usuario",
            )
        ]

    def __str__(self) -> str:
        return f"Horario de {self.empresa or self.usuario}"

    def rango(self, dia: str) -> tuple[dt.time | None, dt.time | None]:
        return getattr(self, f"{dia}_inicio"), getattr(self, f"{dia}_fin")


class ReglaIP(models.Model):
    """One allowed address or network. Rules without a user apply to the whole company."""

    empresa = models.ForeignKey(Empresa, on_delete=models.CASCADE, related_name="reglas_ip", verbose_name=_("Empresa"))
    usuario = models.ForeignKey(Usuario, on_delete=models.CASCADE, null=True, blank=True, related_name="reglas_ip", verbose_name=_("Usuario"))
    red = models.CharField(_("IP o red (CIDR)"), max_length=50, validators=[validar_red_ip])
    descripcion = models.CharField(_("Descripción"), max_length=100, blank=True)
    creada = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("IP permitida")
        verbose_name_plural = _("IPs permitidas")
        ordering = ["red"]

    def __str__(self) -> str:
        return self.red


class Producto(models.Model):
    class Tipo(models.TextChoices):
        CUENTA_AHORROS = "CAHO", _("Cuenta Ahorros")
        CUENTA_CORRIENTE = "CCTE", _("Cuenta Corriente")
        TARJETA_CREDITO = "TC", _("Tarjeta de Crédito")

    empresa = models.ForeignKey(Empresa, on_delete=models.PROTECT, related_name="productos", verbose_name=_("Empresa"))
    tipo = models.CharField(_("Tipo Producto"), max_length=4, choices=Tipo.choices)
    nombre = models.CharField(_("Nombre Producto"), max_length=60)
    numero = models.CharField(_("No. Producto"), max_length=20)
    # Only products the bank has enabled for the company can be assigned to its users.
    habilitado = models.BooleanField(_("Habilitado por el banco"), default=True)

    class Meta:
        verbose_name = _("Producto")
        verbose_name_plural = _("Productos")
        ordering = ["tipo", "nombre"]
        constraints = [
            models.UniqueConstraint(fields=["empresa", "tipo", "numero"], name="producto_unico_por_empresa")
        ]

    def __str__(self) -> str:
        return f"{self.nombre} - {self.numero}"


class ProductoAsignado(models.Model):
    """A product the administrator assigned to a user (Asignar Productos).

    Per-user limits hang from this row, so removing the product removes its limits.
    """

    usuario = models.ForeignKey(Usuario, on_delete=models.CASCADE, related_name="productos_asignados", verbose_name=_("Usuario"))
    producto = models.ForeignKey(Producto, on_delete=models.CASCADE, related_name="asignaciones", verbose_name=_("Producto"))
    asignado = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Producto asignado")
        verbose_name_plural = _("Productos asignados")
        constraints = [
            models.UniqueConstraint(fields=["usuario", "producto"], name="producto_asignado_unico")
        ]

    def __str__(self) -> str:
        return f"{self.usuario} · {self.producto}"


_HORARIO = Lector(Horario, "h")
