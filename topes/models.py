"""Services, the bank's caps, company amounts, per-user limits and the consumption ledger.

All amounts are COP `Decimal`s. The rule that ties them together
(0 ≤ transacción ≤ diario ≤ mensual; user ≤ company ≤ bank cap) lives in
`topes/rules.py`; the database only repeats its per-row part as CHECK
constraints, so that no code path can store an incoherent triple.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

CAMPOS = ("transaccion", "diario", "mensual")


def _monto(etiqueta) -> models.DecimalField:
    return models.DecimalField(etiqueta, max_digits=18, decimal_places=2, default=Decimal("0"))


def _coherentes(prefijo: str) -> list[models.CheckConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(transaccion__gte=0) & Q(transaccion__lte=F("diario")) & Q(diario__lte=F("mensual")),
            name=f"{prefijo}_montos_coherentes",
        )
    ]


class Servicio(models.Model):
    """An operation type the limits apply to (seed 000, "Asignar Topes")."""

    class Grupo(models.TextChoices):
        MONETARIOS = "MONETARIOS", _("Servicios Monetarios")
        ARCHIVOS = "ARCHIVOS", _("Archivos")

    class Tipo(models.TextChoices):
        MONETARIO = "MONETARIO", _("Monetario")
        ARCHIVO = "ARCHIVO", _("Archivo")

    codigo = models.SlugField(_("Código"), max_length=30, unique=True)
    nombre = models.CharField(_("Nombre"), max_length=80)
    grupo = models.CharField(_("Grupo"), max_length=12, choices=Grupo.choices)
    tipo = models.CharField(_("Monetario o archivo"), max_length=10, choices=Tipo.choices)
    activo = models.BooleanField(_("Activo"), default=True)
    orden = models.PositiveSmallIntegerField(_("Orden"), default=0)

    class Meta:
        verbose_name = _("Servicio")
        verbose_name_plural = _("Servicios")
        ordering = ["orden", "nombre"]

    def __str__(self) -> str:
        return self.nombre


class Montos(models.Model):
    transaccion = _monto(_("Transacción"))
    diario = _monto(_("Diario"))
    mensual = _monto(_("Mensual"))

    class Meta:
        abstract = True


class TopeBanco(Montos):
    """The bank's cap for one company and service, set by bank staff in /banco/."""

    empresa = models.ForeignKey("admin_usuarios.Empresa", on_delete=models.CASCADE, related_name="topes_banco", verbose_name=_("Empresa"))
    servicio = models.ForeignKey(Servicio, on_delete=models.PROTECT, related_name="+", verbose_name=_("Servicio"))
    actualizado = models.DateTimeField(_("Última actualización"), auto_now=True)

    class Meta:
        verbose_name = _("Tope del banco")
        verbose_name_plural = _("Topes del banco")
        ordering = ["empresa", "servicio"]
        constraints = [
            models.UniqueConstraint(fields=["empresa", "servicio"], name="tope_banco_unico"),
            *_coherentes("tope_banco"),
        ]

    def __str__(self) -> str:
        return f"{self.empresa} · {self.servicio}"


class MontoEmpresa(Montos):
    """The company's amount per service (Configuración de Montos por Servicio)."""

    empresa = models.ForeignKey("admin_usuarios.Empresa", on_delete=models.CASCADE, related_name="montos_servicio", verbose_name=_("Empresa"))
    servicio = models.ForeignKey(Servicio, on_delete=models.PROTECT, related_name="+", verbose_name=_("Servicio"))
    actualizado = models.DateTimeField(_("Última actualización"), auto_now=True)

    class Meta:
        verbose_name = _("Monto de la empresa por servicio")
        verbose_name_plural = _("Montos de las empresas por servicio")
        ordering = ["empresa", "servicio"]
        constraints = [
            models.UniqueConstraint(fields=["empresa", "servicio"], name="monto_empresa_unico"),
            *_coherentes("monto_empresa"),
        ]

    def __str__(self) -> str:
        return f"{self.empresa} · {self.servicio}"


class TopeUsuario(Montos):
    """A user's limit for one assigned product and one service.

    Hangs from the assignment, so removing the product from the user removes its limits.
    """

    asignacion = models.ForeignKey(
        "admin_usuarios.ProductoAsignado", on_delete=models.CASCADE, related_name="topes",
        verbose_name=_("Asignación"),
    )
    servicio = models.ForeignKey(Servicio, on_delete=models.PROTECT, related_name="+", verbose_name=_("Servicio"))
    actualizado = models.DateTimeField(_("Última actualización"), auto_now=True)

    class Meta:
        verbose_name = _("Tope de usuario")
        verbose_name_plural = _("Topes de usuarios")
        ordering = ["asignacion", "servicio"]
        constraints = [
            models.UniqueConstraint(fields=["asignacion", "servicio"], name="tope_usuario_unico"),
            *_coherentes("tope_usuario"),
        ]

    def __str__(self) -> str:
        return f"{self.asignacion} · {self.servicio}"


class Consumo(models.Model):
    """Ledger of amounts consumed (reserved) by operations, read by `check_operation`.

    Keyed by user and product rather than by the assignment: un-assigning and
    re-assigning a product must not reset what was already spent today.
    """

    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("Usuario"))
    producto = models.ForeignKey("admin_usuarios.Producto", on_delete=models.PROTECT, related_name="+", verbose_name=_("Producto"))
    servicio = models.ForeignKey(Servicio, on_delete=models.PROTECT, related_name="+", verbose_name=_("Servicio"))
    monto = models.DecimalField(_("Monto"), max_digits=18, decimal_places=2)
    # Local (America/Bogota) date of the operation: the day and month the limits count.
    fecha = models.DateField(_("Fecha"))
    creado = models.DateTimeField(_("Registrado"), auto_now_add=True)
    referencia = models.CharField(_("Referencia"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("Monto consumido")
        verbose_name_plural = _("Montos consumidos")
        ordering = ["-creado", "-id"]
        indexes = [models.Index(fields=["usuario", "producto", "servicio", "fecha"], name="consumo_acumulado")]
        constraints = [models.CheckConstraint(condition=Q(monto__gt=0), name="consumo_monto_positivo")]

    def __str__(self) -> str:
        return f"{self.usuario} · {self.servicio} · {self.monto}"
