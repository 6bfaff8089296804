// A Copy button for a value shown once (a new API token): <button data-copy="#id" hidden> beside
// <span role="status">. The button stays hidden where the Clipboard API is missing (a page served over
// plain HTTP from another host than localhost or 127.0.0.1); the value itself stays selectable there.
(() => {
  if (!navigator.clipboard) return;
  for (const button of document.querySelectorAll("button[data-copy]")) {
    button.hidden = false;
  }

  document.addEventListener("click", async (event) => {
    const button = event.target instanceof Element ? event.target.closest("button[data-copy]") : null;
    if (!button) return;
    const source = document.querySelector(button.dataset.copy);
    const status = button.parentElement.querySelector('[role="status"]');
    if (!source) return;
    try {
      await navigator.clipboard.writeText(source.textContent.trim());
      if (status) status.textContent = button.dataset.copied;
    } catch {
      // Refused (no permission, the page not focused): select the value for the keyboard instead.
      window.getSelection().selectAllChildren(source);
      if (status) status.textContent = button.dataset.failed;
    }
  });
})();
