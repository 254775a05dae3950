"""Every screen of the portal and of /banco/, walked once per role in Chromium.

One list of screens (by name, so that tests can be parametrized before the
database exists) and one walk per role that opens each screen in a single
logged-in browser context and records, for each: the axe-core violations and the
tables wider than their box at 1366 px, the document width at 390 px and, in
English, the Spanish words left on the page. The tests in this package only read what the walk recorded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
# WCAG 2.x A and AA, the level a bank commits to; best practices are not failures.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
GRAVES = {"critical", "serious"}

# name → path template; {usuario}, {perfil}, … are filled in by `rutas()`.
PORTAL_PUBLICO = {
    "login": "/",
    "condiciones": "/ayudas/condiciones/",
    "recomendaciones": "/ayudas/recomendaciones/",
    "olvido_clave": "/ayudas/olvido-clave/",
}
PORTAL_ADMIN = {
    "inicio": "/inicio/",
    "cambiar_clave": "/mi-cuenta/clave/",
    "imagen_seguridad": "/mi-cuenta/imagen/",
    "usuarios": "/administracion/usuarios/",
    "usuarios_sin_resultado": "/administracion/usuarios/?username=nadie-asi",
    "usuarios_crear": "/administracion/usuarios/nuevo/",
    "usuarios_imprimir": "/administracion/usuarios/imprimir/",
    "usuario_principal": "/administracion/usuarios/{usuario}/",
    "usuario_editar": "/administracion/usuarios/{usuario}/editar/",
    "usuario_productos": "/administracion/usuarios/{usuario}/productos/",
    "usuario_topes": "/administracion/topes/usuario/{usuario}/",
    "usuario_horarios": "/administracion/usuarios/{usuario}/horarios/",
    "usuario_contrasena": "/administracion/usuarios/{usuario}/contrasena/",
    "montos": "/administracion/topes/montos/",
    "topes_consulta": "/administracion/topes/consulta/",
    "topes_consulta_usuario": "/administracion/topes/consulta/usuario/{usuario}/",
    "topes_consulta_servicio": "/administracion/topes/consulta/servicio/{servicio}/",
    "acumulados": "/administracion/topes/acumulados/",
    "tokens": "/administracion/tokens/",
    "tokens_asignar": "/administracion/tokens/asignar/",
    "activacion": "/administracion/seguridad/activacion/",
    "activacion_estado": "/administracion/seguridad/activacion/{usuario}/",
    "perfiles": "/administracion/seguridad/perfiles/",
    "perfil_crear": "/administracion/seguridad/perfiles/nuevo/",
    "perfil_editar": "/administracion/seguridad/perfiles/{perfil}/",
    "ips": "/administracion/seguridad/ips/",
    "ips_usuario": "/administracion/seguridad/ips/usuario/{usuario}/",
    "parametros": "/administracion/seguridad/parametros/",
    "auditoria": "/administracion/auditoria/",
    "mensajes": "/servicio/mensajes/",
    "notificaciones": "/servicio/notificaciones/",
    "alertas": "/servicio/alertas/",
    "certificados": "/servicio/certificados/",
}
PORTAL_SECUNDARIO = {
    "inicio": "/inicio/",
    "cambiar_clave": "/mi-cuenta/clave/",
    "imagen_seguridad": "/mi-cuenta/imagen/",
    "mensajes": "/servicio/mensajes/",
    "notificaciones": "/servicio/notificaciones/",
    "alertas": "/servicio/alertas/",
    "certificados": "/servicio/certificados/",
}
# The operating part (demo Comercializadora Andina): an Operador who captures and consults,
# and a Supervisor who approves (the demo leaves an operation waiting for one more approval).
PORTAL_OPERADOR = {
    "inicio": "/inicio/",
    "saldos": "/consultas/saldos/",
    "movimientos": "/consultas/movimientos/",
    "movimientos_producto": "/consultas/movimientos/?producto={producto_operador}",
    "extractos": "/consultas/extractos/",
    "transferencias": "/transacciones/transferencias/",
    "internas": "/transacciones/transferencias/internas/",
    "otros_bancos": "/transacciones/transferencias/otros-bancos/",
    "terceros": "/transacciones/pagos/terceros/",
    "impuestos": "/transacciones/pagos/impuestos/",
    "historico": "/transacciones/historico/",
    "historico_filtrado": "/transacciones/historico/?estado=RECHAZADA",
    "operacion_ejecutada": "/transacciones/operaciones/{operacion_ejecutada}/",
    "operacion_rechazada": "/transacciones/operaciones/{operacion_rechazada}/",
    "operacion_pendiente": "/transacciones/operaciones/{operacion_pendiente}/",
    "inscripcion_cuentas": "/transacciones/inscripcion-cuentas/",
    "pagos_por_archivo": "/transacciones/pagos-por-archivo/",
    "archivo_con_errores": "/transacciones/pagos-por-archivo/{archivo_con_errores}/",
    "archivo_ejecutado": "/transacciones/pagos-por-archivo/{archivo_ejecutado}/",
}
PORTAL_SUPERVISOR = {
    "inicio": "/inicio/",
    "aprobaciones": "/transacciones/aprobaciones/",
    "operacion_por_aprobar": "/transacciones/operaciones/{operacion_pendiente}/",
    "historico": "/transacciones/historico/",
    "inscripcion_cuentas": "/transacciones/inscripcion-cuentas/",
}
BANCO = {
    "login": "/banco/login/",
    "indice": "/banco/",
    "empresa_lista": "/banco/admin_usuarios/empresa/",
    "empresa_cambiar": "/banco/admin_usuarios/empresa/{empresa}/change/",
    "empresa_nueva": "/banco/admin_usuarios/empresa/add/",
    "producto_lista": "/banco/admin_usuarios/producto/",
    "producto_cambiar": "/banco/admin_usuarios/producto/{producto}/change/",
    "perfil_lista": "/banco/admin_usuarios/perfil/",
    "perfil_cambiar": "/banco/admin_usuarios/perfil/{perfil}/change/",
    "usuario_lista": "/banco/admin_usuarios/usuario/",
    "usuario_cambiar": "/banco/admin_usuarios/usuario/{usuario}/change/",
    "evento_lista": "/banco/auditoria/evento/",
    "evento_ver": "/banco/auditoria/evento/{evento}/change/",
    "correo_lista": "/banco/portal/correosaliente/",
    "token_lista": "/banco/tokens/tokenvirtual/",
    "cupo_lista": "/banco/tokens/cupotokens/",
    "cupo_cambiar": "/banco/tokens/cupotokens/{cupo}/change/",
    "tokenfisico_lista": "/banco/tokens/tokenfisico/",
    "tokenfisico_nuevo": "/banco/tokens/tokenfisico/add/",
    "servicio_lista": "/banco/topes/servicio/",
    "servicio_cambiar": "/banco/topes/servicio/{servicio}/change/",
    "topebanco_lista": "/banco/topes/topebanco/",
    "topebanco_cambiar": "/banco/topes/topebanco/{topebanco}/change/",
    "montoempresa_lista": "/banco/topes/montoempresa/",
    "topeusuario_lista": "/banco/topes/topeusuario/",
    "consumo_lista": "/banco/topes/consumo/",
    "mensaje_lista": "/banco/bandeja/mensaje/",
    "mensaje_nuevo": "/banco/bandeja/mensaje/add/",
    "operacion_lista": "/banco/transacciones/operacion/",
    "operacion_ver": "/banco/transacciones/operacion/{operacion_pendiente}/change/",
    "beneficiario_lista": "/banco/transacciones/beneficiario/",
    "cuenta_lista": "/banco/cuentas/cuenta/",
    "transferencia_lista": "/banco/cuentas/transferencia/",
    "movimiento_lista": "/banco/cuentas/movimiento/",
}
ROLES = {"publico": PORTAL_PUBLICO, "admin": PORTAL_ADMIN, "secundario": PORTAL_SECUNDARIO,
         "operador": PORTAL_OPERADOR, "supervisor": PORTAL_SUPERVISOR, "banco": BANCO}
TODAS = [(rol, nombre) for rol, pantallas in ROLES.items() for nombre in pantallas]

# Words that give away an untranslated Spanish string on an English screen.
# Names of people, products and companies are data and stay as typed.
PALABRAS_ESPANOLAS = [
    "Usuario", "Clave", "Contraseña", "Perfil", "Estado", "Activo", "Inactivo", "Consultar", "Consulta",
    "Modificar", "Guardar", "Cancelar", "Continuar", "Asignar", "Topes", "Montos", "Diario", "Mensual",
    "Transacción", "Servicio", "Empresa", "Fecha", "Hora", "Imprimir", "Exportar", "Buscar", "Nombre",
    "Ingrese", "Seleccione", "Mostrando", "registros", "Lunes", "Martes", "Miércoles", "Jueves",
    "Viernes", "Sábado", "Domingo", "Festivo", "Inicio", "Salida Segura", "Bienvenido", "Auditoría",
    "Detalles", "Acumulados", "Consultas de Topes", "Configurar", "Eliminar", "Sí", "Desde", "Hasta",
]


@dataclass
class Resultado:
    url: str = ""
    estado: int = 0
    graves: list[str] = field(default_factory=list)
    ancho_390: int = 0
    tablas_anchas: list[str] = field(default_factory=list)
    espanol: list[str] = field(default_factory=list)
    error: str = ""


def rutas(datos: dict[str, int]) -> dict[tuple[str, str], str]:
    return {(rol, nombre): ROLES[rol][nombre].format(**datos) for rol, nombre in TODAS}


def correr_axe(page) -> list[str]:
    """Run axe-core on the page; return one line per critical or serious violation."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    resultado = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    lineas = []
    for v in resultado["violations"]:
        if v["impact"] in GRAVES:
            nodos = "; ".join(" ".join(n["target"]) if isinstance(n["target"], list) else str(n["target"])
                              for n in v["nodes"][:4])
            lineas.append(f"{v['impact']} {v['id']} ×{len(v['nodes'])}: {nodos}")
    return lineas


