"""The tabs of "Configurar y Modificar" (seed 000, Modificar Paso 2), in the seed's order.

Each tab is a view named in `url_name` taking the user's pk; a tab whose view
does not exist yet is shown disabled. "Continuar" on a tab leads to the next one.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

TABS = [
    ("principal", _("Información Principal"), "admin_usuarios:principal"),
    ("usuario", _("Información Usuario"), "admin_usuarios:editar"),
    ("productos", _("Asignar Productos"), "admin_usuarios:productos"),
    ("topes", _("Asignar Topes"), "topes:asignar"),
    ("horarios", _("Días y Horarios"), "admin_usuarios:horarios"),
    ("contrasena", _("Contraseña"), "admin_usuarios:contrasena"),
]


def tabs_para(usuario_pk: int, activa: str) -> list[dict]:
    resultado = []
    for clave, etiqueta, url_name in TABS:
        try:
            url = reverse(url_name, args=[usuario_pk])
        except NoReverseMatch:
            url = ""
        resultado.append({"clave": clave, "etiqueta": etiqueta, "url": url, "activa": clave == activa})
    return resultado


def siguiente_tab(usuario_pk: int, actual: str) -> str | None:
    """URL of the next available tab after `actual` (the "Continuar" path)."""
    tabs = tabs_para(usuario_pk, actual)
    claves = [t["clave"] for t in tabs]
    for tab in tabs[claves.index(actual) + 1 :]:
        if tab["url"]:
            return tab["url"]
    return None


def contexto_modificar(usuario, activa: str) -> dict:
    """Context every tab template needs: the user, the tabs and the next tab's URL."""
    return {"objetivo": usuario, "tabs": tabs_para(usuario.pk, activa), "tab_activa": activa,
            "siguiente_url": siguiente_tab(usuario.pk, activa)}


def continuar(request: HttpRequest, usuario, tab: str) -> HttpResponse:
    """After saving a tab: "Continuar" goes to the next tab, "Guardar" stays."""
    if "continuar" in request.POST:
        return redirect(siguiente_tab(usuario.pk, tab) or reverse("admin_usuarios:principal", args=[usuario.pk]))
    return redirect(request.path)
