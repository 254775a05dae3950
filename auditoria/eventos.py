"""The names of audit events, declared by the apps that emit them.

`auditoria` knows no app (as Zulip's RealmAuditLog event types are declared
with the code that writes them): each app defines `Eventos`, a TextChoices in
its `eventos.py`, and `AuditoriaConfig.ready()` registers every app's (as the
admin autodiscovers `admin.py`). The audit screens read the labels from here;
a name nobody declared is shown as stored.
"""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.db import models

_ETIQUETAS: dict[str, object] = {}
# Callables an app declares (`NOMBRES_DE_CODIGOS` in its eventos.py) that give the screen
# name of codes its audit rows store, e.g. a service's code → its name.
_NOMBRES: list = []


def registrar_eventos(eventos: type[models.TextChoices]) -> None:
    for valor, etiqueta in eventos.choices:
        anterior = _ETIQUETAS.get(valor)
        if anterior is not None and str(anterior) != str(etiqueta):
            raise ValueError(f"Audit event {valor!r} is declared twice with different labels.")
        _ETIQUETAS[valor] = etiqueta


def etiquetas() -> dict[str, str]:
    """Screen label (in the current language) of every registered event name."""
    return {valor: str(etiqueta) for valor, etiqueta in _ETIQUETAS.items()}


def descubrir() -> None:
    """Register the `Eventos` of every installed app that has an `eventos.py`."""
    for config in apps.get_app_configs():
        try:
            modulo = import_module(f"{config.name}.eventos")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.eventos":
                raise
            continue
        if hasattr(modulo, "Eventos"):
            registrar_eventos(modulo.Eventos)
        if hasattr(modulo, "NOMBRES_DE_CODIGOS"):
            _NOMBRES.append(modulo.NOMBRES_DE_CODIGOS)


def nombres_de_codigos() -> dict[str, str]:
    """Screen names of the codes apps store in audit details (services, …), read when shown."""
    nombres: dict[str, str] = {}
    for fuente in _NOMBRES:
        nombres.update(fuente())
    return nombres
