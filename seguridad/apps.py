from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeguridadConfig(AppConfig):
    """Access rules: schedules, holidays, IP allow-lists and company security parameters."""

    name = "seguridad"
    verbose_name = _("Seguridad")
