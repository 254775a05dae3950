"""/banco/ writes go through the actions: every change audited, user schedules kept inside the company's."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

import pytest

from admin_usuarios.models import Empresa, Horario, Producto, ReglaIP
from auditoria.models import Evento
from tests.seguridad.test_banco import cliente_banco

pytestmark = pytest.mark.django_db(transaction=True)


class _Campos(HTMLParser):
    """The values a browser would post for the admin's change form."""

    def __init__(self) -> None:
        super().__init__()
        self.datos: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        nombre = a.get("name")
        if tag == "input" and nombre and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") == "checkbox":
                if "checked" in a:
                    self.datos[nombre] = a.get("value", "on")
            else:
                self.datos[nombre] = a.get("value", "")
        elif tag == "select" and nombre:
            self._select = nombre
            self.datos.setdefault(nombre, "")
        elif tag == "option" and self._select and "selected" in a:
            self.datos[self._select] = a.get("value", "")
        elif tag == "textarea" and nombre:
            self._textarea = nombre
            self.datos[nombre] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.datos[self._textarea] += data


def _formulario(c, url: str) -> dict[str, str]:
    r = c.get(url)
    assert r.status_code == 200
    p = _Campos()
    p.feed(r.content.decode())
    p.datos.pop("csrfmiddlewaretoken", None)
    return {k: v for k, v in p.datos.items() if "__prefix__" not in k}


def _url(empresa: Empresa) -> str:
    return f"/banco/admin_usuarios/empresa/{empresa.pk}/change/"


def _prefijo(datos: dict[str, str], sufijo: str) -> str:
    return next(k.removesuffix("-TOTAL_FORMS") for k in datos if k.endswith("-TOTAL_FORMS") and sufijo in k)


def test_bank_change_of_parameters_and_schedule_is_audited_and_narrows_users(staff, empresa, secundario):
    Horario.objects.create(usuario=secundario, lunes_inicio=dt.time(6, 0), lunes_fin=dt.time(22, 0))
    c = cliente_banco(staff)
    datos = _formulario(c, _url(empresa))
    datos["razon_social"] = "Andina Renombrada S.A.S."
    datos["intentos_maximos"] = "4"
    h = _prefijo(datos, "horario")
    datos[f"{h}-0-lunes_inicio"], datos[f"{h}-0-lunes_fin"] = "08:00", "18:00"
    r = c.post(_url(empresa), datos)
    assert r.status_code == 302, r.content.decode()[:3000]

    empresa.refresh_from_db()
    assert empresa.razon_social == "Andina Renombrada S.A.S." and empresa.intentos_maximos == 4
    modificada = Evento.objects.get(accion="EMPRESA_MODIFICADA")
    assert modificada.actor == staff and modificada.detalles["despues"]["razon_social"] == "Andina Renombrada S.A.S."
    parametros = Evento.objects.get(accion="PARAMETROS_MODIFICADOS")
    assert parametros.detalles["despues"]["intentos_maximos"] == 4
    assert parametros.detalles["horarios_ajustados"] == [secundario.username]
    propio = Horario.objects.get(usuario=secundario)
    assert (propio.lunes_inicio, propio.lunes_fin) == (dt.time(8, 0), dt.time(18, 0))


def test_bank_ip_rule_is_normalised_and_audited(staff, empresa):
    c = cliente_banco(staff)
    datos = _formulario(c, _url(empresa))
    p = _prefijo(datos, "regla")
    datos[f"{p}-TOTAL_FORMS"] = "1"
    datos[f"{p}-0-red"], datos[f"{p}-0-descripcion"] = "200.14.232.7/24", "Sede"
    datos[f"{p}-0-empresa"] = str(empresa.pk)
    r = c.post(_url(empresa), datos)
    assert r.status_code == 302, r.content.decode()[:3000]
    assert list(ReglaIP.objects.filter(empresa=empresa).values_list("red", flat=True)) == ["200.14.232.0/24"]
    assert Evento.objects.filter(accion="IP_AGREGADA", actor=staff).count() == 1


def test_bank_new_product_is_created_through_its_action(staff, empresa):
    c = cliente_banco(staff)
    datos = _formulario(c, _url(empresa))
    p = _prefijo(datos, "producto")
    n = int(datos[f"{p}-TOTAL_FORMS"])
    datos[f"{p}-TOTAL_FORMS"] = str(n + 1)
    datos.update({f"{p}-{n}-tipo": "CAHO", f"{p}-{n}-nombre": "Nueva", f"{p}-{n}-numero": "099887766",
                  f"{p}-{n}-habilitado": "on", f"{p}-{n}-empresa": str(empresa.pk)})
    r = c.post(_url(empresa), datos)
    assert r.status_code == 302, r.content.decode()[:3000]
    assert Producto.objects.filter(empresa=empresa, numero="099887766").exists()
    assert Evento.objects.get(accion="PRODUCTO_CREADO").actor == staff


def test_bank_user_edit_is_audited_and_role_fields_are_read_only(staff, secundario):
    c = cliente_banco(staff)
    url = f"/banco/admin_usuarios/usuario/{secundario.pk}/change/"
    datos = _formulario(c, url)
    assert "es_administrador" not in datos and "empresa" not in datos and "is_staff" not in datos
    datos["email"] = "nuevo@andina.example"
    datos["es_administrador"] = "on"  # not a field of the form: ignored
    r = c.post(url, datos)
    assert r.status_code == 302, r.content.decode()[:3000]
    secundario.refresh_from_db()
    assert secundario.email == "nuevo@andina.example" and not secundario.es_administrador
    evento = Evento.objects.get(accion="USUARIO_MODIFICADO_BANCO")
    assert evento.actor == staff and evento.detalles["despues"] == {"email": "nuevo@andina.example"}


def test_bank_service_catalogue_change_is_audited(staff):
    from topes.models import Servicio

    servicio = Servicio.objects.create(codigo="pagos_prueba", nombre="Pagos - Prueba",
                                       grupo=Servicio.Grupo.MONETARIOS, tipo=Servicio.Tipo.MONETARIO)
    c = cliente_banco(staff)
    url = f"/banco/topes/servicio/{servicio.pk}/change/"
    datos = _formulario(c, url)
    datos["nombre"] = servicio.nombre + " (nuevo nombre)"
    r = c.post(url, datos)
    assert r.status_code == 302, r.content.decode()[:3000]
    evento = Evento.objects.get(accion="SERVICIO")
    assert evento.actor == staff and evento.detalles["despues"] == {"nombre": servicio.nombre + " (nuevo nombre)"}


def test_every_app_declares_its_events_and_a_conflicting_label_is_refused():
    from django.db import models

    from auditoria.eventos import etiquetas, registrar_eventos

    todas = etiquetas()
    for nombre in ("INGRESO", "BLOQUEO", "IP_AGREGADA", "TOKEN_ASIGNADO", "TOPES_USUARIO", "EMPRESA_MODIFICADA"):
        assert nombre in todas

    class Otra(models.TextChoices):
        INGRESO = "INGRESO", "otra etiqueta"

    with pytest.raises(ValueError):
        registrar_eventos(Otra)
