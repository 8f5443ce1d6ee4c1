/* Tables that read on every screen.
 *
 * Every data cell gets the header of its column as data-label, so that on a phone (CSS in
 * rekenboek.css) a row reads as a card: "Oordeel: afwijking" instead of a column cut off at the
 * screen edge. Columns whose cells are all numbers get the class rekenboek-getal (no wrapping,
 * right-aligned). Interactive tables (itables/DataTables) redraw their rows on sorting, filtering and
 * paging; a MutationObserver labels the new rows too.
 */
(function () {
  "use strict";
  const GETAL = /^[−\-+]?\s*(€\s*)?[−\-+]?[\d.]+(,\d+)?\s*(%|fte|mln)?$|^[−\-]$/;

  function koppen(tabel) {
    const rijen = tabel.tHead ? [...tabel.tHead.rows] : [];
    for (let i = rijen.length - 1; i >= 0; i--) {
      // a header cell holds its name, or (itables' column filters) an input with the name as placeholder
      const teksten = [...rijen[i].cells].map(c => c.textContent.trim() ||
        ((c.querySelector("input[placeholder]") || {}).placeholder || "").trim());
      if (teksten.some(t => t)) {
        // expand colspans so that index i is column i
        const uit = [];
        [...rijen[i].cells].forEach((c, j) => { for (let k = 0; k < (c.colSpan || 1); k++) uit.push(teksten[j]); });
        return uit;
      }
    }
    return [];
  }

  function label(tabel) {
    const k = koppen(tabel);
    if (!k.length) return;
    tabel.classList.add("rekenboek-kaarten");
    if (k.length >= 9) tabel.classList.add("rekenboek-veel-kolommen");
    const getal = k.map(() => true), gezien = k.map(() => false), woord = k.map(() => 0);
    for (const body of tabel.tBodies) {
      for (const tr of body.rows) {
        let kolom = 0;
        for (const td of tr.cells) {
          if (k[kolom] && td.getAttribute("data-label") !== k[kolom]) td.setAttribute("data-label", k[kolom]);
          const t = td.textContent.trim();
          if (t) {
            gezien[kolom] = true;
            if (!GETAL.test(t)) getal[kolom] = false;
            for (const w of t.split(/\s+/)) woord[kolom] = Math.max(woord[kolom] || 0, w.length);
          }
          kolom += td.colSpan || 1;
        }
      }
    }
    for (const body of tabel.tBodies) {
      for (const tr of body.rows) {
        let kolom = 0;
        for (const td of tr.cells) {
          td.classList.toggle("rekenboek-getal", getal[kolom] && gezien[kolom]);
          // words stay whole where they are short; long tokens (ids, paths, checksums) may break anywhere
          td.classList.toggle("rekenboek-heel", (woord[kolom] || 0) <= 16);
          kolom += td.colSpan || 1;
        }
      }
    }
  }

  function alles() {
    document.querySelectorAll("main table").forEach(label);
  }

  let gepland = false;
  function later() {
    if (gepland) return;
    gepland = true;
    requestAnimationFrame(() => { gepland = false; toegankelijk(); alles(); });
  }

  /* Accessibility repairs of the theme's markup (axe-core, tests/test_browser.py):
   * - the search button's visible text ("Zoeken Ctrl+K") must be part of its name: drop the shorter aria-label;
   * - a sidebar section's expand toggle (<summary> with only an icon) gets a name. */
  function toegankelijk() {
    // a control whose visible text is not part of its aria-label is named by its visible text
    document.querySelectorAll("button[aria-label], a[aria-label], .dt-paging-button[aria-label]").forEach(b => {
      const zichtbaar = b.innerText ? b.innerText.replace(/\s+/g, " ").trim() : "";
      if (/[\p{L}\p{N}]/u.test(zichtbaar) && !b.getAttribute("aria-label").toLowerCase().includes(zichtbaar.toLowerCase()))
        b.removeAttribute("aria-label");
    });
    // icon-only buttons: the icons are decoration, the button carries a Dutch name
    document.querySelectorAll(".theme-switch-button").forEach(b => {
      b.setAttribute("aria-label", "Kleurmodus (licht, donker of systeem)");
      b.querySelectorAll("i").forEach(i => { i.setAttribute("aria-hidden", "true"); i.removeAttribute("title"); });
    });
    document.querySelectorAll("nav details > summary").forEach(s => {
      if (s.textContent.trim() || s.hasAttribute("aria-label")) return;
      const li = s.closest("li"), a = li && li.querySelector(":scope > a");
      s.setAttribute("aria-label", "Pagina's van " + (a ? a.textContent.trim() : "dit onderdeel") + " tonen of verbergen");
    });
  }

  function start() {
    toegankelijk();
    alles();
    const main = document.querySelector("main") || document.body;
    new MutationObserver(lijst => {
      if (lijst.some(m => m.type === "childList" && [...m.addedNodes].some(n => n.nodeType === 1))) later();
    }).observe(main, {childList: true, subtree: true});
  }

  /* Content loaded on request: a button.rekenboek-laad names a script under _static (data-bron) that puts
   * HTML in window.rekenboekInhoud[data-sleutel]; the HTML replaces the element data-plek, and its scripts
   * run (innerHTML alone would not run them). Used for the complete register (about 2,5 MB). */
  function plaats(plek, inhoud) {
    plek.innerHTML = inhoud;
    plek.querySelectorAll("script").forEach(oud => {
      const nieuw = document.createElement("script");
      for (const a of oud.attributes) nieuw.setAttribute(a.name, a.value);
      nieuw.textContent = oud.textContent;
      oud.replaceWith(nieuw);
    });
  }

  document.addEventListener("click", e => {
    const knop = e.target.closest && e.target.closest("button.rekenboek-laad");
    if (!knop || knop.disabled) return;
    knop.disabled = true;
    knop.textContent = "Bezig met laden…";
    const s = document.createElement("script");
    s.src = (document.documentElement.dataset.content_root || "") + "_static/" + knop.dataset.bron;
    s.onload = () => plaats(document.getElementById(knop.dataset.plek), (window.rekenboekInhoud || {})[knop.dataset.sleutel] || "");
    s.onerror = () => { knop.textContent = "Het register kon niet worden geladen; gebruik de download."; };
    document.head.appendChild(s);
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
