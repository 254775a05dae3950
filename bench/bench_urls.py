"""The portal's URLs plus two baseline pages, for bench/usuarios.py.

Both baselines go through the same middleware, session and
`administrador_requerido` check as Consultar; only the view's own work differs.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import include, path

from comun.acceso import administrador_requerido


@administrador_requerido
def vacia(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


@administrador_requerido
def vacia_con_layout(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html", {})


@login_required
def vacia_usuario(request: HttpRequest) -> HttpResponse:
    """The bare view for a secondary user's pages (bench/transacciones.py)."""
    return HttpResponse("ok")


urlpatterns = [
    path("bench/vacia/", vacia),
    path("bench/vacia-usuario/", vacia_usuario),
    path("bench/layout/", vacia_con_layout),
    path("", include("occired.urls")),
]
