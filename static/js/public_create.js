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
