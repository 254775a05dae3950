"""The portal's URLs plus two baseline pages, for bench/usuarios.py.

Both baselines go through the same middleware, session and
`administrador_requerido` check as Consultar; only the view's own work differs.
"""

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


urlpatterns = [
    path("bench/vacia/", vacia),
    path("bench/layout/", vacia_con_layout),
    path("", include("occired.urls")),
]
