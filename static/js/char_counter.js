/* Live character counter for boxes with data-max-chars: how many characters are left
   (or over), instead of the browser silently cutting a pasted text. The texts come
   translated from the page (data-counter-left / data-counter-over); the server still
   refuses a text over the limit. */
(function () {
  var lang = (document.documentElement.lang || "es").indexOf("en") === 0 ? "en" : "es-CO";
  var fmt = new Intl.NumberFormat(lang);
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, name) {
      return name in values ? fmt.format(values[name]) : all;
    });
  }
  document.querySelectorAll("[data-max-chars]").forEach(function (box) {
    var max = parseInt(box.dataset.maxChars, 10);
    var counter = document.createElement("div");
    counter.className = "form-text";
    counter.id = box.id + "-counter";
    counter.setAttribute("aria-live", "polite");
    counter.setAttribute("data-char-counter", "");
    box.insertAdjacentElement("afterend", counter);
    var described = (box.getAttribute("aria-describedby") || "").trim();
    box.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    function update() {
      var used = box.value.length;
      var over = used > max;
      var text = over ? box.dataset.counterOver : box.dataset.counterLeft;
      counter.textContent = fill(text, { used: used, max: max, left: max - used, over: used - max });
      counter.classList.toggle("text-danger", over);
      counter.classList.toggle("fw-semibold", over);
    }
    box.addEventListener("input", update);
    update();
  });
})();
