// Creator Search: the panel shows shares and rates as percentages, the address and the API take
// fractions (docs/api.md); empty fields are left out of the request. Results and the address
// come back from the server (htmx, HX-Push-Url).
document.addEventListener("htmx:configRequest", (event) => {
  const form = document.getElementById("search-form");
  if (!form || event.detail.verb !== "get") return;
  const source = event.detail.elt;
  if (source !== form && source.form !== form && !form.contains(source)) return;
  const parameters = event.detail.parameters;
  for (const input of form.querySelectorAll("[data-percent]")) {
    const typed = input.value.trim();
    if (typed !== "" && !Number.isNaN(Number(typed))) {
      parameters[input.name] = String(Number(typed) / 100);
    }
  }
  for (const [name, value] of Array.from(parameters.entries())) {
    if (value === "") parameters.delete(name);
  }
});

// A live update replaces every field's messages (out of band, {% field_errors %}): each field is
// marked invalid while its slot holds a message, as a reload marks it.
document.addEventListener("htmx:afterSettle", () => {
  const form = document.getElementById("search-form");
  if (!form) return;
  for (const field of form.querySelectorAll("input[aria-describedby], select[aria-describedby]")) {
    const slot = document.getElementById(field.getAttribute("aria-describedby"));
    if (slot && slot.querySelector(".errorlist")) field.setAttribute("aria-invalid", "true");
    else field.removeAttribute("aria-invalid");
  }
});

// On a narrow screen the panel folds behind its "Filters" button, so that the results come first; it
// stays open when a field needs fixing. The page serves it open, which works without JavaScript. On a
// wide screen the button is hidden (search.css) and the panel always open.
const narrow = window.matchMedia("(max-width: 820px)");

function foldFilters(open) {
  const filters = document.getElementById("search-filters");
  if (!filters) return;
  const needsFixing = filters.querySelector(".errorlist") !== null;
  filters.open = !narrow.matches || needsFixing || open;
}

let filtersWereOpen = false;
foldFilters(false);
narrow.addEventListener("change", () => foldFilters(false));
// A chip or "Clear filters" redraws the panel: it keeps the state it had.
document.addEventListener("htmx:beforeSwap", (event) => {
  const filters = document.getElementById("search-filters");
  if (filters && event.detail.target.id === "search") filtersWereOpen = filters.open;
});
document.addEventListener("htmx:afterSwap", (event) => {
  if (event.detail.target.id === "search") foldFilters(filtersWereOpen);
});
