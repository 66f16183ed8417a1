"""The inline style sheet and script of the HTML report, and the Content-Security-Policy
that allows exactly them: no remote source of any kind, the one script by its hash."""
from __future__ import annotations

import base64
import hashlib

STYLE = """
:root { color-scheme: light; --border: #dadce0; --muted: #5f6368; --mark: #d500f9; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #202124;
       margin: 0 auto; max-width: 1400px; padding: 16px 24px 48px; }
h1 { font-size: 22px; margin: 8px 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; }
h3 { font-size: 15px; margin: 0; display: inline; }
.fl-meta, .fl-count, .fl-note { color: var(--muted); }
.fl-note { background: #fef7e0; border-left: 4px solid #e37400; padding: 6px 10px; margin: 6px 0; }
.fl-cards { display: flex; gap: 12px; flex-wrap: wrap; margin: 8px 0; }
.fl-card { border: 1px solid var(--border); border-radius: 8px; padding: 8px 16px; min-width: 90px; }
.fl-card b { display: block; font-size: 24px; }
.fl-card.error b { color: #a50e0e; } .fl-card.warning b { color: #8a4b00; } .fl-card.info b { color: #174ea6; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid var(--border); padding: 4px 8px; text-align: left; vertical-align: top; }
td { overflow-wrap: anywhere; }
td.fl-sev, #fl-findings td:nth-child(2) { white-space: nowrap; overflow-wrap: normal; }
th button { font: inherit; font-weight: bold; background: none; border: 0; padding: 0; cursor: pointer; }
th[aria-sort=ascending] button::after { content: " \\25B4"; }
th[aria-sort=descending] button::after { content: " \\25BE"; }
.fl-filters { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; margin: 8px 0; }
.fl-filters input { min-width: 240px; }
.fl-rules { max-width: 760px; } .fl-rules td:last-child { text-align: right; }
button.fl-rule-filter { font: inherit; color: #1a73e8; background: none; border: 0; padding: 0; cursor: pointer; }
tr.fl-selected td { background: #f3e8fd !important; }
details.fl-diagram { border: 1px solid var(--border); border-radius: 8px; padding: 8px 12px; margin: 10px 0; }
details.fl-diagram > summary { cursor: pointer; }
.fl-picture { overflow: auto; margin-top: 8px; }
svg.fl-svg { max-width: 100%; height: auto; }  /* fitted; "actual size" lets a wide flow scroll */
.fl-picture.fl-actual svg.fl-svg { max-width: none; }
button.fl-zoom { font: inherit; font-size: 12px; margin-left: 8px; }
a.fl-show { white-space: nowrap; }
svg.fl-svg g[id*="-fl-"] { cursor: pointer; }
.fl-highlight > polygon, .fl-highlight > path, .fl-highlight > ellipse, .fl-highlight > polyline {
  stroke: var(--mark) !important; stroke-width: 5px !important; }
.fl-highlight > text { font-weight: bold; fill: var(--mark); }
"""

SCRIPT = """
(function () {
  "use strict";
  var table = document.getElementById("fl-findings");
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var count = document.getElementById("fl-count");
  var filters = ["severity", "rule", "assistant"].map(function (key) {
    return { key: key, input: document.getElementById("fl-filter-" + key) };
  });
  var search = document.getElementById("fl-filter-text");

  function applyFilters() {
    var text = search.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var keep = filters.every(function (f) { return !f.input.value || row.dataset[f.key] === f.input.value; })
        && (!text || row.textContent.toLowerCase().indexOf(text) !== -1);
      row.hidden = !keep;
      if (keep) { shown += 1; }
    });
    count.textContent = shown + " of " + rows.length + " findings shown";
  }
  filters.forEach(function (f) { f.input.addEventListener("change", applyFilters); });
  search.addEventListener("input", applyFilters);

  function sortKey(row, key, column) {
    if (key === "rank") { return -Number(row.dataset.rank); }
    if (key === "text") { return row.cells[column].textContent.toLowerCase(); }
    return row.dataset[key];
  }
  Array.prototype.forEach.call(table.querySelectorAll("button.fl-sort"), function (button) {
    button.addEventListener("click", function () {
      var th = button.parentNode;
      var descending = th.getAttribute("aria-sort") === "ascending";
      Array.prototype.forEach.call(table.querySelectorAll("th"), function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      var key = button.dataset.key, column = Number(button.dataset.column);
      rows.sort(function (a, b) {
        var x = sortKey(a, key, column), y = sortKey(b, key, column);
        var order = x < y ? -1 : x > y ? 1 : Number(a.dataset.index) - Number(b.dataset.index);
        return descending ? -order : order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });

  function highlight(id) {
    Array.prototype.forEach.call(document.querySelectorAll(".fl-highlight, .fl-selected"), function (el) {
      el.classList.remove("fl-highlight", "fl-selected");
    });
    rows.forEach(function (row) { if (row.dataset.target === id) { row.classList.add("fl-selected"); } });
    var element = document.getElementById(id);
    if (!element) { return null; }
    element.classList.add("fl-highlight");
    var details = element.closest("details");
    if (details) { details.open = true; }
    return element;
  }
  Array.prototype.forEach.call(document.querySelectorAll("a.fl-show"), function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var element = highlight(link.dataset.target);
      if (element) { element.scrollIntoView({ block: "center" }); }
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("svg.fl-svg g[id*='-fl-']"), function (g) {
    g.addEventListener("click", function () {
      highlight(g.id);
      var first = rows.filter(function (row) { return row.dataset.target === g.id && !row.hidden; })[0];
      if (first) { first.scrollIntoView({ block: "center" }); }
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("button.fl-rule-filter"), function (button) {
    button.addEventListener("click", function () {
      document.getElementById("fl-filter-rule").value = button.dataset.rule;
      applyFilters();
      table.scrollIntoView({ block: "start" });
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("button.fl-zoom"), function (button) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var picture = button.closest("details").querySelector(".fl-picture");
      var actual = picture.classList.toggle("fl-actual");
      button.textContent = actual ? "fit to width" : "actual size";
    });
  });
  // A link to an element (report.html#d0-fl-node-3) opens with it highlighted.
  function fromHash() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (id.indexOf("-fl-") !== -1 && highlight(id)) { document.getElementById(id).scrollIntoView({ block: "center" }); }
  }
  window.addEventListener("hashchange", fromHash);
  applyFilters();
  fromHash();
}());
"""


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


# Nothing from anywhere: no fetch, font, frame, form target or base URL; styles inline (the
# SVG carries style attributes), images only as data: URIs, the one script by its hash.
CONTENT_SECURITY_POLICY = (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                           f"script-src '{_sha256(SCRIPT)}'; base-uri 'none'; form-action 'none'")
