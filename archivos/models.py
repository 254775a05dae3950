"""Pagos por Archivo: a payroll or supplier payment file (Archivo) and its rows (Fila).

The file is stored outside the web root (`settings.OCCIRED_ARCHIVOS_DIR`), validated
row by row in the background (archivos.tasks), and its valid rows become one
operation of transacciones (Pagos por Archivo - Nómina / Proveedores) that goes
through the same approvals. On execution each row is one ledger transfer whose id
is derived from (operation, row number) — `Fila.id_transferencia` — so a row is paid
at most once however many times a worker retries.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from transacciones.models import Operacion

T = Operacion.Tipo


class Archivo(models.Model):
    class Tipo(models.TextChoices):
        NOMINA = T.NOMINA.value, _("Nómina")
        PROVEEDORES = T.PROVEEDORES.value, _("Proveedores")

    class Estado(models.TextChoices):
        VALIDANDO = "VALIDANDO", _("Validando")
        CON_ERRORES = "CON_ERRORES", _("Con errores")
        VALIDADO = "VALIDADO", _("Validado")
        ACEPTADO = "ACEPTADO", _("Aceptado")
        EJECUTANDO = "EJECUTANDO", _("Ejecutando")
        TERMINADO = "TERMINADO", _("Terminado")

    class Formato(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel"

    empresa = models.ForeignKey("admin_usuarios.Empresa", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("Empresa"))
    captor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("Cargado por"))
    tipo = models.CharField(_("Tipo de pago"), max_length=12, choices=Tipo.choices)
    origen = models.ForeignKey("admin_usuarios.Producto", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("Producto origen"))
    nombre = models.CharField(_("Archivo"), max_length=120)
    # Relative to OCCIRED_ARCHIVOS_DIR; empty once deleted after the retention period.
    ruta = models.CharField(max_length=200, blank=True)
    formato = models.CharField(max_length=4, choices=Formato.choices)
    codificacion = models.CharField(max_length=12, blank=True)
    separador = models.CharField(max_length=1, blank=True)
    tamano = models.PositiveIntegerField(_("Tamaño"), default=0)
    # Made when the upload form is rendered: the same upload posted twice is one file, and
    # the operation made by accepting it carries the same key (one operation per file).
    clave = models.UUIDField()
    estado = models.CharField(_("Estado"), max_length=12, choices=Estado.choices, default=Estado.VALIDANDO)
    total = models.PositiveIntegerField(_("Filas"), default=0)
    validadas = models.PositiveIntegerField(_("Filas válidas"), default=0)
    erroneas = models.PositiveIntegerField(_("Filas con errores"), default=0)
    ejecutadas = models.PositiveIntegerField(_("Filas pagadas"), default=0)
    fallidas = models.PositiveIntegerField(_("Filas fallidas"), default=0)
    monto_valido = models.DecimalField(_("Total filas válidas"), max_digits=18, decimal_places=2, default=0)
    monto_pagado = models.DecimalField(_("Total pagado"), max_digits=18, decimal_places=2, default=0)
    operacion = models.OneToOneField(Operacion, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="archivo", verbose_name=_("Operación"))
    creado = models.DateTimeField(_("Fecha de carga"), auto_now_add=True)
    actualizado = models.DateTimeField(auto_now=True)
    validacion_inicio = models.DateTimeField(null=True, blank=True)
    validacion_fin = models.DateTimeField(null=True, blank=True)
    ejecucion_inicio = models.DateTimeField(null=True, blank=True)
    ejecucion_fin = models.DateTimeField(null=True, blank=True)
    # The validation's lease: a second worker (or the beat) does not validate the same file
    # while it is held; a dead worker's lease runs out and the beat resumes the file.
    tomado_hasta = models.DateTimeField(null=True, blank=True)
    borrado = models.DateTimeField(_("Archivo borrado"), null=True, blank=True)

    class Meta:
        verbose_name = _("Archivo de pagos")
        verbose_name_plural = _("Archivos de pagos")
        ordering = ["-creado", "-id"]
        constraints = [models.UniqueConstraint(fields=["captor", "clave"], name="archivo_idempotente")]
        indexes = [
            models.Index(fields=["empresa", "-creado"], name="archivo_por_empresa"),
            models.Index(fields=["estado", "actualizado"], name="archivo_pendientes"),
        ]

    def __str__(self) -> str:
        return f"{self.nombre} ({self.get_tipo_display()})"

    @property
    def revisadas(self) -> int:
        return self.validadas + self.erroneas

    @property
    def procesadas(self) -> int:
        return self.ejecutadas + self.fallidas

    @property
    def por_pagar(self) -> int:
        """Rows the execution covers: the valid ones when it was accepted."""
        return self.validadas

    @property
    def en_proceso(self) -> bool:
        return self.estado in (self.Estado.VALIDANDO, self.Estado.EJECUTANDO)


class Fila(models.Model):
    class Estado(models.TextChoices):
        VALIDA = "VALIDA", _("Válida")
        ERRONEA = "ERRONEA", _("Con error")
        PAGADA = "PAGADA", _("Pagada")
        FALLIDA = "FALLIDA", _("Fallida")

    archivo = models.ForeignKey(Archivo, on_delete=models.CASCADE, related_name="filas")
    # The line of the file (the header is line 1): what the person finds in their file.
    numero = models.PositiveIntegerField(_("Fila"))
    tipo_identificacion = models.CharField(_("Tipo Identificación"), max_length=10, blank=True)
    numero_identificacion = models.CharField(_("Número Identificación"), max_length=30, blank=True)
    nombre = models.CharField(_("Nombre"), max_length=100, blank=True)
    banco = models.CharField(_("Banco"), max_length=40, blank=True)
    tipo_cuenta = models.CharField(_("Tipo de Cuenta"), max_length=20, blank=True)
    numero_cuenta = models.CharField(_("Número de Cuenta"), max_length=30, blank=True)
    valor_texto = models.CharField(_("Valor"), max_length=30, blank=True)
    valor = models.DecimalField(_("Valor"), max_digits=18, decimal_places=2, null=True, blank=True)
    referencia = models.CharField(_("Referencia"), max_length=40, blank=True)
    # Same identification + account + amount + reference = the same payment (duplicates).
    clave = models.CharField(max_length=40, blank=True)
    estado = models.CharField(_("Estado"), max_length=8, choices=Estado.choices)
    # The reason in Spanish (the portal's language: admin, audit, rows stored before the codes);
    # screens and downloads render motivo_codigo + motivo_datos in the reader's language.
    motivo = models.CharField(_("Motivo"), max_length=200, blank=True)
    motivo_codigo = models.CharField(max_length=40, blank=True)
    motivo_datos = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("Fila")
        verbose_name_plural = _("Filas")
        ordering = ["archivo", "numero"]
        constraints = [
            models.UniqueConstraint(fields=["archivo", "numero"], name="fila_unica_por_archivo"),
            models.CheckConstraint(condition=Q(valor__isnull=True) | Q(valor__gt=0), name="fila_valor_positivo"),
        ]
        indexes = [
            models.Index(fields=["archivo", "estado", "numero"], name="fila_por_estado"),
            models.Index(fields=["archivo", "clave", "numero"], name="fila_duplicados"),
        ]

    def __str__(self) -> str:
        return f"{self.archivo_id}:{self.numero}"

    @property
    def motivo_texto(self) -> str:
        """The reason in the active language (archivos.motivos)."""
        from archivos.motivos import texto

        return texto(self.motivo_codigo, self.motivo_datos, self.motivo)

    @property
    def id_transferencia(self) -> str:
        """Derived from (operation, row): the same for every attempt, so the row posts at most once."""
        return id_transferencia(self.archivo.operacion_id, self.numero)


def id_transferencia(operacion_id: int, numero: int) -> str:
    return f"operacion:{operacion_id}-{numero}"
