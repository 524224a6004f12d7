/* Roster grid: drag a shift to another cell to move it (Ctrl, Alt or the "Copy when dragging"
   switch copies it), and select several shifts (the "Select shifts" switch, or Shift+click) to
   copy or delete them together. Every change is a POST the server checks; the answer is the
   redrawn grid. Without this file the shift dialog still does everything. */
(function () {
  "use strict";

  var selected = new Set();
  var sortables = [];
  var wired = null;

  function roster() { return document.getElementById("roster"); }

  function copyMode() {
    var toggle = document.getElementById("roster-copy-mode");
    return Boolean(toggle && toggle.checked);
  }

  function selectMode() {
    var toggle = document.getElementById("roster-select-mode");
    return Boolean(toggle && toggle.checked);
  }

  function drop(event) {
    var block = event.item;
    var from = event.from;
    var to = event.to;
    var grid = roster();
    if (!grid || from === to) { return; }
    var original = event.originalEvent || {};
    var copy = copyMode() || original.ctrlKey || original.altKey;
    var url = grid.dataset.moveUrl.replace(/\/0\/move\/$/, "/" + block.dataset.shift + "/move/");
    window.htmx.ajax("POST", url + grid.dataset.query, {
      source: grid,
      target: "#roster",
      swap: "outerHTML",
      values: {
        employee: to.dataset.employee,
        day: to.dataset.day,
        copy: copy ? "1" : ""
      }
    });
  }

  function wire() {
    sortables.forEach(function (sortable) { sortable.destroy(); });
    sortables = [];
    var grid = roster();
    wired = grid;
    if (!grid || !grid.dataset.moveUrl || !window.Sortable) { return; }
    grid.querySelectorAll("td.roster-cell[data-day]").forEach(function (cell) {
      sortables.push(window.Sortable.create(cell, {
        group: "roster",
        draggable: ".shift-block",
        filter: ".roster-add",
        preventOnFilter: false,
        sort: false,
        delay: 150,
        delayOnTouchOnly: true,
        forceFallback: true,
        fallbackTolerance: 4,
        ghostClass: "shift-ghost",
        onEnd: drop
      }));
    });
    selected.clear();
    showSelection();
  }

  function showSelection() {
    var bar = document.getElementById("roster-bulk");
    if (!bar) { return; }
    bar.hidden = selected.size === 0;
    bar.querySelector("[data-roster-count]").textContent = String(selected.size);
    bar.querySelectorAll("form[data-roster-bulk]").forEach(function (form) {
      form.querySelectorAll("input[name=shift]").forEach(function (input) { input.remove(); });
      selected.forEach(function (id) {
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = "shift";
        input.value = id;
        form.appendChild(input);
      });
    });
    document.querySelectorAll("#roster .shift-block[data-shift]").forEach(function (block) {
      var on = selected.has(block.dataset.shift);
      block.classList.toggle("shift-selected", on);
      block.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }

  // In select mode, or with Shift held, a click selects the shift instead of opening the dialog:
  // this listener runs first (capture on window: Bootstrap's own delegated handlers capture on
  // document) and keeps the click from htmx and the modal.
  window.addEventListener("click", function (event) {
    var block = event.target.closest && event.target.closest("#roster .shift-block[data-shift]");
    if (!block || !(selectMode() || event.shiftKey)) { return; }
    event.preventDefault();
    event.stopPropagation();
    var id = block.dataset.shift;
    if (selected.has(id)) { selected.delete(id); } else { selected.add(id); }
    showSelection();
  }, true);

  document.addEventListener("click", function (event) {
    if (!event.target.closest("[data-roster-clear]")) { return; }
    selected.clear();
    showSelection();
  });

  document.addEventListener("change", function (event) {
    if (event.target.id === "roster-select-mode" && !event.target.checked) {
      selected.clear();
      showSelection();
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-roster-js]").forEach(function (element) {
      element.hidden = false;
    });
    wire();
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (roster() !== wired) { wire(); }
  });
})();
