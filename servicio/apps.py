from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicioConfig(AppConfig):
    name = "servicio"
    verbose_name = _("Servicio al Cliente")
