"""Chromium: from the home counters to Notificaciones and Mensajes, at 1366 and 390 px, axe-clean."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bandeja import catalogo
from bandeja.avisos import notificar
from bandeja.models import Mensaje
from tests.navegador import ingresar
from tests.ui.pantallas import revisar_pantalla

pytestmark = pytest.mark.django_db(transaction=True)


def test_counters_open_notifications_and_messages(navegador, live_server, lector, empresa):
    ahora = timezone.now()
    Mensaje.objects.create(titulo="Nuevo horario de Banca Empresarial", cuerpo="De lunes a sábado de 6:00 a 22:00.",
                           vigente_desde=ahora - dt.timedelta(days=1))
    Mensaje.objects.create(titulo="Actualice los datos de su empresa", cuerpo="Antes del 31 de diciembre.",
                           empresa=empresa, vigente_desde=ahora - dt.timedelta(hours=2))
    notificar(lector, catalogo.POR_APROBAR, enlace="/servicio/alertas/",
              datos={"numero": 41, "tipo": "Transferencias - Internas", "monto": "$1.500.000,00", "captor": "Oscar Rojas"})
    notificar(lector, catalogo.EJECUTADA, datos={"numero": 40, "tipo": "Pagos - A Terceros", "monto": "$820.000,00"})

    context = navegador.new_context(locale="es-CO", viewport={"width": 1366, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        ingresar(page, lector.username, lector.clave, base_url=live_server.url)
        page.get_by_text("Bienvenido a la Banca Electrónica del Banco de Occidente").wait_for()
        expect(page.locator("#enlace-mensajes")).to_have_text("Usted tiene 2 Mensaje(s)")
        expect(page.locator("#enlace-notificaciones")).to_have_text("Usted tiene 2 Notificación(es)")

        page.locator("#enlace-notificaciones").click()
        page.get_by_role("heading", name="Notificaciones").wait_for()
        expect(page.locator("tr.bandeja-no-leido")).to_have_count(2)
        revisar_pantalla(page, "bandeja_notificaciones")
        # The first one opens where it points and is read from then on.
        page.get_by_role("button", name="Ver Operación por aprobar").click()
        page.get_by_role("heading", name="Inscripción de Alertas").wait_for()
        revisar_pantalla(page, "bandeja_alertas")
        expect(page.locator("#enlace-notificaciones")).to_have_text("Usted tiene 1 Notificación(es)")
        page.locator("#enlace-notificaciones").click()
        page.get_by_role("button", name="Marcar todas como leídas").click()
        expect(page.locator("tr.bandeja-no-leido")).to_have_count(0)
        expect(page.locator("#enlace-notificaciones")).to_have_text("Usted tiene 0 Notificación(es)")

        page.locator("#enlace-mensajes").click()
        page.get_by_role("heading", name="Mensajes").wait_for()
        expect(page.locator("tr.bandeja-no-leido")).to_have_count(2)
        revisar_pantalla(page, "bandeja_mensajes")
        page.get_by_role("link", name="Actualice los datos de su empresa").click()
        page.get_by_text("Antes del 31 de diciembre.").wait_for()
        revisar_pantalla(page, "bandeja_mensaje")
        expect(page.locator("#enlace-mensajes")).to_have_text("Usted tiene 1 Mensaje(s)")
        page.get_by_role("link", name="Volver a Mensajes").click()
        expect(page.locator("tr.bandeja-no-leido")).to_have_count(1)
    finally:
        context.close()