def ancho_documento(page) -> int:
    return page.evaluate(
        "Math.max(document.documentElement.scrollWidth, document.body ? document.body.scrollWidth : 0)"
    )


def tablas_anchas(page) -> list[str]:
    """The tables wider than their box at the current width (their last columns behind a sideways scroll)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('main table, #content table')]
              .filter(t => t.scrollWidth > t.parentElement.clientWidth + 1)
              .map(t => `${t.id || t.className}: ${t.scrollWidth} > ${t.parentElement.clientWidth}`)"""
    )


def espanol_visible(page) -> list[str]:
    texto = page.evaluate(
        """() => {
          const t = [document.body.innerText];
          document.querySelectorAll('[aria-label],[title],[alt],[placeholder]').forEach(e => {
            ['aria-label', 'title', 'alt', 'placeholder'].forEach(a => { if (e.getAttribute(a)) t.push(e.getAttribute(a)); });
          });
          document.querySelectorAll('input[type=submit],input[type=button]').forEach(e => t.push(e.value));
          return t.join('\\n');
        }"""
    )
    return [p for p in PALABRAS_ESPANOLAS if re.search(rf"(?<![\w-]){re.escape(p)}(?![\w-])", texto)]


def recorrer(page, base_url: str, pantallas: dict[str, str], *, ingles: bool = True) -> dict[str, Resultado]:
    """Open each screen: axe at the current (desktop) width, the width at 390 px, the English words."""
    resultados: dict[str, Resultado] = {}
    escritorio = page.viewport_size
    for nombre, ruta in pantallas.items():
        r = Resultado(url=ruta)
        resultados[nombre] = r
        try:
            page.set_viewport_size(escritorio)
            respuesta = page.goto(base_url + ruta)
            r.estado = respuesta.status if respuesta else 0
            r.graves = correr_axe(page)
            r.tablas_anchas = tablas_anchas(page)
            page.set_viewport_size({"width": 390, "height": 844})
            r.ancho_390 = ancho_documento(page)
        except Exception as exc:  # recorded, reported by the test of this screen
            r.error = f"{type(exc).__name__}: {exc}"
    if ingles:
        page.set_viewport_size(escritorio)
        page.context.add_cookies([{"name": "django_language", "value": "en", "url": base_url}])
        for nombre, ruta in pantallas.items():
            try:
                page.goto(base_url + ruta)
                resultados[nombre].espanol = espanol_visible(page)
            except Exception as exc:
                resultados[nombre].error += f" (en) {type(exc).__name__}: {exc}"
        page.context.add_cookies([{"name": "django_language", "value": "es", "url": base_url}])
    page.set_viewport_size(escritorio)
    return resultados


def revisar_pantalla(page, nombre: str) -> None:
    """axe-core clean at 1366 px, screenshots at 1366 and 390 px, and no sideways scroll at 390 px."""
    from tests.navegador import captura

    page.set_viewport_size({"width": 1366, "height": 900})
    assert correr_axe(page) == [], nombre
    captura(page, nombre, telefono=True)
    page.set_viewport_size({"width": 390, "height": 844})
    assert ancho_documento(page) <= 390, nombre
    page.set_viewport_size({"width": 1366, "height": 900})
