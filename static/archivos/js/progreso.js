/* Pagos por Archivo: poll the file's progress (JSON) while it is validated or paid, move the
   bar and the counts, and reload the page once it is done (errors, result, accept form).
   Without JavaScript the page offers an "Actualizar" link instead. */
(function () {
  "use strict";
  var caja = document.getElementById("progreso-archivo");
  if (!caja || caja.getAttribute("data-en-proceso") !== "1") { return; }
  var barra = document.getElementById("barra-progreso");
  var texto = document.getElementById("progreso-texto");
  var url = caja.getAttribute("data-url");
  var plantilla = texto.textContent;

  function pintar(p) {
    barra.max = p.total || 1;
    barra.value = p.hechas;
    barra.textContent = p.porcentaje + "%";
    var t = p.hechas + " / " + p.total + " (" + p.porcentaje + "%)";
    if (p.estimado_segundos) { t += " · ~" + p.estimado_segundos + " s"; }
    texto.textContent = t;
  }

  function consultar() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (p) {
        pintar(p);
        if (p.en_proceso) { window.setTimeout(consultar, 1500); } else { window.location.reload(); }
      })
      .catch(function () { texto.textContent = plantilla; window.setTimeout(consultar, 5000); });
  }
  window.setTimeout(consultar, 1000);
}());
