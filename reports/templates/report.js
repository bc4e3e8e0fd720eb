(function () {
  "use strict";
  document.documentElement.setAttribute("data-js", "on");
  var forms = document.querySelectorAll("form.filters");
  Array.prototype.forEach.call(forms, function (form) {
    var scope = document.getElementById(form.getAttribute("data-scope") || "");
    if (!scope) { return; }
    var items = scope.querySelectorAll("[data-filter-item]");
    var status = form.querySelector(".filter-status");
    var template = status ? (status.getAttribute("data-template") || "") : "";
    function value(name) {
      var el = form.elements.namedItem(name);
      return el && typeof el.value === "string" ? el.value : "";
    }
    function apply() {
      var boxes = form.querySelectorAll("input[name=severity]");
      var wanted = {};
      Array.prototype.forEach.call(boxes, function (box) { wanted[box.value] = box.checked; });
      var category = value("category");
      var rule = value("rule");
      var query = value("q").replace(/\s+/g, " ").trim().toLowerCase();
      var shown = 0;
      Array.prototype.forEach.call(items, function (item) {
        var ok = (!boxes.length || wanted[item.getAttribute("data-severity")] === true) &&
          (!category || item.getAttribute("data-category") === category) &&
          (!rule || item.getAttribute("data-rule") === rule) &&
          (!query || item.textContent.replace(/\s+/g, " ").toLowerCase().indexOf(query) !== -1);
        item.hidden = !ok;
        if (ok) { shown += 1; }
      });
      scope.setAttribute("data-visible", String(shown));
      scope.setAttribute("data-total", String(items.length));
      if (status) {
        status.textContent = template.replace("{shown}", String(shown)).replace("{total}", String(items.length));
      }
    }
    form.hidden = false;
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    apply();
  });
  function reveal() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id ? document.getElementById(id) : null;
    if (target && target.hasAttribute("data-filter-item") && target.hidden) {
      target.hidden = false;
    }
  }
  window.addEventListener("hashchange", reveal);
  reveal();
}());
