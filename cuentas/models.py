"""The embedded double-entry ledger: accounts, immutable transfers and the movements they post.

Modelled on TigerBeetle's documented guarantees (docs "Transfers", "Two-Phase
Transfers"): balances live on the account row (debits/credits, posted/pending)
and change in the same database transaction as the transfer; a transfer is
immutable, has a caller-chosen id and exists at most once; a pending transfer
resolves at most once (posted, voided or expired). Only `cuentas/ledger.py`
writes these tables; on PostgreSQL the transfer and movement tables refuse
UPDATE and DELETE (migration 0002).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

CERO = Decimal("0.00")


def _monto(etiqueta) -> models.DecimalField:
    return models.DecimalField(etiqueta, max_digits=18, decimal_places=2, default=CERO)


class Cuenta(models.Model):
    """A ledger account: one per company product, plus the bank's own accounts."""

    class Tipo(models.TextChoices):
        PRODUCTO = "PRODUCTO", _("Producto de cliente")
        CAJA = "CAJA", _("Caja y consignaciones")
        APERTURA = "APERTURA", _("Saldos iniciales")
        COMPENSACION_BANCO = "COMPENSACION", _("Compensación con otro banco")
        RECAUDO_IMPUESTOS = "IMPUESTOS", _("Recaudo de impuestos")
        COMPENSACION_NOMINA = "NOMINA", _("Compensación de nómina")

    # "producto:<id>" for a product, "banco:<name>" for the bank's accounts: one key for both.
    clave = models.CharField(_("Clave"), max_length=60, unique=True)
    tipo = models.CharField(_("Tipo"), max_length=12, choices=Tipo.choices)
    nombre = models.CharField(_("Nombre"), max_length=80)
    producto = models.OneToOneField(
        "admin_usuarios.Producto", on_delete=models.PROTECT, null=True, blank=True, related_name="cuenta",
        verbose_name=_("Producto"),
    )
    debitos_pendientes = _monto(_("Débitos pendientes"))
    debitos_posteados = _monto(_("Débitos posteados"))
    creditos_pendientes = _monto(_("Créditos pendientes"))
    creditos_posteados = _monto(_("Créditos posteados"))
    # TigerBeetle's debits_must_not_exceed_credits, with a floor: debits may exceed
    # credits by at most `limite` (0 for savings and current accounts, the cupo of a card).
    debitos_no_exceden_creditos = models.BooleanField(_("Débitos no exceden créditos"), default=False)
    limite = _monto(_("Cupo / sobregiro permitido"))
    # Posted movements so far: the last movement's number (movements are numbered 1, 2, 3…).
    movimientos = models.BigIntegerField(_("Movimientos"), default=0)
    ultimo_movimiento = models.DateTimeField(_("Último movimiento"), null=True, blank=True)
    creada = models.DateTimeField(_("Creada"), auto_now_add=True)

    class Meta:
        verbose_name = _("Cuenta contable")
        verbose_name_plural = _("Cuentas contables")
        ordering = ["clave"]
        constraints = [
            # The database itself refuses an overdraft, whatever code path wrote the row.
            models.CheckConstraint(
                condition=Q(debitos_no_exceden_creditos=False)
                | Q(debitos_posteados__lte=F("creditos_posteados") + F("limite") - F("debitos_pendientes")),
                name="cuenta_debitos_no_exceden_creditos",
            ),
            models.CheckConstraint(
                condition=Q(debitos_pendientes__gte=0, debitos_posteados__gte=0, creditos_pendientes__gte=0,
                            creditos_posteados__gte=0, limite__gte=0, movimientos__gte=0),
                name="cuenta_montos_no_negativos",
            ),
            models.CheckConstraint(
                condition=Q(tipo="PRODUCTO", producto__isnull=False) | (~Q(tipo="PRODUCTO") & Q(producto__isnull=True)),
                name="cuenta_producto_solo_si_es_de_producto",
            ),
        ]

    def __str__(self) -> str:
        return self.nombre

    @property
    def saldo(self) -> Decimal:
        """Saldo total: posted credits minus posted debits (the customer's view)."""
        return self.creditos_posteados - self.debitos_posteados

    @property
    def retenido(self) -> Decimal:
        return self.debitos_pendientes

    @property
    def disponible(self) -> Decimal:
        """What a new debit may take now (for a card: the unused cupo)."""
        return self.saldo - self.debitos_pendientes + self.limite

    @property
    def utilizado(self) -> Decimal:
        """Of a card's cupo: what is used (posted and held)."""
        return max(CERO, self.limite - self.disponible)


class SoloInsercionQuerySet(models.QuerySet):
    """Transfers and movements are history: corrected by a new transfer, never rewritten."""

    def update(self, **kwargs):  # type: ignore[override]
        raise PermissionError("El libro de movimientos no se puede modificar.")

    def delete(self):  # type: ignore[override]
        raise PermissionError("El libro de movimientos no se puede borrar.")


