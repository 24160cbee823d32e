/* Keyboard shortcuts of the staff pages (listed in the "?" dialog):
   "/" search, "j"/"k" next/previous PQR in the queue, Enter opens it, "r" reply on the
   PQR page, "?" this list. Never while typing in a box; Esc leaves the box. */
(function () {
  var dialog = document.getElementById("shortcuts-dialog");
  var rows = Array.prototype.slice.call(document.querySelectorAll("[data-queue-row]"));
  var current = -1;

  function typing(el) {
    if (!el) return false;
    var tag = el.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
  }
  function move(step) {
    if (!rows.length) return;
    if (current >= 0) rows[current].classList.remove("table-active");
    current = Math.max(0, Math.min(rows.length - 1, current + step));
    var row = rows[current];
    row.classList.add("table-active");
    var link = row.querySelector("[data-queue-open]");
    if (link) link.focus();
  }
  function search() {
    var box = document.querySelector("[data-shortcut-search]");
    if (box) {
      box.focus();
      box.select();
    } else if (dialog && dialog.dataset.queueUrl) {
      window.location.href = dialog.dataset.queueUrl;
    }
  }
  function reply() {
    var box = document.getElementById("answer-body") || document.getElementById("id_body");
    if (!box) return;
    var details = box.closest("details");
    if (details) details.open = true;
    box.scrollIntoView({ block: "center" });
    box.focus();
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Escape" && typing(event.target) && event.target.matches("[data-shortcut-search]")) {
      event.target.blur();
      return;
    }
    if (typing(event.target) || (dialog && dialog.open)) return;
    var handled = true;
    if (event.key === "/") search();
    else if (event.key === "j") move(1);
    else if (event.key === "k") move(-1);
    else if (event.key === "r") reply();
    else if (event.key === "?" && dialog) dialog.showModal();
    else handled = false;
    if (handled) event.preventDefault();
  });

  // Clicking a row's link or focusing it with Tab keeps j/k in step.
  rows.forEach(function (row, index) {
    row.addEventListener("focusin", function () {
      if (current >= 0 && current !== index) rows[current].classList.remove("table-active");
      current = index;
      row.classList.add("table-active");
    });
  });

  if (dialog) {
    document.querySelectorAll("[data-shortcuts-open]").forEach(function (button) {
      button.addEventListener("click", function () { dialog.showModal(); });
    });
    dialog.querySelectorAll("[data-shortcuts-close]").forEach(function (button) {
      button.addEventListener("click", function () { dialog.close(); });
    });
  }

  // The queue opens with the cursor in the search box (unless the page was scrolled to
  // an anchor or the agent is already somewhere else).
  var autofocus = document.querySelector("[data-shortcut-search][data-autofocus]");
  if (autofocus && !window.location.hash && document.activeElement === document.body) {
    autofocus.focus();
  }
})();
