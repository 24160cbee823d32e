/* New PQR page: pick, register or clear the customer. */
function pqrSelectCustomer(button) {
  document.getElementById("id_customer_id").value = button.dataset.customerId;
  document.getElementById("selected-customer-label").textContent = button.dataset.customerLabel;
  document.getElementById("selected-customer").classList.remove("d-none");
  document.getElementById("customer-results").innerHTML = "";
  document.getElementById("id_anonymous").checked = false;
  pqrShowNewCustomer(false);
  pqrCustomerSummary(button.dataset.customerId);
}
function pqrShowNewCustomer(show) {
  document.getElementById("id_new_customer").checked = show;
  document.getElementById("new-customer").classList.toggle("d-none", !show);
  document.getElementById("customer-search").classList.toggle("d-none", show);
  if (show) {
    document.getElementById("id_anonymous").checked = false;
    document.getElementById("id_customer_id").value = "";
    document.getElementById("selected-customer").classList.add("d-none");
    pqrCustomerSummary("");
  }
}
function pqrNewCustomerFromQuery() {
  const query = document.getElementById("customer-query").value.trim();
  const target = /^[0-9. -]+$/.test(query) ? "id_nc-document_number" : "id_nc-full_name";
  if (!document.getElementById(target).value) document.getElementById(target).value = query;
  pqrShowNewCustomer(true);
  document.getElementById("id_nc-full_name").focus();
}
document.getElementById("id_new_customer").addEventListener("change", (e) => pqrShowNewCustomer(e.target.checked));
document.getElementById("id_anonymous").addEventListener("change", (e) => { if (e.target.checked) pqrShowNewCustomer(false); });
function pqrClearCustomer() {
  document.getElementById("id_customer_id").value = "";
  pqrCustomerSummary("");
  document.getElementById("selected-customer").classList.add("d-none");
  document.getElementById("customer-query").focus();
}
// Buttons of the page and of the htmx-loaded results: no inline handlers (CSP).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-pqr-action]");
  if (!button) return;
  const action = button.dataset.pqrAction;
  if (action === "select-customer") pqrSelectCustomer(button);
  else if (action === "new-customer-from-query") pqrNewCustomerFromQuery();
  else if (action === "clear-customer") pqrClearCustomer();
});

/* Picking a customer shows at once their difficult-type guidance and open PQRs
   (POST: no document in a URL). */
function pqrCustomerSummary(customerId) {
  const target = document.getElementById("customer-summary");
  if (!target) return;
  target.innerHTML = "";
  if (!customerId) return;
  const body = new FormData();
  body.append("customer_id", customerId);
  body.append("cq", document.getElementById("customer-query").value);
  fetch(target.dataset.url, {
    method: "POST",
    body: body,
    headers: { "X-CSRFToken": document.querySelector("input[name=csrfmiddlewaretoken]").value },
    credentials: "same-origin",
  })
    .then((response) => (response.ok ? response.text() : ""))
    .then((html) => { target.innerHTML = html; });
}

/* The term the PQR will get, before filing: type, channel, date, priority and team. */
(function () {
  const preview = document.getElementById("term-preview");
  if (!preview) return;
  const names = ["pqr_type", "channel", "received_at", "priority", "team"];
  function refresh() {
    const params = new URLSearchParams();
    names.forEach((name) => {
      const el = document.getElementById("id_" + name);
      if (el && el.value) params.append(name, el.value);
    });
    if (!params.get("pqr_type")) {
      preview.textContent = preview.dataset.chooseText;
      return;
    }
    fetch(preview.dataset.url + "?" + params.toString(), { credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : null))
      .then((data) => { preview.textContent = data ? data.text : preview.dataset.chooseText; });
  }
  names.forEach((name) => {
    const el = document.getElementById("id_" + name);
    if (el) el.addEventListener("change", refresh);
  });
  refresh();
})();

/* The consent channel follows the intake channel until the agent changes it. */
(function () {
  const channel = document.getElementById("id_channel");
  const consent = document.getElementById("id_nc-consent_channel");
  if (!channel || !consent) return;
  const map = { telefono: "phone", presencial: "in_person" };
  let touched = false;
  consent.addEventListener("change", () => { touched = true; });
  channel.addEventListener("change", () => {
    if (!touched && map[channel.value]) consent.value = map[channel.value];
  });
})();
