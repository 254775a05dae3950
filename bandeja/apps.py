from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BandejaConfig(AppConfig):
    name = "bandeja"
    verbose_name = _("Mensajes y notificaciones")

    def ready(self) -> None:
        # The email preparers render each notice's sentence in the reader's language at send time.
        from bandeja import avisos  # noqa: F401
