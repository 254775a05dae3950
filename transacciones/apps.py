from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransaccionesConfig(AppConfig):
    name = "transacciones"
    verbose_name = _("Transacciones")
