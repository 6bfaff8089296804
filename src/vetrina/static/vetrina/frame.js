// Every page: an in-place update (htmx) that the server refuses with an error swaps nothing, so
// without this the member would see no change and not know that nothing was saved. The messages
// are in the page (base.html), translated; this only shows the one that fits.
document.addEventListener("htmx:responseError", (event) => {
  const status = event.detail.xhr.status === 503 ? "503" : "other";
  for (const message of document.querySelectorAll(".request-failed [data-status]")) {
    message.hidden = message.dataset.status !== status;
  }
});
document.addEventListener("htmx:beforeRequest", () => {
  for (const message of document.querySelectorAll(".request-failed [data-status]")) {
    message.hidden = true;
  }
});
