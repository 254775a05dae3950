from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TopesConfig(AppConfig):
    name = "topes"
    verbose_name = _("Topes")
