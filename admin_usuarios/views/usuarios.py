"""Configuración de Usuarios: Consultar (+ exports), Crear Nuevo and the user tabs.
"""

from __future__ import annotations

import io
from urllib.parse import urlencode

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from admin_usuarios import tasks
from admin_usuarios.access import get_usuario_for
from admin_usuarios.actions.usuarios import (
    do_asignar_productos,
    do_crear_usuario,
    do_modificar_usuario,
    do_registrar_exportacion,
)
from admin_usuarios.ciudades import CIUDADES
from admin_usuarios.exports import contexto_reporte, encabezados, escribir_excel, escribir_pdf
from admin_usuarios.forms.usuarios import FiltroUsuariosForm, PaginaForm, ProductosForm, UsuarioForm
from admin_usuarios.models import Horario
from admin_usuarios.selectors import (
    contar_usuarios,
    filas_exportacion,
    pagina_usuarios,
    productos_por_tipo,
)
from admin_usuarios.tabs import contexto_modificar, continuar
from comun.acceso import administrador_requerido

CAMPOS_FILTRO = ("usuario", "nombre", "tipo_identificacion", "numero_identificacion", "perfil", "estado")


LIMITE_IMPRESION = 2000  # above it, Imprimir suggests Exportar a PDF


def _filtros_crudos(request: HttpRequest) -> dict:
    return {k: request.GET[k] for k in CAMPOS_FILTRO if request.GET.get(k)}


@administrador_requerido
def consultar(request: HttpRequest) -> HttpResponse:
    form = FiltroUsuariosForm(request.GET or None, actor=request.user)
    paginacion = PaginaForm(request.GET)
    datos = paginacion.cleaned_data if paginacion.is_valid() else {}
    tamano = datos.get("tam") or 10
    filtros = form.filtros()
    pagina = pagina_usuarios(request.user, filtros, tamano=tamano, numero=datos.get("p") or 1,
                             desde=datos.get("desde") or "", ultima=bool(datos.get("ultima")))
    # One reverse and one translation for the 10–50 row links, not one per row
    # (a reverse per row costs more than the page's own query).
    prefijo, etiqueta = reverse("admin_usuarios:consultar"), _("Configurar y Modificar %(u)s")
    for fila in pagina.filas:
        fila.url, fila.etiqueta = f"{prefijo}{fila.pk}/", etiqueta % {"u": fila.username}
    crudos = _filtros_crudos(request)
    base = {**crudos, "tam": tamano}
    for enlace in pagina.enlaces:
        enlace["url"] = "?" + urlencode({**base, "p": enlace["numero"], **({"desde": enlace["desde"]}
                                                                           if enlace["desde"] else {})})
    return render(request, "admin_usuarios/consultar.html", {
        "form": form, "pagina": pagina, "tamanos": (10, 25, 50), "tamano": tamano,
        "qs_filtros": urlencode(crudos), "qs_primero": urlencode(base),
        "qs_ultimo": urlencode({**base, "ultima": 1}),
        "qs_tamano": urlencode(crudos),
    })


def _nombre_archivo(extension: str) -> str:
    return f"usuarios_{timezone.localtime():%Y%m%d_%H%M}.{extension}"


@administrador_requerido
def exportar(request: HttpRequest, formato: str) -> HttpResponse:
    """Exportar a Excel / PDF: the whole filtered result, now or as a background job."""
    if formato not in tasks.FORMATOS:
        raise Http404
    form = FiltroUsuariosForm(request.GET or None, actor=request.user)
    total = contar_usuarios(request.user, form.filtros())
    do_registrar_exportacion(formato, actor=request.user, descripcion_filtros=form.descripcion(), total=total,
                             request=request)
    if total > tasks.LIMITE_INMEDIATO:
        trabajo = tasks.crear_trabajo(actor=request.user, formato=formato,
                                      filtros_crudos=_filtros_crudos(request), total=total)
        return redirect("admin_usuarios:exportacion", trabajo=trabajo)
    salida = io.BytesIO()
    escribir = escribir_excel if formato == "excel" else escribir_pdf
    escribir(salida, actor=request.user, filtros=form.filtros(), descripcion_filtros=form.descripcion())
    salida.seek(0)
    return FileResponse(salida, as_attachment=True, filename=_nombre_archivo(tasks.FORMATOS[formato]))


def _trabajo_de(request: HttpRequest, trabajo: str) -> dict:
    """A job of the requester's company, or 404 (same answer as a job that never existed)."""
    datos = tasks.leer_trabajo(trabajo)
    if datos is None or datos["empresa_id"] != request.user.empresa_id:
        raise Http404
    return datos


@administrador_requerido
def exportacion(request: HttpRequest, trabajo: str) -> HttpResponse:
    datos = _trabajo_de(request, trabajo)
    return render(request, "admin_usuarios/exportacion.html", {"trabajo": trabajo, "datos": datos})


