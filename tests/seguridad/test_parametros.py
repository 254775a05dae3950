"""Parámetros Generales y de Seguridad: caps, schedule, narrowing users' schedules, step-up, audit."""

from __future__ import annotations

import datetime as dt

import pytest

from admin_usuarios.models import DIAS, Empresa, Horario
from auditoria.models import Evento
from seguridad.eventos import Eventos as EventosSeguridad
from tests.seguridad.conftest import con_codigo

pytestmark = pytest.mark.django_db

URL = "/administracion/seguridad/parametros/"


def _datos(admin, **cambios) -> dict:
    datos = {"p-intentos_maximos": "3", "p-inactividad_minutos": "5"}
    for dia, _e in DIAS:
        datos[f"h-{dia}_inicio"] = "00:00"
        datos[f"h-{dia}_fin"] = "23:59"
    datos.update({"h-festivo_permitido": "on", "h-monetarias_sabado": "on", "h-monetarias_domingo": "on",
                  "h-monetarias_festivo": "on"})
    for k, v in cambios.items():
        if v is None:
            datos.pop(k, None)
        else:
            datos[k] = v
    return con_codigo(admin, **datos)


def test_anonymous_is_sent_to_login(client, empresa):
    r = client.get(URL)
    assert r.status_code == 302 and r.url.startswith("/?next=")


def test_secondary_user_gets_403(cliente_secundario):
    assert cliente_secundario.get(URL).status_code == 403
    assert cliente_secundario.post(URL, {}).status_code == 403


def test_outsider_changes_only_own_company(cliente_otra, admin_otra, empresa, otra_empresa):
    r = cliente_otra.post(URL, _datos(admin_otra, **{"p-intentos_maximos": "4"}))
    assert r.status_code == 302
    empresa.refresh_from_db()
    otra_empresa.refresh_from_db()
    assert empresa.intentos_maximos == 3 and otra_empresa.intentos_maximos == 4


def test_caps_are_shown_next_to_fields(cliente_admin, settings):
    body = cliente_admin.get(URL).content.decode()
    assert f"Máximo permitido por el banco: {settings.OCCIRED_CAP_INTENTOS}" in body
    assert f"Máximo permitido por el banco: {settings.OCCIRED_CAP_INACTIVIDAD_MINUTOS}" in body


def test_save_within_caps_and_audit(cliente_admin, admin, empresa, settings):
    r = cliente_admin.post(URL, _datos(admin, **{
        "p-intentos_maximos": str(settings.OCCIRED_CAP_INTENTOS),
        "p-inactividad_minutos": str(settings.OCCIRED_CAP_INACTIVIDAD_MINUTOS),
        "p-token_requerido": "on", "h-lunes_inicio": "07:00", "h-monetarias_domingo": None,
    }))
    assert r.status_code == 302
    empresa.refresh_from_db()
    assert empresa.intentos_maximos == settings.OCCIRED_CAP_INTENTOS
    assert empresa.inactividad_minutos == settings.OCCIRED_CAP_INACTIVIDAD_MINUTOS
    assert empresa.token_requerido is True
    h = empresa.horario
    h.refresh_from_db()
    assert h.lunes_inicio == dt.time(7, 0) and h.monetarias_domingo is False
    e = Evento.objects.get(accion=EventosSeguridad.PARAMETROS_MODIFICADOS)
    assert e.detalles["antes"] == {"intentos_maximos": 3, "inactividad_minutos": 5, "token_requerido": False,
                                   "lunes_inicio": "00:00", "monetarias_domingo": True}
    assert e.detalles["despues"]["lunes_inicio"] == "07:00" and e.detalles["despues"]["token_requerido"] is True


@pytest.mark.parametrize("campo, valor, mensaje", [
    ("p-intentos_maximos", "6", "máximo permitido por el banco"),
    ("p-intentos_maximos", "0", "mayor o igual a 1"),
    ("p-inactividad_minutos", "16", "máximo permitido por el banco"),
    ("p-inactividad_minutos", "abc", "número entero"),
    ("h-martes_fin", "25:00", "hora válida"),
    ("h-martes_fin", "", "deje ambos vacíos"),
    ("h-miercoles_fin", "06:00", "posterior al de inicio"),
])
def test_out_of_bounds_refused_next_to_field_and_nothing_saved(cliente_admin, admin, empresa, campo, valor, mensaje):
    datos = _datos(admin, **{campo: valor})
    if campo == "h-miercoles_fin":
        datos["h-miercoles_inicio"] = "08:00"
    r = cliente_admin.post(URL, datos)
    assert r.status_code == 200
    errores = {**r.context["form"].errors, **{f"h-{k}": v for k, v in r.context["form_horario"].errors.items()},
               **{f"p-{k}": v for k, v in r.context["form"].errors.items()}}
    assert mensaje in " ".join(errores[campo])
    assert f'value="{valor}"' in r.content.decode()
    empresa.refresh_from_db()
    assert (empresa.intentos_maximos, empresa.inactividad_minutos) == (3, 5)
    assert not Evento.objects.filter(accion=EventosSeguridad.PARAMETROS_MODIFICADOS).exists()


def test_database_refuses_values_over_the_cap_too(empresa, settings):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Empresa.objects.filter(pk=empresa.pk).update(intentos_maximos=settings.OCCIRED_CAP_INTENTOS + 1)


