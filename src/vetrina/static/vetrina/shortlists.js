// A list's page: "select all" and the count of selected creators. Delegated, so that the table htmx puts
// back after a removal works the same.
(() => {
  const container = () => document.getElementById("shortlist-creators");

  function boxes() {
    return [...document.querySelectorAll('input[type="checkbox"][form="contact-selected"]')];
  }

  function refresh() {
    const all = boxes();
    const checked = all.filter((box) => box.checked).length;
    const count = document.querySelector(".selection-count");
    if (count) {
      count.textContent = checked
        ? count.dataset.templateSome.replace("%(count)s", checked)
        : count.dataset.templateNone;
    }
    const selectAll = document.querySelector(".select-all");
    if (selectAll) {
      selectAll.checked = all.length > 0 && checked === all.length;
      selectAll.indeterminate = checked > 0 && checked < all.length;
    }
  }

  document.addEventListener("change", (event) => {
    const target = event.target;
    if (!(target instanceof HTMLInputElement) || !container()?.contains(target)) return;
    if (target.classList.contains("select-all")) {
      for (const box of boxes()) box.checked = target.checked;
    }
    refresh();
  });
  document.addEventListener("htmx:afterSwap", refresh);
})();
