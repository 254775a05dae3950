// Asignar Topes / Montos por Servicio: "Asignar" copies the replicate values into
// every row without a round trip. Without JavaScript the same button posts the
// form and the server does the copy (topes.forms._Grilla.replicar).
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }
  ready(function () {
    document.querySelectorAll("[data-replicar]").forEach(function (btn) {
      btn.addEventListener("click", function (ev) {
        var form = btn.closest("form");
        var copiados = 0;
        form.querySelectorAll("[data-replica]").forEach(function (fuente) {
          var valor = fuente.value.trim();
          if (!valor) { return; }
          form.querySelectorAll('[data-campo="' + fuente.getAttribute("data-replica") + '"]').forEach(function (celda) {
            celda.value = valor;
            celda.classList.remove("is-invalid");
            copiados += 1;
          });
        });
        // Nothing typed: let the server say so next to the field.
        if (copiados) { ev.preventDefault(); }
      });
    });
    // Enter anywhere else in the form saves (the form's hidden default button);
    // in the replicate fields it means "Asignar", the action those fields serve.
    document.querySelectorAll("[data-replica]").forEach(function (campo) {
      campo.addEventListener("keydown", function (ev) {
        if (ev.key !== "Enter") { return; }
        var btn = campo.closest("form").querySelector("[data-replicar]");
        if (btn) { ev.preventDefault(); btn.click(); }
      });
    });
  });
})();
