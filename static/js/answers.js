// The answer area: show only the notification fields of the chosen channel, and warn
// before a template replaces text the agent already wrote.
(function () {
  function sync(box) {
    var select = box.querySelector("[data-channel]");
    if (!select) return;
    box.querySelectorAll("[data-for]").forEach(function (part) {
      var shown = part.dataset.for.split(" ").indexOf(select.value) !== -1;
      part.hidden = !shown;
    });
  }
  function init(root) {
    root.querySelectorAll("[data-delivery]").forEach(function (box) {
      sync(box);
      var select = box.querySelector("[data-channel]");
      if (select) select.addEventListener("change", function () { sync(box); });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:confirm", function (event) {
    var target = event.detail.elt;
    if (!target.matches || !target.matches("[data-template-picker]")) return;
    var body = document.getElementById("answer-body");
    if (body && body.value.trim() && target.value) {
      event.preventDefault();
      if (window.confirm(target.dataset.confirm)) event.detail.issueRequest(true);
    }
  });
})();
