// OcciRed page behaviour. Loaded as a static file: the Content-Security-Policy
// forbids inline scripts.
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
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
