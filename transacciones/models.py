"""Operations captured by one user and approved by others (maker-checker), their
approvals, and the registered beneficiaries (Inscripción de Cuentas).

Every write is an action in `transacciones/actions/`; the rules (who may
capture, who may approve) live in `transacciones/reglas.py`. Money moves only
through `cuentas.ledger`, by the transfer whose id is the operation's
(`Operacion.id_transferencia`), so an operation executes at most once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from admin_usuarios.models import Usuario
from cuentas.ledger import BANCOS

BANCO_OCCIDENTE = "occidente"
BANCOS_BENEFICIARIO = [(BANCO_OCCIDENTE, "Banco de Occidente"), *BANCOS.items()]


class Beneficiario(models.Model):
    """An account of someone else that the company pays (Inscripción de Cuentas).

    Registered by one user and usable only after a second person activates it
    with their token: one person alone cannot send money to a new account.
    """

    class Estado(models.TextChoices):
        PENDIENTE = "PENDIENTE", _("Pendiente Activación")
        ACTIVO = "ACTIVO", _("Activo")
        INACTIVO = "INACTIVO", _("Inactivo")

    class TipoCuenta(models.TextChoices):
        AHORROS = "CAHO", _("Cuenta Ahorros")
        CORRIENTE = "CCTE", _("Cuenta Corriente")

    empresa = models.ForeignKey("admin_usuarios.Empresa", on_delete=models.PROTECT, related_name="beneficiarios",
                                verbose_name=_("Empresa"))
    titular = models.CharField(_("Titular"), max_length=100)
    tipo_identificacion = models.CharField(_("Tipo Identificación"), max_length=3,
                                           choices=Usuario.TipoIdentificacion.choices)
    numero_identificacion = models.CharField(_("No. Identificación"), max_length=20)
    banco = models.CharField(_("Banco"), max_length=20, choices=BANCOS_BENEFICIARIO)
    tipo_cuenta = models.CharField(_("Tipo de Cuenta"), max_length=4, choices=TipoCuenta.choices)
    numero_cuenta = models.CharField(_("No. Cuenta"), max_length=20)
    alias = models.CharField(_("Alias"), max_length=40)
    estado = models.CharField(_("Estado"), max_length=10, choices=Estado.choices, default=Estado.PENDIENTE)
    inscrito_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("Inscrito por"))
    activado_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     null=True, blank=True, verbose_name=_("Activado por"))
    creado = models.DateTimeField(_("Fecha de inscripción"), auto_now_add=True)
    activado = models.DateTimeField(_("Fecha de activación"), null=True, blank=True)

    class Meta:
        verbose_name = _("Cuenta inscrita")
        verbose_name_plural = _("Cuentas inscritas")
        ordering = ["alias"]
        constraints = [
            models.UniqueConstraint(fields=["empresa", "banco", "tipo_cuenta", "numero_cuenta"],
                                    name="beneficiario_cuenta_unica_por_empresa"),
        ]

    def __str__(self) -> str:
        return f"{self.alias} - {self.get_banco_display()} {self.numero_cuenta}"


class Operacion(models.Model):
    class Tipo(models.TextChoices):
        INTERNA = "INTERNA", _("Transferencias - Internas")
        OTROS_BANCOS = "OTROS_BANCOS", _("Transferencias - Aval y otros Bancos")
        TERCEROS = "TERCEROS", _("Pagos - A Terceros")
        IMPUESTOS = "IMPUESTOS", _("Pagos - Impuestos")
        NOMINA = "NOMINA", _("Pagos por Archivo - Nómina")
        PROVEEDORES = "PROVEEDORES", _("Pagos por Archivo - Proveedores")

    class Estado(models.TextChoices):
        POR_APROBAR = "POR_APROBAR", _("Por Aprobar")
        APROBADA = "APROBADA", _("Aprobada")
        # A payment file's rows are being paid in the background (archivos).
        EN_EJECUCION = "EN_EJECUCION", _("En ejecución")
        EJECUTADA = "EJECUTADA", _("Ejecutada")
        PARCIAL = "PARCIAL", _("Ejecutada parcialmente")
        RECHAZADA = "RECHAZADA", _("Rechazada")
        CANCELADA = "CANCELADA", _("Cancelada")
        VENCIDA = "VENCIDA", _("Vencida")
        FALLIDA = "FALLIDA", _("Fallida")

    ABIERTOS = (Estado.POR_APROBAR, Estado.APROBADA)

    class Formulario(models.TextChoices):
        F490 = "490", _("Formulario 490 - Recibo Oficial de Pago DIAN")
        F350 = "350", _("Formulario 350 - Retenciones en la Fuente")
        F300 = "300", _("Formulario 300 - Impuesto sobre las Ventas (IVA)")
        F110 = "110", _("Formulario 110 - Renta y Complementarios")
        ICA = "ICA", _("Industria y Comercio (ICA) - Bogotá")

    empresa = models.ForeignKey("admin_usuarios.Empresa", on_delete=models.PROTECT, related_name="operaciones",
                                verbose_name=_("Empresa"))
    tipo = models.CharField(_("Tipo de operación"), max_length=12, choices=Tipo.choices)
    servicio = models.ForeignKey("topes.Servicio", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("Servicio"))
    origen = models.ForeignKey("admin_usuarios.Producto", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("Producto origen"))
    destino = models.ForeignKey("admin_usuarios.Producto", on_delete=models.PROTECT, related_name="+",
                                null=True, blank=True, verbose_name=_("Producto destino"))
    beneficiario = models.ForeignKey(Beneficiario, on_delete=models.PROTECT, related_name="operaciones",
                                     null=True, blank=True, verbose_name=_("Beneficiario"))
    formulario = models.CharField(_("Tipo de formulario"), max_length=4, choices=Formulario.choices, blank=True)
    numero_formulario = models.CharField(_("No. Formulario"), max_length=20, blank=True)
    monto = models.DecimalField(_("Monto"), max_digits=18, decimal_places=2)
    referencia = models.CharField(_("Referencia"), max_length=40, blank=True)
    # The local (America/Bogota) day it executes: today, or a future day (Programada).
    fecha_programada = models.DateField(_("Fecha de aplicación"))
    estado = models.CharField(_("Estado"), max_length=12, choices=Estado.choices, default=Estado.POR_APROBAR)
    captor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("Capturada por"))
    # Fixed at capture from the captor's profile: a later profile change does not move the bar.
    aprobaciones_requeridas = models.PositiveSmallIntegerField(_("Aprobaciones requeridas"))
    aprobaciones_recibidas = models.PositiveSmallIntegerField(_("Aprobaciones recibidas"), default=0)
    # The amount reserved against the captor's limits (released when it ends other than Ejecutada).
    reserva = models.ForeignKey("topes.Consumo", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("Reserva de topes"))
    # Made when the capture form is rendered: the same form posted twice is one operation.
    clave_idempotencia = models.UUIDField(_("Clave de idempotencia"))
    motivo = models.CharField(_("Motivo"), max_length=200, blank=True)
    creada = models.DateTimeField(_("Fecha de captura"), auto_now_add=True)
    vence = models.DateTimeField(_("Vence"))
    finalizada = models.DateTimeField(_("Fecha de finalización"), null=True, blank=True)
    finalizada_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                       null=True, blank=True, verbose_name=_("Finalizada por"))

    class Meta:
        verbose_name = _("Operación")
        verbose_name_plural = _("Operaciones")
        ordering = ["-creada", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["captor", "clave_idempotencia"], name="operacion_idempotente"),
            models.CheckConstraint(condition=Q(monto__gt=0), name="operacion_monto_positivo"),
            models.CheckConstraint(condition=Q(aprobaciones_recibidas__lte=models.F("aprobaciones_requeridas")),
                                   name="operacion_aprobaciones_no_exceden"),
        ]
        indexes = [
            # Aprobación de Operaciones and the home counter: what awaits approval in a company, in
            # the page's order, only the pending ones (the executed history stays out of it). The
            # approver's filter columns ride along, so the count, page 1 and the last page (read
            # backwards) are index-only scans.
            models.Index(fields=["empresa", "creada", "id"], include=["origen", "servicio", "monto", "captor"],
                         condition=Q(estado="POR_APROBAR"), name="operacion_pendientes"),
            models.Index(fields=["empresa", "-creada"], name="operacion_historico"),
            models.Index(fields=["estado", "fecha_programada"], name="operacion_programadas"),
            models.Index(fields=["estado", "vence"], name="operacion_vencimiento"),
        ]

    def __str__(self) -> str:
        return f"{self.numero} · {self.get_tipo_display()}"

    @property
    def numero(self) -> str:
        return f"{self.pk:08d}" if self.pk else ""

    @property
    def id_transferencia(self) -> str:
        """The ledger transfer id: the same for every attempt, so it posts at most once."""
        return f"operacion:{self.pk}"

    @property
    def abierta(self) -> bool:
        return self.estado in self.ABIERTOS

    @property
    def destino_texto(self) -> str:
        if self.destino_id:
            return f"{self.destino.get_tipo_display()} {self.destino}"
        if self.beneficiario_id:
            return str(self.beneficiario)
        if self.formulario:
            return f"{self.get_formulario_display()} No. {self.numero_formulario}"
        if self.tipo in (self.Tipo.NOMINA, self.Tipo.PROVEEDORES):
            return str(_("Archivo de pagos"))
        return ""


class Aprobacion(models.Model):
    """One approver's approval of one operation; each approver counts once (unique)."""

    operacion = models.ForeignKey(Operacion, on_delete=models.PROTECT, related_name="aprobaciones")
    aprobador = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    creada = models.DateTimeField(_("Fecha"), auto_now_add=True)

    class Meta:
        verbose_name = _("Aprobación")
        verbose_name_plural = _("Aprobaciones")
        ordering = ["creada", "id"]
        constraints = [
            models.UniqueConstraint(fields=["operacion", "aprobador"], name="aprobacion_una_por_aprobador"),
        ]
        indexes = [models.Index(fields=["aprobador", "operacion"], name="aprobacion_por_aprobador")]

    def __str__(self) -> str:
        return f"{self.operacion_id} · {self.aprobador_id}"


class VersionPendientes(models.Model):
    """A company's version of "what awaits approval": +1, on PostgreSQL, by deferred triggers
    (migration 0004) at the commit of every change of one of its Por Aprobar operations or of
    an approval. The approvals counter is cached under it (selectors.contar_por_aprobar), so a
    cached figure is never older than the data. Nothing in Python writes it."""

    empresa = models.OneToOneField("admin_usuarios.Empresa", on_delete=models.CASCADE, primary_key=True,
                                   related_name="+", db_constraint=False)
    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.empresa_id}: {self.version}"
