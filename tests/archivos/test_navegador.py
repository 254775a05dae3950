"""Pagos por Archivo in Chromium: the Operador downloads nothing but uploads a payroll file,
watches the validation advance (the page polls its progress and reloads itself), reads the
bad rows, accepts the valid ones with the token; two supervisors approve; the rows are paid
and the result file downloads. Screenshots at 1366 and 390 px; axe-core on every screen."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from archivos.models import Archivo
from archivos.tasks import validar_archivo
from tests.archivos.conftest import csv_bytes, fila
from tests.factories import codigo_fresco
from tests.navegador import CAPTURAS, ingresar
from tests.ui.pantallas import correr_axe
from transacciones.models import Operacion

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
BROKER_CERRADO = "redis://127.0.0.1:1/0"


def _capturas(page, nombre: str) -> None:
    CAPTURAS.mkdir(parents=True, exist_ok=True)
    for ancho, sufijo in ((1366, ""), (390, "_telefono")):
        page.set_viewport_size({"width": ancho, "height": 900 if ancho > 400 else 844})
        ancho_pagina = page.evaluate("document.documentElement.scrollWidth")
        assert ancho_pagina <= ancho, f"{nombre}: the page scrolls sideways at {ancho}px ({ancho_pagina}px)"
        page.screenshot(path=str(CAPTURAS / f"{nombre}{sufijo}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    graves = correr_axe(page)
    assert not graves, f"{nombre}:\n" + "\n".join(graves)


def _entrar(page, usuario) -> None:
    ingresar(page, usuario.username, usuario.clave, codigo_fresco(usuario.device))
    page.get_by_text("Bienvenido a la Banca Electrónica del Banco de Occidente").wait_for()


def _salir(page) -> None:
    page.get_by_role("button", name="Salida Segura").click()


@pytest.fixture
def sin_broker(settings):
    """The upload's validation waits (broker down), as when a real worker is slow to start."""
    from occired.celery import app

    original = app.conf.broker_url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    app.conf.broker_url = BROKER_CERRADO
    app._pool = None
    app.amqp._producer_pool = None

    def volver() -> None:
        settings.CELERY_TASK_ALWAYS_EAGER = True
        app.conf.task_always_eager = True
        app.conf.broker_url = original
        app._pool = None
        app.amqp._producer_pool = None

    yield volver
    volver()


