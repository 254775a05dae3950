from django.db import models
from django.utils.translation import gettext_lazy as _


class Eventos(models.TextChoices):
    """Audit events of the ledger (bank staff's loads; operations audit their own)."""

    SALDO_INICIAL = "SALDO_INICIAL", _("Carga de saldo inicial")
    CONSIGNACION = "CONSIGNACION", _("Consignación a un producto")
