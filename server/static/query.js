/* The SPARQL workbench (server/templates/query.html): YASGUI (vendored from npm) pointed at this server's /sparql, with the
 * named queries of queries/ (from /api/queries) as a menu of examples.
 *
 * Nothing leaves this server: the endpoint is ours, prefix completion uses YASQE's bundled
 * list (prefixCcApi unset), and the property/class completers, which would ask the Linked
 * Open Vocabularies service, are switched off. In their place the ontology's terms complete
 * after "ont:" (/api/terms) and entities by name after "<" (/api/search).
 *
 * The page opens with a result: the query given in the address (?query=…, as the home page
 * links), else the named query ?named= (default DEFAULT_QUERY), is run at once.
 */
(function () {
  "use strict";
  var endpoint = location.origin + "/sparql";
  var DEFAULT_QUERY = "who-supports";
  document.getElementById("endpoint-url").textContent = endpoint;
  var Yasqe = Yasgui.Yasqe;
  var COMPLETERS = ["prefixes", "variables", "kg-terms", "kg-entities"];
  var entityLabels = {};
  if (Yasqe && Yasqe.registerAutocompleter) {
    // ont:Sta… -> ont:Stance: the ontology's classes and properties, from this server
    Yasqe.registerAutocompleter({
      name: "kg-terms", bulk: true, autoShow: true, persistenceId: null,
      get: function () {
        return fetch("/api/terms").then(function (r) { return r.json(); })
          .then(function (terms) { return terms.map(function (t) { return t.term; }); });
      },
      isValidCompletionPosition: function (yasqe) { return /^ont:/.test(yasqe.getCompleteToken().string || ""); }
    }, false);
    // <Zelen… -> <http://…/entity/Q3874799>: entities by name or alias, from the search index
    Yasqe.registerAutocompleter({
      name: "kg-entities", bulk: false, autoShow: true, persistenceId: null,
      isValidCompletionPosition: function (yasqe) {
        var s = yasqe.getCompleteToken().string || "";
        return /^<[^:>\s]{2,}$/.test(s);
      },
      get: function (yasqe, token) {
        return fetch("/api/search?kind=entity&limit=10&q=" + encodeURIComponent(token.string.slice(1)))
          .then(function (r) { return r.json(); })
          .then(function (body) {
            return body.results.map(function (h) { entityLabels["<" + h.iri + ">"] = h.label; return "<" + h.iri + ">"; });
          });
      },
      postprocessHints: function (yasqe, hints) {
        hints.forEach(function (h) { if (entityLabels[h.text]) h.displayText = entityLabels[h.text] + "  " + h.text; });
        return hints;
      }
    }, false);
  }
  if (Yasqe && Yasqe.defaults) Yasqe.defaults.autocompleters = COMPLETERS;

  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    persistenceId: "newskg-workbench",
    yasqe: { autocompleters: COMPLETERS, prefixCcApi: null, resizeable: true, editorHeight: "320px" },
    yasr: { defaultPlugin: "table" }
  });
  window.kgWorkbench = { yasgui: yasgui, ready: false };

  function tab() { return yasgui.getTab(); }
  function setQuery(text) {
    var t = tab();
    t.setEndpoint && t.setEndpoint(endpoint);
    t.setQuery(text);
  }
  var initial = document.getElementById("workbench").dataset.initial;
  if (initial) setQuery(initial);
  if (tab().getEndpoint && tab().getEndpoint() !== endpoint) tab().setEndpoint(endpoint);

  document.getElementById("download").addEventListener("submit", function () {
    document.getElementById("download-query").value = tab().getQuery();
  });

  var list = document.getElementById("example-list");
  fetch("/api/queries").then(function (r) { return r.json(); }).then(function (queries) {
    list.innerHTML = "";
    queries.forEach(function (q) {
      var li = document.createElement("li"), b = document.createElement("button");
      b.type = "button";
      b.dataset.name = q.name;
      b.title = q.params.length ? "Parameters (bind with VALUES): " + q.params.join("; ") : q.name + ".rq";
      var title = document.createElement("span"); title.className = "title"; title.textContent = q.title;
      var desc = document.createElement("span"); desc.className = "description"; desc.textContent = q.description;
      b.appendChild(title); b.appendChild(desc);
      b.addEventListener("click", function () {
        list.querySelectorAll("button").forEach(function (x) { x.removeAttribute("aria-current"); });
        b.setAttribute("aria-current", "true");
        setQuery(q.text);
      });
      li.appendChild(b); list.appendChild(li);
    });
    if (!initial) {
      var wanted = new URLSearchParams(location.search).get("named") || DEFAULT_QUERY;
      var button = list.querySelector("button[data-name='" + (CSS.escape ? CSS.escape(wanted) : wanted) + "']");
      if (button) button.click();
    }
    window.kgWorkbench.autorun = tab().query().catch(function () { /* shown in the results pane */ });
    window.kgWorkbench.ready = true;
    document.getElementById("workbench").dataset.ready = "1";
  }).catch(function (err) { list.innerHTML = "<li class='error'>Could not load the named queries: " + err.message + "</li>"; });
})();
