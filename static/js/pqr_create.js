/* New PQR page: pick, register or clear the customer. */
function pqrSelectCustomer(button) {
  document.getElementById("id_customer_id").value = button.dataset.customerId;
  document.getElementById("selected-customer-label").textContent = button.dataset.customerLabel;
  document.getElementById("selected-customer").classList.remove("d-none");
  document.getElementById("customer-results").innerHTML = "";
  document.getElementById("id_anonymous").checked = false;
  pqrShowNewCustomer(false);
}
function pqrShowNewCustomer(show) {
  document.getElementById("id_new_customer").checked = show;
  document.getElementById("new-customer").classList.toggle("d-none", !show);
  document.getElementById("customer-search").classList.toggle("d-none", show);
  if (show) {
    document.getElementById("id_anonymous").checked = false;
    document.getElementById("id_customer_id").value = "";
    document.getElementById("selected-customer").classList.add("d-none");
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
