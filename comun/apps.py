from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComunConfig(AppConfig):
    """The toolbox every app stands on; it imports no app of ours."""

    name = "comun"
    verbose_name = _("Correo saliente")
