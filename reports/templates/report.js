/* relcheck report: sorting and filtering of the affected-fields tables
   (the fields the integration uses, and the folded "not used" one).
   Reads only the page's own DOM (values are read as text, never parsed as
   HTML); filters can be preset in the address, e.g.
   report.html#severity=breaking&kind=renamed&used=used&suite=facturen&program=VFAFAC&q=bedrag&sort=calls-desc */
(function () {
  "use strict";
  var table = document.getElementById("fields-table");
  var unused = document.getElementById("unused-table");
  var sel = {
    severity: document.getElementById("f-severity"),
    kind: document.getElementById("f-kind"),
    used: document.getElementById("f-used"),
    suite: document.getElementById("f-suite"),
    program: document.getElementById("f-program"),
    q: document.getElementById("f-text")
  };
  var shown = document.getElementById("shown");

  function rowsOf(t) {
    return t ? Array.prototype.slice.call(t.tBodies[0].rows) : [];
  }

  function rows() {
    return rowsOf(table).concat(rowsOf(unused));
  }

  function matches(tr) {
    var sev = sel.severity.value, d = tr.dataset;
    if (sev === "affected" && d.severity === "noise") return false;
    if (sev && sev !== "affected" && d.severity !== sev) return false;
    if (sel.kind.value && d.kind !== sel.kind.value) return false;
    if (sel.used.value && d.used !== sel.used.value) return false;
    if (sel.suite.value && d.suite !== sel.suite.value) return false;
    if (sel.program.value &&
        (" " + d.programs + " ").indexOf(" " + sel.program.value + " ") < 0)
      return false;
    var q = sel.q.value.toLowerCase();
    return !q || tr.textContent.toLowerCase().indexOf(q) >= 0;
  }

  function apply() {
    var n = 0, all = rows();
    all.forEach(function (tr) {
      tr.hidden = !matches(tr);
      if (!tr.hidden) n++;
    });
    if (shown) shown.textContent = n + " of " + all.length + " rows shown";
    var fold = document.getElementById("unused-fields");
    if (fold && sel.used.value === "unused") fold.open = true;
    document.body.setAttribute("data-shown", String(n));
  }

  function cellValue(tr, i, numeric) {
    var t = tr.cells[i].getAttribute("data-value") || tr.cells[i].textContent;
    return numeric ? parseFloat(t) || 0 : t;
  }

  function sortBy(th, dir) {
    var i = th.cellIndex, numeric = th.getAttribute("data-sort") === "num";
    var own = th.closest("table");
    var body = own.tBodies[0];
    var list = rowsOf(own);
    list.sort(function (a, b) {
      var x = cellValue(a, i, numeric), y = cellValue(b, i, numeric);
      var c = numeric ? x - y : String(x).localeCompare(String(y));
      return dir === "desc" ? -c : c;
    });
    list.forEach(function (tr) { body.appendChild(tr); });
    Array.prototype.forEach.call(own.tHead.rows[0].cells, function (h) {
      h.classList.remove("asc", "desc");
    });
    th.classList.add(dir);
  }

  function presets() {
    var out = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (kv) {
      var p = kv.split("=");
      try {
        if (p[0]) out[decodeURIComponent(p[0])] = decodeURIComponent(p[1] || "");
      } catch (e) { /* a malformed preset is ignored */ }
    });
    return out;
  }

  function init() {
    var form = document.getElementById("filters");
    if (form) form.addEventListener("submit", function (e) {
      e.preventDefault();
    });
    if (!table) return;
    var pre = presets();
    Object.keys(sel).forEach(function (k) {
      if (pre[k] !== undefined) sel[k].value = pre[k];
      sel[k].addEventListener(k === "q" ? "input" : "change", apply);
    });
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    if (unused)
      heads = heads.concat(Array.prototype.slice.call(unused.tHead.rows[0].cells));
    heads.forEach(function (th) {
      if (!th.hasAttribute("data-sort")) return;
      th.addEventListener("click", function () {
        sortBy(th, th.classList.contains("asc") ? "desc" : "asc");
      });
      if (pre.sort && pre.sort.split("-")[0] === th.getAttribute("data-key"))
        sortBy(th, pre.sort.split("-")[1] === "desc" ? "desc" : "asc");
    });
    apply();
  }

  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"),
      function (d) { d.open = true; });
  });
  init();
  document.body.setAttribute("data-ready", "1");
})();
