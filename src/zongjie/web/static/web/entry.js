// Entry form: outlet autocomplete (htmx fills the datalist) and the level filled from the chosen outlet.
(function () {
  "use strict";
  var input = document.getElementById("id_outlet_name");
  if (!input) return;
  var list = document.getElementById("outlet-options");
  var level = document.getElementById(input.dataset.levelTarget || "id_media_level");
  var said = document.getElementById("outlet-resolved");
  // Say which outlet the typed name stands for ("人民网" is recorded as 人民日报).
  function tell(name, outlet, levelLabel) {
    if (!said) return;
    if (!name) { said.textContent = ""; return; }
    if (!outlet) { said.textContent = "名录中没有“" + name + "”：请核对名称，或只填级别。"; return; }
    said.textContent = outlet === name
      ? "名录中的媒体：" + outlet + "（" + levelLabel + "）"
      : "“" + name + "”将记为“" + outlet + "”（" + levelLabel + "）。";
  }
  function exact(name) {
    var options = list.querySelectorAll("option");
    for (var i = 0; i < options.length; i++) {
      if (options[i].value === name && options[i].dataset.outlet) return options[i];
    }
    return null;
  }
  function show() {
    var name = input.value.trim();
    var hit = exact(name);
    if (hit) tell(name, hit.dataset.outlet, hit.dataset.levelLabel);
    else if (!name) tell("");
  }
  list.addEventListener("htmx:afterSwap", show);
  input.addEventListener("input", show);
  function fill() {
    var name = input.value.trim();
    if (!name || !level) return;
    var options = list.querySelectorAll("option");
    for (var i = 0; i < options.length; i++) {
      if (options[i].value === name && options[i].dataset.level) {
        tell(name, options[i].dataset.outlet, options[i].dataset.levelLabel);
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
        tell(name, hit && hit.outlet, hit && hit.level_label);
        if (hit) level.value = hit.level;
      });
  }
  input.addEventListener("change", fill);
  input.addEventListener("blur", fill);
})();
