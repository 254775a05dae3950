from django.utils.translation import gettext_lazy as _

from comun.menu import Entrada

ENTRADAS = [
    Entrada(
        "administracion", _("Usuarios"), _("Cambio de Clave e Imagen Propia"), "portal:cambiar_clave",
        solo_administrador=True, orden=50,
    ),
    Entrada("ayudas", _("Ayudas"), _("Condiciones de Seguridad"), "portal:condiciones", orden=10),
    Entrada("ayudas", _("Ayudas"), _("Recomendaciones de Navegación"), "portal:recomendaciones", orden=20),
]
