// Helpdesk pages: select every row for a bulk action; put a canned reply into the message box.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var all = event.target.closest("[data-select-all]");
    if (all) {
      document.querySelectorAll("input[name='ids']").forEach(function (box) {
        box.checked = all.checked;
      });
    }
    var canned = event.target.closest("[data-canned-reply]");
    if (canned && canned.value) {
      var target = document.getElementById(canned.dataset.cannedReply);
      var option = canned.options[canned.selectedIndex];
      if (target && option) {
        target.value = (target.value ? target.value + "\n\n" : "") + option.dataset.body;
        target.focus();
      }
      canned.value = "";
    }
  });
})();
