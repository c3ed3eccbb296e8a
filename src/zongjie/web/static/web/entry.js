// Entry form: outlet autocomplete (htmx fills the datalist) and the level filled from the chosen outlet.
(function () {
  "use strict";
  var input = document.getElementById("id_outlet_name");
  if (!input) return;
  var list = document.getElementById("outlet-options");
  var level = document.getElementById(input.dataset.levelTarget || "id_media_level");
  function fill() {
    var name = input.value.trim();
    if (!name || !level) return;
    var options = list.querySelectorAll("option");
    for (var i = 0; i < options.length; i++) {
      if (options[i].value === name && options[i].dataset.level) {
        level.value = options[i].dataset.level;
        level.dispatchEvent(new Event("change", { bubbles: true }));
        return;
      }
    }
    // Not in the current suggestions: ask the registry for this exact name.
    fetch("/outlets/?q=" + encodeURIComponent(name), { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var hit = (data.results || []).filter(function (row) { return row.name === name; })[0];
        if (hit) level.value = hit.level;
      });
  }
  input.addEventListener("change", fill);
  input.addEventListener("blur", fill);
})();
