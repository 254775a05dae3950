from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdminUsuariosConfig(AppConfig):
    name = "admin_usuarios"
    verbose_name = _("Administración de usuarios")

    def ready(self) -> None:
        # Registers the outbox preparer that makes generated passwords at send time.
        from admin_usuarios import claves  # noqa: F401
