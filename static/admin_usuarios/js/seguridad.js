// Seguridad screens: a page-size select submits its form when changed
// (a visible "Aplicar" button does the same without JavaScript).
(function () {
  "use strict";
  document.querySelectorAll("[data-autoenvio]").forEach(function (sel) {
    sel.addEventListener("change", function () { sel.form.submit(); });
  });
})();
