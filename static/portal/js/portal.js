// OcciRed page behaviour. Loaded as a static file: the Content-Security-Policy
// forbids inline scripts.
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }
  function etiquetarCeldas(tabla) {
    var fila = tabla.tHead && tabla.tHead.rows[tabla.tHead.rows.length - 1];
    if (!fila) { return; }
    var nombres = [];
    Array.prototype.forEach.call(fila.cells, function (th) {
      for (var k = 0; k < th.colSpan; k++) { nombres.push(th.textContent.trim()); }
    });
    Array.prototype.forEach.call(tabla.tBodies, function (cuerpo) {
      var ocupadas = [];  // per column: rows still covered by a rowspan from above
      Array.prototype.forEach.call(cuerpo.rows, function (tr) {
        var col = 0;
        Array.prototype.forEach.call(tr.cells, function (celda) {
          while (ocupadas[col] > 0) { ocupadas[col] -= 1; col += 1; }
          if (celda.colSpan === 1 && nombres[col] && !celda.hasAttribute("data-label")) {
            celda.setAttribute("data-label", nombres[col]);
          }
          if (celda.rowSpan > 1) { ocupadas[col] = celda.rowSpan - 1; }
          col += celda.colSpan;
        });
        for (var c = 0; c < ocupadas.length; c++) { if (ocupadas[c] > 0 && c >= col) { ocupadas[c] -= 1; } }
      });
    });
  }
  function marcarDesplazable(caja) {
    var desborda = caja.scrollWidth > caja.clientWidth + 1;
    caja.classList.toggle("occi-desborda", desborda);
    if (desborda) {
      caja.setAttribute("tabindex", "0");
      caja.setAttribute("role", "region");
      if (!caja.hasAttribute("aria-label")) {
        caja.setAttribute("aria-label", document.body.getAttribute("data-tabla-desplazable") || "");
      }
    } else if (caja.getAttribute("role") === "region") {
      caja.removeAttribute("tabindex");
      caja.removeAttribute("role");
    }
  }
  ready(function () {
    // "He leído las Condiciones de Seguridad" enables "Continuar".
    document.querySelectorAll("[data-habilita]").forEach(function (box) {
      var target = document.getElementById(box.getAttribute("data-habilita"));
      if (!target) { return; }
      var sync = function () { target.disabled = !box.checked; };
      box.addEventListener("change", sync);
      sync();
    });
    // "Imprimir Pantalla" / "Imprimir".
    document.querySelectorAll("[data-imprimir]").forEach(function (btn) {
      btn.addEventListener("click", function (ev) { ev.preventDefault(); window.print(); });
    });
    // A page that comes back with errors starts at their summary, so that a screen reader
    // announces it and Tab goes on to the fields.
    var resumen = document.querySelector("[data-resumen-errores]") ||
      document.querySelector("main .alert-danger[role=alert]");
    if (resumen) {
      if (!resumen.hasAttribute("tabindex")) { resumen.setAttribute("tabindex", "-1"); }
      resumen.focus();
    }
    // Tables marked occi-apilable become one card per row on a phone (CSS); each
    // cell gets its column's name to show beside the value (rowspan aware).
    document.querySelectorAll("table.occi-apilable").forEach(etiquetarCeldas);
    // A table that still scrolls sideways is a keyboard stop with a name, and says so.
    var revisar = function () { document.querySelectorAll(".table-responsive").forEach(marcarDesplazable); };
    revisar();
    window.addEventListener("resize", revisar);
    // "Expandir Todos" / "Contraer Todos" for groups of Bootstrap collapses.
    document.querySelectorAll("[data-expandir]").forEach(function (btn) {
      btn.addEventListener("click", function (ev) {
        ev.preventDefault();
        var show = btn.getAttribute("data-expandir") === "1";
        document.querySelectorAll(btn.getAttribute("data-objetivo")).forEach(function (el) {
          if (window.bootstrap) {
            window.bootstrap.Collapse.getOrCreateInstance(el, { toggle: false })[show ? "show" : "hide"]();
          } else {
            el.classList.toggle("show", show);
          }
        });
      });
    });
  });
})();