def test_upload_progress_errors_accept_approve_result_in_the_browser(pagina_axe, operador, sup1, sup2, origen,
                                                                     fondos, sin_broker, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    page = pagina_axe
    _entrar(page, operador)
    page.get_by_role("button", name="Transacciones").click()
    page.get_by_role("link", name="Pagos por Archivo").click()
    page.get_by_role("heading", name="Pagos por Archivo").first.wait_for()
    page.get_by_label("Nómina").check()
    page.get_by_label("Producto origen").select_option(label="Cuenta Ahorros CAHOAndres - 015829393")
    filas = [fila(i) for i in range(1, 41)] + [fila(41, banco="Banco Inventado"), fila(42, valor="1.500,505"), fila(3)]
    page.get_by_label("Archivo (.csv o .xlsx)").set_input_files(
        {"name": "nomina_noviembre.csv", "mimeType": "text/csv", "buffer": csv_bytes(filas)})
    _capturas(page, "archivos_cargar")
    page.get_by_role("button", name="Cargar archivo").click()

    # Validating: the bar shows 0 of 43 and the page polls the progress endpoint.
    page.get_by_text("se está validando").wait_for()
    assert page.locator("#estado-archivo").inner_text() == "Validando"
    assert page.locator("#barra-progreso").get_attribute("max") == "43"
    _capturas(page, "archivos_validando")
    archivo = Archivo.objects.get()
    validar_archivo(archivo.pk)  # what the worker does once the broker is back
    sin_broker()
    # The page reloads itself when the validation ends: the bad rows with their reasons.
    page.locator("#tabla-errores").wait_for(timeout=20000)
    assert page.locator("#estado-archivo").inner_text() == "Con errores"
    cuerpo = page.inner_text("#tabla-errores")
    assert "Banco desconocido" in cuerpo and "Valor inválido" in cuerpo and "duplicada" in cuerpo
    with page.expect_download() as descarga:
        page.get_by_role("link", name="Descargar archivo de errores (CSV)").click()
    assert "Banco desconocido" in descarga.value.path().read_text(encoding="utf-8-sig")
    page.mouse.move(0, 0)  # off the button: its hover transition is no state of the page
    page.wait_for_timeout(400)
    page.get_by_label("Clave Dinámica Token").fill(codigo_fresco(operador.device))
    _capturas(page, "archivos_errores")
    page.get_by_role("button", name="Aceptar filas válidas").click()
    page.get_by_text("queda Por Aprobar (2 aprobación(es))").wait_for()
    op = Operacion.objects.get()
    assert op.tipo == Operacion.Tipo.NOMINA and op.monto == sum(f.valor for f in archivo.filas.filter(estado="VALIDA"))
    _salir(page)

    for sup in (sup1, sup2):
        _entrar(page, sup)
        page.get_by_role("link", name="Usted tiene 1 Autorización(es)").click()
        page.get_by_role("link", name=op.numero).click()
        page.locator("#id_codigo_token").fill(codigo_fresco(sup.device))
        if sup == sup1:
            _capturas(page, "archivos_operacion")
        page.get_by_role("button", name="Aprobar", exact=True).click()
        page.get_by_text(f"Operación {op.numero} aprobada").wait_for()
        if sup == sup2:
            page.get_by_role("link", name="Ver archivo, avance y resultado").click()
        else:
            _salir(page)

    # The rows were paid (eager here); the file shows the counts and the result downloads.
    page.locator("#descargar-resultado").wait_for()
    assert page.locator("#estado-archivo").inner_text() == "Terminado"
    assert page.locator("#estado-operacion").inner_text() == "Ejecutada"
    _capturas(page, "archivos_resultado")
    with page.expect_download() as descarga:
        page.locator("#descargar-resultado").click()
    filas_resultado = list(load_workbook(io.BytesIO(descarga.value.path().read_bytes())).active.iter_rows(
        values_only=True))
    estados = [f[9] for f in filas_resultado[1:]]
    assert estados.count("Pagada") == 40 and estados.count("Con error") == 3


def test_screens_pass_axe_fit_390_and_read_english(pagina_axe, operador, sup1, sup2, origen, fondos):
    from archivos.actions.carga import do_aceptar_archivo
    from tests.archivos.conftest import subir
    from tests.ui.pantallas import recorrer
    from transacciones.actions.operaciones import do_aprobar_operacion

    validado = subir(operador, origen, csv_bytes([fila(1), fila(2)]))
    con_errores = subir(operador, origen, csv_bytes([fila(5), fila(6, banco="Inventado"), fila(7, valor="1,5,0"),
                                                     fila(5), fila(8, tipo_id="NIT", num_id="900123456-1")]))
    terminado = subir(operador, origen, csv_bytes([fila(3), fila(4, cuenta="20000000000")]))
    op = do_aceptar_archivo(terminado, actor=operador)
    do_aprobar_operacion(op, actor=sup1)
    do_aprobar_operacion(op, actor=sup2)
    _entrar(pagina_axe, operador)
    resultados = recorrer(pagina_axe, pagina_axe.base_url, {
        "cargar": "/transacciones/pagos-por-archivo/",
        "validado": f"/transacciones/pagos-por-archivo/{validado.pk}/",
        "con_errores": f"/transacciones/pagos-por-archivo/{con_errores.pk}/",
        "terminado": f"/transacciones/pagos-por-archivo/{terminado.pk}/",
    })
    for nombre, r in resultados.items():
        assert not r.error and r.estado == 200, f"{nombre}: {r.error}"
        assert not r.graves, f"{nombre}: {r.graves}"
        assert r.ancho_390 <= 390, f"{nombre}: {r.ancho_390}px"
        assert not r.espanol, f"{nombre} in English still says: {r.espanol}"
    # The reasons of the bad rows and of the failed one, in English, field names included.
    pagina_axe.context.add_cookies([{"name": "django_language", "value": "en", "url": pagina_axe.base_url}])
    pagina_axe.goto(f"{pagina_axe.base_url}/transacciones/pagos-por-archivo/{con_errores.pk}/")
    texto = pagina_axe.inner_text("main")
    assert "Bank: Unknown bank: Inventado." in texto and "Duplicate row" in texto and "ID number: Invalid NIT" in texto
    _capturas(pagina_axe, "archivos_errores_en")
    pagina_axe.goto(f"{pagina_axe.base_url}/transacciones/pagos-por-archivo/{terminado.pk}/")
    assert "Account closed at the destination bank clearing." in pagina_axe.inner_text("main")
    _capturas(pagina_axe, "archivos_resultado_en")
