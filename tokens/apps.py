from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TokensConfig(AppConfig):
    name = "tokens"
    verbose_name = _("Tokens")

    def ready(self) -> None:
        from comun.stepup import Verificador, conectar_verificador
        from tokens import codigos

        # The step-up form of every screen checks codes through the one token check.
        conectar_verificador(Verificador(tiene_dispositivo=codigos.tiene_dispositivo, confirmar=codigos.confirmar))
