// Warn two minutes before the session expires (issue 20, point 9). The page says how long the
// session lives (data-seconden on #sessiewaarschuwing); every request to the server renews it,
// so an htmx request restarts the clock too. "Ingelogd blijven" posts to a small endpoint that
// answers with the new lifetime. No inline script (CSP); without JavaScript nothing happens.
(function () {
  "use strict";

  let waarschuwTimer = null;
  let verloopTimer = null;

  function start(vak) {
    const seconden = parseInt(vak.dataset.seconden, 10);
    const waarschuwen = parseInt(vak.dataset.waarschuwen, 10);
    if (!(seconden > 0)) {
      return;
    }
    clearTimeout(waarschuwTimer);
    clearTimeout(verloopTimer);
    verberg(vak);
    waarschuwTimer = setTimeout(function () { toon(vak); }, Math.max(0, seconden - waarschuwen) * 1000);
    verloopTimer = setTimeout(function () { verlopen(vak); }, seconden * 1000);
  }

  function verberg(vak) {
    if (!vak.hidden && vak.contains(document.activeElement)) {
      document.activeElement.blur();
    }
    vak.hidden = true;
  }

  function toon(vak) {
    vak.hidden = false;
    // Focus to the button: keyboard and screen reader users can act at once (alertdialog).
    vak.querySelector("button").focus();
  }

  function verlopen(vak) {
    const tekst = vak.querySelector("#sessiewaarschuwing-tekst");
    vak.querySelector("#sessiewaarschuwing-kop").textContent = "U bent uitgelogd";
    tekst.textContent = tekst.dataset.verlopen;
    vak.querySelector("form").hidden = true;
    const opnieuw = vak.querySelector(".sessiewaarschuwing__opnieuw");
    opnieuw.hidden = false;
    vak.hidden = false;
    opnieuw.querySelector("a").focus();
  }

  function verleng(vak, formulier) {
    fetch(formulier.action, {
      method: "POST",
      body: new FormData(formulier),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      redirect: "manual",
    }).then(function (antwoord) {
      const json = (antwoord.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (!antwoord.ok || !json) {
        throw new Error("sessie niet verlengd");
      }
      return antwoord.json();
    }).then(function (gegevens) {
      vak.dataset.seconden = String(gegevens.seconden);
      start(vak);
    }).catch(function () {
      verlopen(vak);  // already expired, or the server is gone: say so instead of pretending
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    const vak = document.getElementById("sessiewaarschuwing");
    if (!vak) {
      return;
    }
    vak.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      verleng(vak, event.target);
    });
    document.addEventListener("htmx:afterRequest", function () { start(vak); });
    start(vak);
  });
})();
