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