@administrador_requerido
def exportacion_estado(request: HttpRequest, trabajo: str) -> JsonResponse:
    datos = _trabajo_de(request, trabajo)
    total = datos["total"] or 1
    return JsonResponse({
        "estado": datos["estado"],
        "porcentaje": 100 if datos["estado"] == "LISTO" else min(99, int(datos["procesadas"] * 100 / total)),
        "procesadas": datos["procesadas"], "total": datos["total"],
        "descarga": reverse("admin_usuarios:exportacion_descargar", args=[trabajo])
        if datos["estado"] == "LISTO" else "",
    })


@administrador_requerido
def exportacion_descargar(request: HttpRequest, trabajo: str) -> FileResponse:
    datos = _trabajo_de(request, trabajo)
    if datos["estado"] != "LISTO":
        raise Http404
    ruta = tasks.directorio_exportaciones() / datos["archivo"]
    if not ruta.is_file():
        raise Http404
    return FileResponse(ruta.open("rb"), as_attachment=True,
                        filename=_nombre_archivo(tasks.FORMATOS[datos["formato"]]))


@administrador_requerido
def imprimir(request: HttpRequest) -> HttpResponse:
    form = FiltroUsuariosForm(request.GET or None, actor=request.user)
    filtros = form.filtros()
    total = contar_usuarios(request.user, filtros)
    do_registrar_exportacion("imprimir", actor=request.user, descripcion_filtros=form.descripcion(), total=total,
                             request=request)
    ctx = contexto_reporte(request.user, form.descripcion())
    crudos = urlencode(_filtros_crudos(request))
    # The whole filtered result, as SPEC asks; above the limit the page also
    # suggests the PDF, which is lighter to print than a browser page that long.
    ctx.update({"encabezados": encabezados(), "filas": filas_exportacion(request.user, filtros),
                "total": total, "extenso": total > LIMITE_IMPRESION,
                "pdf": reverse("admin_usuarios:exportar", args=["pdf"]) + ("?" + crudos if crudos else ""),
                "volver": reverse("admin_usuarios:consultar") + "?" + crudos})
    return render(request, "admin_usuarios/imprimir.html", ctx)


@administrador_requerido
def crear(request: HttpRequest) -> HttpResponse:
    form = UsuarioForm(request.POST or None, actor=request.user, request=request)
    if request.method == "POST" and form.is_valid():
        usuario = do_crear_usuario(form.cleaned_data, actor=request.user, request=request)
        messages.success(request, _("Se creó el usuario %(u)s en estado Pendiente. Continúe con su configuración.")
                         % {"u": usuario.username})
        return redirect("admin_usuarios:principal", pk=usuario.pk)
    return render(request, "admin_usuarios/crear.html", {"form": form, "ciudades": CIUDADES})


@administrador_requerido
def principal(request: HttpRequest, pk: int) -> HttpResponse:
    usuario = get_usuario_for(request.user, pk)
    ctx = contexto_modificar(usuario, "principal")
    ctx["token"] = usuario.tokens.en_uso().first()
    ctx["productos"] = usuario.productos_asignados.select_related("producto").order_by(
        "producto__tipo", "producto__nombre")
    ctx["horario_propio"] = Horario.objects.propio(usuario) is not None
    return render(request, "admin_usuarios/principal.html", ctx)


@administrador_requerido
def editar(request: HttpRequest, pk: int) -> HttpResponse:
    usuario = get_usuario_for(request.user, pk)
    form = UsuarioForm(request.POST or None, instance=usuario, actor=request.user)
    if request.method == "POST" and form.is_valid():
        do_modificar_usuario(usuario, form.cleaned_data, actor=request.user, request=request)
        messages.success(request, _("Se guardó la información del usuario."))
        return continuar(request, usuario, "usuario")
    # A rejected POST must not leave the unsaved values in `objetivo` (the summary).
    objetivo = get_usuario_for(request.user, pk) if form.is_bound else usuario
    ctx = contexto_modificar(objetivo, "usuario")
    ctx.update(form=form, ciudades=CIUDADES)
    return render(request, "admin_usuarios/editar.html", ctx)


@administrador_requerido
def productos(request: HttpRequest, pk: int) -> HttpResponse:
    usuario = get_usuario_for(request.user, pk)
    form = ProductosForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        do_asignar_productos(usuario, form.cleaned_data["productos"], actor=request.user, request=request)
        messages.success(request, _("Se guardaron los productos asignados."))
        return continuar(request, usuario, "productos")
    ctx = contexto_modificar(usuario, "productos")
    ctx.update(form=form, grupos=productos_por_tipo(request.user, usuario))
    return render(request, "admin_usuarios/productos.html", ctx)
