/* Every page: print buttons (no inline handlers, so the CSP forbids them all). */
document.addEventListener("click", (event) => {
  if (event.target.closest('[data-pqr-action="print"]')) window.print();
});
