"""Exports: exactly the filtered rows, formulas neutralised, big results in the background."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from admin_usuarios import tasks
from admin_usuarios.exports import neutralizar
from auditoria.models import Evento
from tests.admin_usuarios.conftest import muchos_usuarios
from tests.factories import crear_secundario, login_portal

pytestmark = pytest.mark.django_db


@pytest.fixture
def poblacion(empresa, otra_empresa):
    crear_secundario(empresa, username="Felipe20", nombres="David Felipe", primer_apellido="Prieto",
                     estado="INACTIVO")
    crear_secundario(empresa, username="formula1", nombres="=HYPERLINK(\"http://x\")", primer_apellido="+Suma")
    crear_secundario(empresa, username="activo1", nombres="Ana", primer_apellido="Ruiz")
    crear_secundario(otra_empresa, username="ajeno1", nombres="Ajeno")


def _xlsx(resp) -> list[tuple]:
    contenido = b"".join(resp.streaming_content)
    ws = load_workbook(io.BytesIO(contenido)).active
    return list(ws.iter_rows(values_only=True))


def _datos(filas: list[tuple]) -> list[tuple]:
    inicio = next(i for i, f in enumerate(filas) if f and f[0] == "Usuario")
    return filas[inicio + 1:]


def test_neutralise():
    assert neutralizar("=1+2") == "'=1+2" and neutralizar("+57") == "'+57" and neutralizar("-1") == "'-1"
    assert neutralizar("@SUM(A1)") == "'@SUM(A1)" and neutralizar("Ana") == "Ana"


def test_excel_has_header_company_date_filters_and_exact_rows(cliente_admin, poblacion):
    r = cliente_admin.get(reverse("admin_usuarios:exportar", args=["excel"]), {"estado": "ACTIVO"})
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment")
    filas = _xlsx(r)
    planas = " ".join(str(c) for f in filas for c in f if c)
    assert "Comercializadora Andina S.A.S. - NIT 900123456-8" in planas
    assert "Estado: Activo" in planas and "Fecha" in planas
    assert _datos(filas) == [
        ("activo1", "Ana Ruiz", "Pruebas_PRD", "Activo"),
        ("formula1", "'=HYPERLINK(\"http://x\") +Suma", "Pruebas_PRD", "Activo"),
    ]


def test_excel_cells_are_never_formulas(cliente_admin, poblacion):
    contenido = b"".join(cliente_admin.get(reverse("admin_usuarios:exportar", args=["excel"])).streaming_content)
    ws = load_workbook(io.BytesIO(contenido)).active
    assert all(c.data_type != "f" for fila in ws.iter_rows() for c in fila)
    assert ws.column_dimensions["B"].width == 45


def test_pdf_has_exact_rows_pages_and_neutralised_cells(cliente_admin, poblacion):
    r = cliente_admin.get(reverse("admin_usuarios:exportar", args=["pdf"]), {"nombre": "a"})
    contenido = b"".join(r.streaming_content)
    assert r["Content-Type"] == "application/pdf"
    texto = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(contenido)).pages)
    assert "Comercializadora Andina S.A.S." in texto and "Nombre Usuario: a" in texto and "Página 1 de 1" in texto
    assert "Felipe20" in texto and "activo1" in texto and "'=HYPERLINK" in texto
    assert "mguerrero" not in texto and "ajeno1" not in texto  # filtered out / another company


def test_pdf_header_repeated_on_every_page(admin, empresa):
    from admin_usuarios.exports import escribir_pdf

    muchos_usuarios(empresa, 150)
    salida = io.BytesIO()
    escribir_pdf(salida, actor=admin, filtros={}, descripcion_filtros=[])
    paginas = PdfReader(io.BytesIO(salida.getvalue())).pages
    assert len(paginas) >= 2
    for n, pagina in enumerate(paginas, 1):
        texto = pagina.extract_text()
        assert "Nombre Usuario" in texto and f"Página {n} de {len(paginas)}" in texto


def _lineas(pdf: bytes, pagina: int) -> list[str]:
    """The page's text as laid out (poppler's pdftotext keeps the visual order), blank lines dropped."""
    r = subprocess.run(["pdftotext", "-layout", "-f", str(pagina), "-l", str(pagina), "-", "-"],
                       input=pdf, capture_output=True, check=True)
    return [linea.strip() for linea in r.stdout.decode().splitlines() if linea.strip()]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils' pdftotext not installed")
def test_pdf_title_comes_first_the_column_header_under_it_and_a_one_line_running_header(admin, empresa):
    """Issue 15, defect 10: the column bar printed above the title and the running header wrapped."""
    from admin_usuarios.exports import escribir_pdf

    empresa.razon_social = ("Comercializadora Andina de Productos Alimenticios, Textiles y Manufacturas "
                            "del Pacífico y del Caribe Colombiano S.A.S. en Reorganización Empresarial")
    empresa.save()
    admin.refresh_from_db()
    muchos_usuarios(empresa, 150)
    salida = io.BytesIO()
    escribir_pdf(salida, actor=admin, filtros={}, descripcion_filtros=[])
    pdf = salida.getvalue()
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 2

    def es_barra(linea: str) -> bool:
        return linea.startswith("Usuario") and "Nombre Usuario" in linea and linea.endswith("Estado")

    def es_corrida(linea: str) -> bool:
        # The whole running header on one line: the (cut) company name, its NIT and the title.
        return linea.startswith("Comercializadora Andina") and linea.endswith(
            "NIT 900123456-8 · Configuración de Usuarios")

    uno = _lineas(pdf, 1)
    assert es_corrida(uno[0]) and uno[1] == "Configuración de Usuarios"  # nothing wrapped in between
    barra = next(i for i, linea in enumerate(uno) if es_barra(linea))
    assert barra > 1 and any(linea.startswith("Empresa") for linea in uno[2:barra])
    assert uno[barra + 1].startswith("u00000")
    dos = _lineas(pdf, 2)
    assert es_corrida(dos[0]) and es_barra(dos[1]) and dos[2].startswith("u00")


def test_print_view_lists_the_whole_filtered_result(cliente_admin, poblacion, empresa):
    muchos_usuarios(empresa, 30)
    body = cliente_admin.get(reverse("admin_usuarios:imprimir")).content.decode()
    assert body.count("<tr><td>") == 30 + 3 and "ajeno1" not in body and "occi-tabla-impresion" in body


def test_print_view_above_the_limit_prints_everything_and_suggests_the_pdf(cliente_admin, empresa, monkeypatch):
    from admin_usuarios.views import usuarios as views

    monkeypatch.setattr(views, "LIMITE_IMPRESION", 7)
    muchos_usuarios(empresa, 12)
    body = cliente_admin.get(reverse("admin_usuarios:imprimir"), {"estado": "ACTIVO"}).content.decode()
    assert body.count("<tr><td>") == 12
    assert "El resultado tiene 12 usuarios: para imprimirlo es más práctico el PDF." in body
    assert reverse("admin_usuarios:exportar", args=["pdf"]) + "?estado=ACTIVO" in body
    monkeypatch.setattr(views, "LIMITE_IMPRESION", 12)
    assert "más práctico el PDF" not in cliente_admin.get(reverse("admin_usuarios:imprimir")).content.decode()


@pytest.mark.parametrize("ruta,args,formato", [("exportar", ["excel"], "excel"), ("exportar", ["pdf"], "pdf"),
                                               ("imprimir", [], "imprimir")])
def test_every_export_is_in_the_audit_trail(cliente_admin, admin, poblacion, ruta, args, formato):
    r = cliente_admin.get(reverse(f"admin_usuarios:{ruta}", args=args), {"estado": "INACTIVO"})
    assert r.status_code == 200
    evento = Evento.objects.get(accion="EXPORTAR_USUARIOS")
    assert evento.actor == admin and evento.empresa_id == admin.empresa_id
    assert evento.detalles == {"formato": formato, "filtros": {"Estado": "Inactivo"}, "registros": 1}


@pytest.fixture
def limite_bajo(monkeypatch, tmp_path, settings):
    monkeypatch.setattr(tasks, "LIMITE_INMEDIATO", 5)
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize("formato,extension", [("excel", "xlsx"), ("pdf", "pdf")])
def test_big_export_runs_as_job_with_progress_and_private_download(client, admin, admin_otra, empresa, limite_bajo,
                                                                     tmp_path, formato, extension):
    muchos_usuarios(empresa, 12)
    login_portal(client, admin)
    r = client.get(reverse("admin_usuarios:exportar", args=[formato]), {"usuario": "u0000"})
    assert r.status_code == 302
    assert Evento.objects.get(accion="EXPORTAR_USUARIOS").detalles["registros"] == 10
    trabajo = r.url.rstrip("/").split("/")[-1]
    assert "Progreso de la exportación" in client.get(r.url).content.decode()
    estado = client.get(reverse("admin_usuarios:exportacion_estado", args=[trabajo])).json()
    assert estado["estado"] == "LISTO" and estado["porcentaje"] == 100 and estado["total"] == 10
    archivos = list((tmp_path / "exports").iterdir())
    assert len(archivos) == 1 and archivos[0].suffix == f".{extension}" and len(archivos[0].stem) >= 32
    descarga = client.get(estado["descarga"])
    assert descarga.status_code == 200
    contenido = b"".join(descarga.streaming_content)
    if formato == "excel":
        assert len(_datos(list(load_workbook(io.BytesIO(contenido)).active.iter_rows(values_only=True)))) == 10
    # Another company's administrator cannot see or download it.
    client.logout()
    login_portal(client, admin_otra)
    for nombre in ("exportacion", "exportacion_estado", "exportacion_descargar"):
        assert client.get(reverse(f"admin_usuarios:{nombre}", args=[trabajo])).status_code == 404


def test_job_task_takes_only_an_id_and_is_idempotent(admin, empresa, limite_bajo, tmp_path, monkeypatch):
    enviados = []
    monkeypatch.setattr(tasks.generar_exportacion, "apply_async",
                        lambda args, **kw: enviados.append(args))
    trabajo = tasks.crear_trabajo(actor=admin, formato="excel", filtros_crudos={}, total=1)
    assert enviados == [[trabajo]]
    primero = tasks.generar_exportacion(trabajo)
    assert primero and tasks.generar_exportacion(trabajo) == ""
    assert len(list((tmp_path / "exports").iterdir())) == 1


def test_a_filter_with_a_control_character_still_exports(cliente_admin, poblacion):
    # Found by the fuzzing of tests/ataque/test_entradas.py: openpyxl refuses characters XML
    # cannot hold, and the filter's description goes into the file.
    r = cliente_admin.get(reverse("admin_usuarios:exportar", args=["excel"]), {"usuario": "act\x0bivo\x1f"})
    assert r.status_code == 200
    planas = " ".join(str(c) for f in _xlsx(r) for c in f if c)
    assert "activo" in planas and "\x0b" not in planas
