/* The search box in every page's header: suggestions from /api/search as the user types
 * (debounced), arrow keys and Enter to open one; Enter with none chosen opens /search.
 * Labels are set as text (never HTML) and links are local paths only. */
(function () {
  "use strict";
  var input = document.getElementById("site-search"), list = document.getElementById("site-search-list");
  if (!input || !list) return;
  var timer = null, token = 0, active = -1;
  var kg = window.kgSearch = { suggestions: 0 };

  function close() { list.hidden = true; list.textContent = ""; active = -1; }
  function items() { return list.querySelectorAll("li"); }
  function mark(i) {
    var all = items();
    all.forEach(function (li, j) { li.classList.toggle("active", j === i); li.setAttribute("aria-selected", j === i); });
    active = i;
  }
  function show(results) {
    list.textContent = "";
    results.forEach(function (h) {
      if (!/^\/(?!\/)/.test(h.href || "")) return;
      var li = document.createElement("li"), a = document.createElement("a"), kind = document.createElement("span");
      li.setAttribute("role", "option");
      kind.className = "kind"; kind.textContent = h.kind;
      a.href = h.href; a.appendChild(kind); a.appendChild(document.createTextNode(h.label));
      li.appendChild(a); list.appendChild(li);
    });
    list.hidden = !list.children.length;
    kg.suggestions = list.children.length;
    list.dataset.q = input.value;
  }
  function suggest() {
    var q = input.value.trim(), mine = ++token;
    if (q.length < 2) { close(); return; }
    fetch("/api/search?limit=8&q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { results: [] }; })
      .then(function (body) { if (mine === token) show(body.results || []); })
      .catch(close);
  }
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(suggest, 150); });
  input.addEventListener("keydown", function (evt) {
    var all = items();
    if (evt.key === "ArrowDown" && all.length) { evt.preventDefault(); mark(Math.min(active + 1, all.length - 1)); }
    else if (evt.key === "ArrowUp" && all.length) { evt.preventDefault(); mark(Math.max(active - 1, 0)); }
    else if (evt.key === "Enter" && active >= 0 && all[active]) { evt.preventDefault(); location.href = all[active].querySelector("a").getAttribute("href"); }
    else if (evt.key === "Escape") close();
  });
  document.addEventListener("click", function (evt) { if (!evt.target.closest(".site-search")) close(); });
})();
