// The query page: runs the query against /sparql and renders SPARQL JSON as a table.
(function () {
  const form = document.getElementById("query-form");
  const format = document.getElementById("format");
  const status = document.getElementById("status");
  const results = document.getElementById("results");

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const a = document.createElement("a");
      a.href = term.value;
      a.textContent = term.value;
      td.appendChild(a);
    } else {
      td.textContent = term.value;
    }
    return td;
  }

  function render(data) {
    results.innerHTML = "";
    if (typeof data.boolean === "boolean") {
      results.textContent = data.boolean ? "true" : "false";
      return;
    }
    const table = document.createElement("table");
    const head = table.insertRow();
    data.head.vars.forEach(function (v) {
      const th = document.createElement("th");
      th.textContent = v;
      head.appendChild(th);
    });
    data.results.bindings.forEach(function (row) {
      const tr = table.insertRow();
      data.head.vars.forEach(function (v) { tr.appendChild(cell(row[v])); });
    });
    results.appendChild(table);
    status.textContent = data.results.bindings.length + " rows";
  }

  form.addEventListener("submit", function (event) {
    if (format.value) return;  // a download: let the browser post the form
    event.preventDefault();
    status.textContent = "running…";
    const body = new URLSearchParams({ query: document.getElementById("query").value });
    fetch("/sparql", {
      method: "POST",
      body: body,
      headers: { "Accept": "application/sparql-results+json, text/turtle;q=0.9" },
    }).then(function (response) {
      const type = response.headers.get("Content-Type") || "";
      return response.text().then(function (text) {
        if (!response.ok) throw new Error(response.status + ": " + text);
        if (type.indexOf("json") >= 0) { render(JSON.parse(text)); return; }
        results.innerHTML = "";
        const pre = document.createElement("pre");
        pre.textContent = text;
        results.appendChild(pre);
        status.textContent = "";
      });
    }).catch(function (error) {
      results.innerHTML = "";
      const p = document.createElement("p");
      p.className = "error";
      p.textContent = error.message;
      results.appendChild(p);
      status.textContent = "";
    });
  });
})();