def test_closed_day_saved(cliente_admin, admin, empresa):
    r = cliente_admin.post(URL, _datos(admin, **{"h-domingo_inicio": "", "h-domingo_fin": ""}))
    assert r.status_code == 302
    h = Horario.objects.get(empresa=empresa)
    assert h.domingo_inicio is None and h.domingo_fin is None


def test_narrowing_company_schedule_narrows_users_schedules(cliente_admin, admin, empresa, secundario,
                                                           otro_secundario):
    Horario.objects.create(usuario=secundario, lunes_inicio=dt.time(6, 0), lunes_fin=dt.time(20, 0),
                           martes_inicio=dt.time(6, 0), martes_fin=dt.time(7, 0), sabado_inicio=dt.time(9, 0),
                           sabado_fin=dt.time(10, 0), monetarias_festivo=True)
    Horario.objects.create(usuario=otro_secundario, lunes_inicio=dt.time(9, 0), lunes_fin=dt.time(12, 0),
                           martes_inicio=dt.time(9, 0), martes_fin=dt.time(12, 0), sabado_inicio=None,
                           sabado_fin=None, domingo_inicio=None, domingo_fin=None, festivo_permitido=False,
                           monetarias_festivo=False)
    body = cliente_admin.get(URL).content.decode()
    assert "se reducen en el mismo momento" in body
    r = cliente_admin.post(URL, _datos(admin, **{
        "h-lunes_inicio": "08:00", "h-lunes_fin": "18:00", "h-martes_inicio": "08:00", "h-martes_fin": "18:00",
        "h-sabado_inicio": "", "h-sabado_fin": "", "h-monetarias_festivo": None,
    }), follow=True)
    assert "Se ajustó el horario de 1 usuario(s)" in r.content.decode()
    h = Horario.objects.get(usuario=secundario)
    assert (h.lunes_inicio, h.lunes_fin) == (dt.time(8, 0), dt.time(18, 0))
    assert (h.martes_inicio, h.martes_fin) == (None, None)  # 06–07 lies outside 08–18
    assert (h.sabado_inicio, h.sabado_fin) == (None, None)  # the company closed Saturday
    assert h.monetarias_festivo is False
    assert (h.domingo_inicio, h.domingo_fin) == (dt.time(0, 0), dt.time(23, 59))
    otro = Horario.objects.get(usuario=otro_secundario)
    assert (otro.lunes_inicio, otro.lunes_fin) == (dt.time(9, 0), dt.time(12, 0))  # already inside: untouched
    e = Evento.objects.get(accion=EventosSeguridad.PARAMETROS_MODIFICADOS)
    assert e.detalles["horarios_ajustados"] == ["mguerrero"]


@pytest.mark.parametrize("codigo", [None, "000000"])
def test_step_up_required(cliente_admin, admin, empresa, codigo):
    datos = _datos(admin, **{"p-intentos_maximos": "4"})
    if codigo is None:
        datos.pop("codigo_token")
    else:
        datos["codigo_token"] = codigo
    r = cliente_admin.post(URL, datos)
    assert r.status_code == 200 and r.context["stepup"].errors
    empresa.refresh_from_db()
    assert empresa.intentos_maximos == 3


def test_new_failure_limit_is_used_by_login(cliente_admin, admin, empresa, secundario, client):
    from tests.factories import login_portal

    cliente_admin.post(URL, _datos(admin, **{"p-intentos_maximos": "1"}))
    from django.test import Client

    otro = Client()
    login_portal(otro, secundario, clave="Incorrecta99")
    secundario.refresh_from_db()
    assert secundario.estado == "BLOQUEADO"


def test_days_to_approve_an_operation_saved_and_audited(cliente_admin, admin, empresa):
    datos = _datos(admin, **{"p-dias_aprobacion": "3"})
    r = cliente_admin.post(URL, datos)
    assert r.status_code == 302, r.content.decode()[:2000]
    empresa.refresh_from_db()
    assert empresa.dias_aprobacion == 3
    evento = Evento.objects.filter(accion=EventosSeguridad.PARAMETROS_MODIFICADOS).latest("id")
    assert evento.detalles["despues"]["dias_aprobacion"] == 3
    r = cliente_admin.post(URL, _datos(admin, **{"p-dias_aprobacion": "31"}))
    assert r.status_code == 200 and "dias_aprobacion" in r.context["form"].errors
    empresa.refresh_from_db()
    assert empresa.dias_aprobacion == 3


def test_payment_file_retention_saved_bounded_and_audited(cliente_admin, admin, empresa):
    assert empresa.retencion_archivos_dias == 90
    r = cliente_admin.post(URL, _datos(admin, **{"p-retencion_archivos_dias": "30"}))
    assert r.status_code == 302, r.content.decode()[:2000]
    empresa.refresh_from_db()
    assert empresa.retencion_archivos_dias == 30
    evento = Evento.objects.filter(accion=EventosSeguridad.PARAMETROS_MODIFICADOS).latest("id")
    assert (evento.detalles["antes"]["retencion_archivos_dias"], evento.detalles["despues"]["retencion_archivos_dias"]) \
        == (90, 30)
    for malo in ("0", "3651", "x"):
        r = cliente_admin.post(URL, _datos(admin, **{"p-retencion_archivos_dias": malo}))
        assert r.status_code == 200 and "retencion_archivos_dias" in r.context["form"].errors
    empresa.refresh_from_db()
    assert empresa.retencion_archivos_dias == 30
