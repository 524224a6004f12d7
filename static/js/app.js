/* The product's small amount of JavaScript: toasts, confirmation modals, htmx glue. No inline code (CSP). */
(function () {
  "use strict";

  function bs() {
    return (window.tabler && window.tabler.bootstrap) || window.bootstrap;
  }

  function initToasts(root) {
    var lib = bs();
    (root || document).querySelectorAll(".toast[data-autohide]").forEach(function (element) {
      if (!lib) { return; }
      var toast = lib.Toast.getOrCreateInstance(element, { delay: 6000, autohide: true });
      toast.show();
    });
  }

  // Any submit button or form with data-confirm asks first, in one shared modal.
  var pending = null;
  document.addEventListener("click", function (event) {
    var trigger = event.target.closest("[data-confirm]");
    if (!trigger || trigger.dataset.confirmed === "1") { return; }
    var modalElement = document.getElementById("confirm-modal");
    var lib = bs();
    if (!modalElement || !lib) { return; }
    event.preventDefault();
    pending = trigger;
    modalElement.querySelector("[data-confirm-text]").textContent = trigger.dataset.confirm;
    var accept = modalElement.querySelector("[data-confirm-accept]");
    var dismiss = modalElement.querySelector("[data-confirm-dismiss]");
    accept.textContent = trigger.dataset.confirmAcceptLabel || accept.dataset.defaultLabel;
    dismiss.textContent = trigger.dataset.confirmDismissLabel || dismiss.dataset.defaultLabel;
    lib.Modal.getOrCreateInstance(modalElement).show();
  });

  document.addEventListener("click", function (event) {
    if (!event.target.closest("[data-confirm-accept]") || !pending) { return; }
    var trigger = pending;
    pending = null;
    var lib = bs();
    lib.Modal.getOrCreateInstance(document.getElementById("confirm-modal")).hide();
    trigger.dataset.confirmed = "1";
    if (trigger.form) {
      trigger.form.requestSubmit(trigger.tagName === "BUTTON" ? trigger : undefined);
    } else {
      trigger.click();
    }
    trigger.dataset.confirmed = "";
  });

  // Close the search dropdown on Escape or a click elsewhere.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      var dropdown = document.getElementById("search-dropdown");
      if (dropdown) { dropdown.innerHTML = ""; }
    }
  });
  document.addEventListener("click", function (event) {
    var dropdown = document.getElementById("search-dropdown");
    if (dropdown && !event.target.closest(".topbar-search")) { dropdown.innerHTML = ""; }
  });

  document.addEventListener("DOMContentLoaded", function () { initToasts(document); });
  document.addEventListener("htmx:afterSwap", function (event) { initToasts(event.target); });
})();

/* Organisation chart: a branch loads once (htmx), then its button folds and unfolds it. */
document.addEventListener("click", function (event) {
  var toggle = event.target.closest("[data-org-toggle]");
  if (!toggle) { return; }
  var node = toggle.closest(".org-node");
  var children = node && node.querySelector(":scope > .org-children");
  var open = toggle.getAttribute("aria-expanded") === "true";
  toggle.setAttribute("aria-expanded", open ? "false" : "true");
  if (children && children.children.length) { children.classList.toggle("d-none", open); }
});

/* Roster: after a shift is saved or deleted the grid is swapped in and the dialog closes. */
document.addEventListener("rosterSaved", function () {
  var element = document.getElementById("shift-modal");
  var lib = (window.tabler && window.tabler.bootstrap) || window.bootstrap;
  if (element && lib) { lib.Modal.getOrCreateInstance(element).hide(); }
});

/* Shift dialog: choosing a template clears the typed times, so the template's own times apply
   (the live check that follows sees the cleared fields: this listener runs first, in capture). */
document.addEventListener("change", function (event) {
  var select = event.target;
  if (!select.matches || !select.matches("#shift-modal select[name=template]")) { return; }
  var form = select.form;
  ["start_time", "end_time", "break_minutes"].forEach(function (name) {
    if (form.elements[name]) { form.elements[name].value = ""; }
  });
  if (form.elements.crosses_midnight) { form.elements.crosses_midnight.checked = false; }
}, true);

/* A file chosen in a field marked data-autosubmit is sent at once (the photo upload): the field
   itself is hidden behind a button-like label, so there is no raw file input to read or click. */
document.addEventListener("change", function (event) {
  var input = event.target;
  if (!input.matches || !input.matches("input[type=file][data-autosubmit]")) { return; }
  if (input.files && input.files.length && input.form) {
    if (input.form.requestSubmit) { input.form.requestSubmit(); } else { input.form.submit(); }
  }
});
