/* Public form: hide the identity fields for an anonymous filing. */
(function () {
  var fields = document.getElementById("identified-fields");
  function sync() {
    var anonymous = document.querySelector("input[name=identification][value=anonymous]");
    fields.hidden = !!(anonymous && anonymous.checked);
  }
  document.querySelectorAll("input[name=identification]").forEach(function (el) { el.addEventListener("change", sync); });
  sync();
})();

/* The term of the chosen type, from the list rendered by the server (sla.preview). */
(function () {
  var select = document.getElementById("id_pqr_type");
  var line = document.getElementById("term-selected");
  if (!select || !line) return;
  function show() {
    var item = document.querySelector('[data-term-type="' + select.value + '"]');
    line.textContent = item ? item.dataset.termText : line.dataset.chooseText;
  }
  select.addEventListener("change", show);
  show();
})();

/* The phone box matters only when the filer prefers a call. */
(function () {
  var phone = document.getElementById("id_contact_phone");
  if (!phone) return;
  var box = document.getElementById("div_id_contact_phone") || phone.parentElement;
  function sync() {
    var chosen = document.querySelector("input[name=contact_preference]:checked");
    var wantsCall = !!(chosen && chosen.value === "phone");
    box.hidden = !wantsCall && !phone.value;
    phone.required = wantsCall;
  }
  document.querySelectorAll("input[name=contact_preference]").forEach(function (el) {
    el.addEventListener("change", sync);
  });
  sync();
})();
