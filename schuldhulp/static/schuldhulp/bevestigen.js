// Confirm what cannot be undone in a native <dialog> (schuldhulp/bevestigen.py).
// A submit button marked data-bevestigen posts its form without "bevestigd": the server then
// answers with its confirmation page (header X-Bevestiging) instead of acting. This script
// shows that page's form in a dialog; Bevestigen posts it as a normal form. Without this
// script the same page simply opens as a page.
(function () {
  "use strict";

  function gewoonVersturen(form, knop) {
    // Any other answer (a form error, no connection): the ordinary submit, as without script.
    if (knop && knop.name) {
      const veld = document.createElement("input");
      veld.type = "hidden";
      veld.name = knop.name;
      veld.value = knop.value;
      form.appendChild(veld);
    }
    form.submit();
  }

  function toon(inhoud, knop) {
    const dialoog = document.createElement("dialog");
    dialoog.className = "dialoog";
    dialoog.setAttribute("aria-labelledby", "bevestiging-titel");
    const kop = inhoud.querySelector("h1");
    if (kop) {  // in a dialog on top of the page: a second-level heading
      const h2 = document.createElement("h2");
      h2.id = kop.id;
      h2.textContent = kop.textContent;
      kop.replaceWith(h2);
    }
    dialoog.appendChild(document.importNode(inhoud, true));
    document.body.appendChild(dialoog);
    const annuleren = dialoog.querySelector("[data-annuleren]");
    if (annuleren) {
      annuleren.addEventListener("click", function (event) {
        event.preventDefault();
        dialoog.close();
      });
    }
    dialoog.addEventListener("close", function () {
      dialoog.remove();
      if (knop) knop.focus();
    });
    dialoog.showModal();
    if (annuleren) annuleren.focus();  // Enter must not destroy by accident
  }

  document.addEventListener("submit", async function (event) {
    const form = event.target;
    const knop = event.submitter;
    if (!(form instanceof HTMLFormElement) || !knop || !knop.hasAttribute("data-bevestigen")) {
      return;
    }
    event.preventDefault();
    let antwoord;
    try {
      antwoord = await fetch(form.action, {
        method: "POST",
        body: new FormData(form, knop),
        credentials: "same-origin",
      });
    } catch (fout) {
      gewoonVersturen(form, knop);
      return;
    }
    if (antwoord.redirected) {  // the server acted after all: show where it went
      window.location.assign(antwoord.url);
      return;
    }
    const inhoud = antwoord.headers.get("X-Bevestiging") === "nodig"
      ? new DOMParser().parseFromString(await antwoord.text(), "text/html")
          .querySelector("[data-bevestiging]")
      : null;
    if (inhoud) {
      toon(inhoud, knop);
    } else {
      gewoonVersturen(form, knop);
    }
  });
})();
