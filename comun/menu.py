"""The top menu registry. Each app declares its entries in `<app>/menu.py` as ENTRADAS;
only entries whose view exists are shown (SPEC: show only menu entries that work)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import import_module

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SECCIONES = [
    ("consultas", _("Consultas")),
    ("transacciones", _("Transacciones")),
    ("servicio", _("Servicio al Cliente")),
    ("administracion", _("Administración")),
    ("ayudas", _("Ayudas")),
]


@dataclass(frozen=True)
class Entrada:
    seccion: str
    grupo: str | Promise
    etiqueta: str | Promise
    url_name: str
    solo_administrador: bool = False
    orden: int = 100
    # A profile option (Perfil.opciones) the entry needs; the administrator sees it regardless.
    opcion: str = ""
    # Hidden from the administrator: they administer and do not move money (segregation of duties).
    sin_administrador: bool = False


@dataclass
class Grupo:
    titulo: str | Promise
    entradas: list[dict] = field(default_factory=list)


@lru_cache(maxsize=1)
def _todas() -> list[Entrada]:
    entradas: list[Entrada] = []
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.menu")
        except ModuleNotFoundError:
            continue
        entradas.extend(getattr(module, "ENTRADAS", []))
    return sorted(entradas, key=lambda e: e.orden)


def opciones_de(user) -> frozenset[str]:
    """The menu options of the user's profile (none without a profile)."""
    perfil = getattr(user, "perfil", None) if getattr(user, "perfil_id", None) else None
    return frozenset(perfil.opciones) if perfil is not None else frozenset()


def menu_para(user) -> list[dict]:
    """Sections → groups → links the user may use, in the seed's order."""
    es_admin = bool(getattr(user, "es_administrador", False))
    return menu_de_rol(es_admin, frozenset() if es_admin else opciones_de(user))


@lru_cache(maxsize=64)
def menu_de_rol(es_admin: bool, opciones: frozenset[str] = frozenset()) -> list[dict]:
    # Built once per role and set of profile options: entries and URLs never change
    # while the process runs, and the labels are lazy, so they still follow each
    # request's language.
    resultado = []
    for clave, titulo in SECCIONES:
        grupos: dict[str, Grupo] = {}
        for e in _todas():
            if e.seccion != clave or (e.solo_administrador and not es_admin) or (e.sin_administrador and es_admin):
                continue
            if e.opcion and not es_admin and e.opcion not in opciones:
                continue
            try:
                url = reverse(e.url_name)
            except NoReverseMatch:
                continue
            grupos.setdefault(str(e.grupo), Grupo(e.grupo)).entradas.append({"etiqueta": e.etiqueta, "url": url})
        if grupos:
            resultado.append({"clave": clave, "titulo": titulo, "grupos": list(grupos.values())})
    return resultado