class Transferencia(models.Model):
    """An immutable transfer between two accounts. Never updated, never deleted."""

    class Tipo(models.TextChoices):
        SIMPLE = "SIMPLE", _("Posteada")
        PENDIENTE = "PENDIENTE", _("Pendiente (retención)")
        POSTEO = "POSTEO", _("Posteo de pendiente")
        ANULACION = "ANULACION", _("Anulación de pendiente")
        EXPIRACION = "EXPIRACION", _("Expiración de pendiente")

    # Chosen by the caller (the operation's id, operation + row for files…): the
    # same id twice is the same transfer, so a retry can never move money twice.
    id = models.CharField(_("Id"), max_length=120, primary_key=True)
    tipo = models.CharField(_("Tipo"), max_length=10, choices=Tipo.choices)
    debito = models.ForeignKey(Cuenta, on_delete=models.PROTECT, related_name="+", verbose_name=_("Cuenta débito"))
    credito = models.ForeignKey(Cuenta, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("Cuenta crédito"))
    monto = models.DecimalField(_("Monto"), max_digits=18, decimal_places=2)
    # The pending transfer a posteo / anulación / expiración resolves. Unique: a
    # pending transfer resolves at most once, enforced by the database.
    pendiente = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="resolucion", verbose_name=_("Pendiente"))
    codigo = models.PositiveSmallIntegerField(_("Código"), default=0)
    descripcion = models.CharField(_("Descripción"), max_length=120, blank=True)
    referencia = models.CharField(_("Referencia"), max_length=40, blank=True)
    timeout = models.PositiveIntegerField(_("Timeout (segundos)"), default=0)
    expira = models.DateTimeField(_("Expira"), null=True, blank=True)
    fecha = models.DateTimeField(_("Fecha"))

    objects = SoloInsercionQuerySet.as_manager()

    class Meta:
        verbose_name = _("Transferencia")
        verbose_name_plural = _("Transferencias")
        ordering = ["-fecha"]
        constraints = [
            models.CheckConstraint(condition=Q(monto__gt=0), name="transferencia_monto_positivo"),
            models.CheckConstraint(condition=~Q(debito=F("credito")), name="transferencia_cuentas_distintas"),
            models.CheckConstraint(
                condition=Q(tipo__in=["SIMPLE", "PENDIENTE"], pendiente__isnull=True)
                | (Q(tipo__in=["POSTEO", "ANULACION", "EXPIRACION"]) & Q(pendiente__isnull=False)),
                name="transferencia_pendiente_segun_tipo",
            ),
        ]
        indexes = [
            # Pending transfers waiting for expirar_pendientes.
            models.Index(fields=["expira"], condition=Q(tipo="PENDIENTE"), name="transferencia_pend_expira"),
        ]

    def __str__(self) -> str:
        return self.id


class Movimiento(models.Model):
    """One side of a posted transfer on one account: what Movimientos and the extracto list.

    Numbered per account (`n` = 1, 2, 3… in posting order, under the account's row
    lock) and carrying the account's balance after it, so a page of a statement
    is an index range read with its running balance, never an OFFSET nor a sum.
    """

    cuenta = models.ForeignKey(Cuenta, on_delete=models.PROTECT, related_name="+", verbose_name=_("Cuenta"))
    n = models.BigIntegerField(_("No."))
    transferencia = models.ForeignKey(Transferencia, on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("Transferencia"))
    fecha = models.DateTimeField(_("Fecha"))
    es_debito = models.BooleanField(_("Débito"))
    monto = models.DecimalField(_("Monto"), max_digits=18, decimal_places=2)
    saldo = models.DecimalField(_("Saldo"), max_digits=18, decimal_places=2)
    descripcion = models.CharField(_("Descripción"), max_length=120, blank=True)
    referencia = models.CharField(_("Referencia"), max_length=40, blank=True)

    objects = SoloInsercionQuerySet.as_manager()

    class Meta:
        verbose_name = _("Movimiento")
        verbose_name_plural = _("Movimientos")
        ordering = ["cuenta", "-n"]
        constraints = [
            models.UniqueConstraint(fields=["cuenta", "n"], name="movimiento_numero_unico_por_cuenta"),
            models.CheckConstraint(condition=Q(monto__gt=0), name="movimiento_monto_positivo"),
        ]
        indexes = [
            # A date range → its first and last movement numbers (dates never go back within an account).
            models.Index(fields=["cuenta", "fecha", "n"], name="movimiento_cuenta_fecha"),
        ]

    def __str__(self) -> str:
        return f"{self.cuenta_id}#{self.n}"

    @property
    def debito(self) -> Decimal:
        return self.monto if self.es_debito else CERO

    @property
    def credito(self) -> Decimal:
        return CERO if self.es_debito else self.monto
