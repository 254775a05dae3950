// Configuración de Usuarios: Ciudad follows Departamento; export progress polling.
// A static file because the Content-Security-Policy forbids inline scripts.
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  function ciudades() {
    var datos = document.getElementById("ciudades-por-departamento");
    var dep = document.getElementById("id_departamento");
    var ciudad = document.getElementById("id_ciudad");
    if (!datos || !dep || !ciudad) { return; }
    var mapa = JSON.parse(datos.textContent);
    var vacio = ciudad.querySelector("option[value='']");
    var textoVacio = vacio ? vacio.textContent : "";
    function llenar() {
      var elegido = ciudad.value;
      var lista = mapa[dep.value] || [];
      ciudad.innerHTML = "";
      var op = document.createElement("option");
      op.value = ""; op.textContent = textoVacio; ciudad.appendChild(op);
      lista.forEach(function (c) {
        var o = document.createElement("option");
        o.value = c; o.textContent = c;
        if (c === elegido) { o.selected = true; }
        ciudad.appendChild(o);
      });
    }
    dep.addEventListener("change", llenar);
    llenar();
  }

  function exportacion() {
    var caja = document.getElementById("exportacion");
    if (!caja) { return; }
    var url = caja.getAttribute("data-estado-url");
    var barra = document.getElementById("exportacion-barra");
    var relleno = document.getElementById("exportacion-relleno");
    var mensaje = document.getElementById("exportacion-mensaje");
    function pintar(d) {
      relleno.style.width = d.porcentaje + "%";
      relleno.textContent = d.porcentaje + "%";
      barra.setAttribute("aria-valuenow", String(d.porcentaje));
      mensaje.textContent = d.procesadas + " / " + d.total;
    }
    function consultar() {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
        .then(function (d) {
          pintar(d);
          if (d.estado === "LISTO") {
            relleno.classList.remove("progress-bar-animated");
            document.getElementById("exportacion-enlace").href = d.descarga;
            document.getElementById("exportacion-listo").hidden = false;
            mensaje.textContent = document.getElementById("texto-listo").textContent;
          } else if (d.estado === "FALLIDO") {
            document.getElementById("exportacion-fallo").hidden = false;
          } else {
            window.setTimeout(consultar, 1000);
          }
        })
        .catch(function () { window.setTimeout(consultar, 3000); });
    }
    consultar();
  }

  ready(function () { ciudades(); exportacion(); });
})();
