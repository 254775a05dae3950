"""The security (anti-phishing) images, drawn by this project in static/portal/imagenes/."""

from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _

IMAGENES = {
    "sol": _("Sol"),
    "luna": _("Luna"),
    "estrella": _("Estrella"),
    "arbol": _("Árbol"),
    "casa": _("Casa"),
    "barco": _("Barco"),
    "montana": _("Montaña"),
    "corazon": _("Corazón"),
    "flor": _("Flor"),
    "pez": _("Pez"),
    "nube": _("Nube"),
    "llave": _("Llave"),
}
CLAVES = list(IMAGENES)


def url(clave: str) -> str:
    return static(f"portal/imagenes/{clave}.svg")
