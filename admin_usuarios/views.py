from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from admin_usuarios.access import administrador_requerido, get_usuario_for
from admin_usuarios.tabs import contexto_modificar


@administrador_requerido
def principal(request: HttpRequest, pk: int) -> HttpResponse:
    usuario = get_usuario_for(request.user, pk)
    return render(request, "admin_usuarios/principal.html", contexto_modificar(usuario, "principal"))
