/* The graph page: draws /api/graph with Cytoscape.js, filters it, and shows the evidence
 * behind an edge from /api/edge.
 *
 * Actor–position view: every stance is loaded once; the filters (topic, actor, source,
 * dates) hide elements in the browser, so the date slider redraws without a round trip.
 * Agreement view: agreement depends on which stances overlap in time, which kg.graph
 * computes, so that view is fetched again (debounced) when a filter changes.
 *
 * Parallel stances (same actor, topic, polarity and conditionality) are drawn as one edge
 * whose width is their number; the date filters recount them. Labels keep at least
 * LABEL_PX on screen whatever the zoom, and the view fits what the filters leave visible.
 * PNG and SVG export draw the current view.
 *
 * Scaling: up to LARGE nodes/edges the force-directed "cose" layout (bounded iterations);
 * above, a "concentric" layout (topics in the middle, busiest actors next), straight
 * "haystack" edges, no edge labels, and edges hidden while panning/zooming.
 * window.kgGraph exposes the Cytoscape instance and timings for tests and the benchmark.
 */
(function () {
  "use strict";
  var LARGE = { nodes: 400, edges: 1500 };
  var COLORS = { person: "#4c72b0", organization: "#8172b3", country: "#dd8452", actor: "#8c8c8c", topic: "#f2e6a0",
                 support: "#2a9d3f", oppose: "#d62728", agree: "#2a9d3f", disagree: "#d62728", mixed: "#8c8c8c" };
  var SHAPES = { person: "ellipse", organization: "round-rectangle", country: "diamond", actor: "ellipse", topic: "hexagon" };
  var DAY = 86400000;
  var LABEL_PX = 12, TOPIC_LABEL_PX = 13, MAX_FIT_ZOOM = 2;

  var app = document.getElementById("graph-app");
  var form = document.getElementById("filters");
  form.addEventListener("submit", function (evt) { evt.preventDefault(); });  // no inline handler: CSP
  var statusEl = document.getElementById("graph-status");
  var details = document.getElementById("details");
  var analyticsEl = document.getElementById("analytics");
  var f = {
    topic: document.getElementById("f-topic"), actor: document.getElementById("f-actor"),
    source: document.getElementById("f-source"), from: document.getElementById("f-from"),
    to: document.getElementById("f-to"), undated: document.getElementById("f-undated")
  };
  var state = { view: "positions", minDay: null, facets: null, large: false, fetchToken: 0, k: 1 };
  var kg = window.kgGraph = { cy: null, ready: false, renders: 0, stats: {} };

  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function dayToIso(n) { return new Date(state.minDay + n * DAY).toISOString().slice(0, 10); }
  function isoToDay(s) { return Math.round((Date.parse(s + "T00:00:00Z") - state.minDay) / DAY); }
  function setStatus(text) { statusEl.textContent = text; }

  // --- filters -------------------------------------------------------------------------------
  function dateRange() {
    if (state.minDay === null) return { from: "", to: "", full: true };
    var a = +f.from.value, b = +f.to.value;
    if (a > b) { var t = a; a = b; b = t; }
    return { from: dayToIso(a), to: dayToIso(b), full: a === 0 && b === +f.to.max };
  }
  function currentFilters() {
    var r = dateRange();
    return { topic: f.topic.value, actor: f.actor.value, source: f.source.value,
             from: r.full ? "" : r.from, to: r.full ? "" : r.to, undated: f.undated.checked ? "1" : "0" };
  }
  function query(params) {
    var q = new URLSearchParams();
    Object.keys(params).forEach(function (k) { if (params[k] !== "" && params[k] != null) q.set(k, params[k]); });
    return q.toString();
  }
  function rememberFilters() {
    var p = currentFilters();
    p.view = state.view === "positions" ? "" : state.view;
    if (p.undated === "1") p.undated = "";
    var qs = query(p);
    history.replaceState(null, "", location.pathname + (qs ? "?" + qs : ""));
  }
  function fillSelect(select, items, valueKey) {
    var keep = select.value;
    items.forEach(function (item) {
      var o = document.createElement("option");
      o.value = item[valueKey]; o.textContent = item.label;
      select.appendChild(o);
    });
    select.value = keep;
  }
  function setupFacets(facets, initial) {
    state.facets = facets;
    fillSelect(f.topic, facets.topics, "key");
    fillSelect(f.actor, facets.actors, "id");
    fillSelect(f.source, facets.sources, "id");
    if (facets.dates.min) {
      state.minDay = Date.parse(facets.dates.min + "T00:00:00Z");
      var span = isoToDay(facets.dates.max);
      [f.from, f.to].forEach(function (el) { el.max = span; });
      f.from.value = initial.from ? Math.max(0, isoToDay(initial.from)) : 0;
      f.to.value = initial.to ? Math.min(span, isoToDay(initial.to)) : span;
    } else {
      f.from.disabled = f.to.disabled = true;
    }
    ["topic", "actor", "source"].forEach(function (k) { if (initial[k]) f[k].value = initial[k]; });
    if (initial.undated === "0") f.undated.checked = false;
    showDateLabel();
  }
  function showDateLabel() {
    var r = dateRange();
    document.getElementById("date-label").textContent = state.minDay === null ? "(no dated stances)" : r.from + " → " + r.to;
  }

  function stanceVisible(s, d, flt) {
    if (flt.topic && d.topic !== flt.topic) return false;
    if (flt.actor && d.source !== flt.actor) return false;
    if (flt.source && s.doc !== flt.source) return false;
    if (!s.start) return flt.undated === "1";
    if (flt.from && s.end < flt.from) return false;
    if (flt.to && s.start > flt.to) return false;
    return true;
  }
  /** One edge per (actor, topic, polarity, conditional): the stances it stands for in data.stances. */
  function mergeParallel(elements) {
    var merged = {}, edges = [];
    elements.edges.forEach(function (e) {
      var d = e.data, key = d.source + "\u0000" + d.target + "\u0000" + d.polarity + "\u0000" + d.conditional;
      var m = merged[key];
      if (!m) {
        m = merged[key] = { data: { id: "m" + edges.length, source: d.source, target: d.target, polarity: d.polarity,
                                    conditional: d.conditional, topic: d.topic, count: 0, stances: [] } };
        edges.push(m);
      }
      m.data.stances.push({ id: d.id, start: d.start, end: d.end, doc: d.doc, when: d.when, date: d.date });
      m.data.count = m.data.stances.length;
    });
    return { nodes: elements.nodes, edges: edges };
  }
  /** Hide what the filters exclude (actor–position view): edges, then nodes left without
   *  edges. Only elements whose visibility changes are touched, so a slider move is cheap. */
  function applyClientFilters() {
    var cy = kg.cy, flt = currentFilters(), degree = {}, shownNodes = 0, shownEdges = 0, shownStances = 0;
    if (!state.edges) {
      state.edges = cy.edges().toArray(); state.nodes = cy.nodes().toArray();
      state.edgeShown = state.edges.map(function () { return true; });
      state.nodeShown = state.nodes.map(function () { return true; });
    }
    cy.batch(function () {
      state.edges.forEach(function (e, i) {
        var d = e.data(), n = 0;
        for (var j = 0; j < d.stances.length; j++) if (stanceVisible(d.stances[j], d, flt)) n++;
        var show = n > 0;
        if (show) { shownEdges++; shownStances += n; degree[d.source] = 1; degree[d.target] = 1; }
        if (show && n !== d.count) e.data("count", n);
        if (show !== state.edgeShown[i]) { state.edgeShown[i] = show; e.toggleClass("hidden", !show); }
      });
      state.nodes.forEach(function (n, i) {
        var show = degree[n.id()] === 1;
        if (show) shownNodes++;
        if (show !== state.nodeShown[i]) { state.nodeShown[i] = show; n.toggleClass("hidden", !show); }
      });
    });
    kg.visible = { nodes: shownNodes, edges: shownEdges, stances: shownStances };
    setStatus(shownNodes + " nodes, " + shownStances + " stances shown" +
              (shownEdges < shownStances ? " (" + shownEdges + " edges: parallel stances merged)" : ""));
    scheduleFit();
  }

  // --- view: fit to what is visible, labels readable at every zoom ------------------------------
  var fitTimer = null;
  /** Fit the view to the visible elements (after a filter change settles), never zooming past
   *  MAX_FIT_ZOOM: two nodes left by a filter are centred at a readable size, not blown up. */
  function fitVisible() {
    var cy = kg.cy;
    if (!cy) return;
    var shown = cy.elements().filter(function (e) { return !e.hasClass("hidden"); });
    if (!shown.length) return;
    cy.maxZoom(MAX_FIT_ZOOM);
    cy.fit(shown, 40);
    cy.maxZoom(4);
    rescaleLabels();
    kg.fits = (kg.fits || 0) + 1;
  }
  function scheduleFit() { clearTimeout(fitTimer); fitTimer = setTimeout(fitVisible, 120); }
  /** Model-space label size so that labels are at least LABEL_PX on screen: 1/zoom when zoomed out. */
  function rescaleLabels() {
    var cy = kg.cy;
    if (!cy) return;
    var k = Math.max(1, 1 / cy.zoom());
    if (Math.abs(k - state.k) / state.k < 0.03) return;
    state.k = k;
    // only what the scale changes: nodes, and the labelled agreement edges (not 10,000 stance edges)
    cy.batch(function () { cy.nodes().union(cy.edges("[relation]")).updateStyle(); });
  }

  // --- drawing -------------------------------------------------------------------------------
  function styles(large) {
    // Selectors on data, not function mappers: Cytoscape caches selector styles, which keeps
    // 10,000 edges cheap to create and to restyle.
    var s = [
      { selector: "node", style: {
          "label": "data(label)", "font-size": function () { return LABEL_PX * state.k; }, "text-valign": "bottom",
          "text-margin-y": function () { return 3 * state.k; },
          "text-background-color": "#fff", "text-background-opacity": 0.75, "text-background-padding": 1,
          "width": function () { return 22 * Math.sqrt(state.k); }, "height": function () { return 22 * Math.sqrt(state.k); },
          "border-width": 1, "border-color": "#333",
          "background-color": COLORS.actor, "shape": "ellipse" } }
    ];
    ["person", "organization", "country"].forEach(function (t) {
      s.push({ selector: "node[type = '" + t + "']", style: { "background-color": COLORS[t], "shape": SHAPES[t] } });
    });
    s.push(
      { selector: "node[kind = 'topic']", style: {
          "background-color": COLORS.topic, "shape": SHAPES.topic,
          "width": function () { return 46 * Math.sqrt(state.k); }, "height": function () { return 40 * Math.sqrt(state.k); },
          "font-size": function () { return TOPIC_LABEL_PX * state.k; }, "font-weight": "bold", "text-valign": "center",
          "text-margin-y": 0, "text-background-color": "#fff8d0", "text-background-opacity": 0.9,
          "border-color": "#b59f3b", "text-wrap": "wrap", "text-max-width": function () { return 150 * state.k; } } },
      { selector: "edge", style: {
          "width": large ? 1 : 2, "curve-style": large ? "haystack" : "bezier", "opacity": large ? 0.5 : 0.8,
          "line-color": COLORS.mixed, "target-arrow-color": COLORS.mixed,
          "target-arrow-shape": large ? "none" : "triangle", "arrow-scale": 0.8 } },
      { selector: "edge[polarity = 'support'], edge[relation = 'agree']",
        style: { "line-color": COLORS.support, "target-arrow-color": COLORS.support } },
      { selector: "edge[polarity = 'oppose'], edge[relation = 'disagree']",
        style: { "line-color": COLORS.oppose, "target-arrow-color": COLORS.oppose } },
      { selector: "edge[?conditional]", style: { "line-style": "dashed", "line-dash-pattern": [6, 4] } },
      { selector: "edge[count]", style: { "width": "mapData(count, 1, 10, 2, 12)" } },
      { selector: "edge[relation]", style: {
          "target-arrow-shape": "none", "width": "mapData(pairs, 1, 20, 1.5, 9)" } },
      { selector: ".hidden", style: { "display": "none" } },
      { selector: ":selected", style: { "overlay-color": "#23395b", "overlay-opacity": 0.25, "overlay-padding": 4 } }
    );
    if (large) {
      // labels cost layout and paint time for every node: show actors' on hover or selection only
      s.push({ selector: "node[kind = 'actor']", style: { "label": "" } },
             { selector: "node[kind = 'actor'].hover, node[kind = 'actor']:selected", style: { "label": "data(label)" } });
    } else {
      // dates and evidence are shown on click, not as edge labels; agreement edges keep their tally
      s.push({ selector: "edge[relation]", style: {
        "label": "data(label)", "font-size": function () { return 11 * state.k; }, "color": "#333",
        "text-rotation": "autorotate", "text-background-color": "#fff", "text-background-opacity": 0.8,
        "text-background-padding": 1 } });
    }
    return s;
  }
  function layoutOptions(nodes, edges, elements) {
    if (nodes && elements.nodes.every(function (n) { return n.position; })) {
      return { name: "preset", fit: true, padding: 30 };  // laid out by kg.graph on the server
    }
    if (nodes > LARGE.nodes || edges > LARGE.edges) {
      return { name: "concentric", animate: false, fit: true, padding: 20, minNodeSpacing: 6, avoidOverlap: false,
               concentric: function (n) { return n.data("kind") === "topic" ? 1e6 : n.degree(); },
               levelWidth: function () { return Math.max(1, 2 * Math.sqrt(nodes)); } };
    }
    return { name: "cose", animate: false, fit: true, padding: 30, randomize: true, numIter: 1000,
             nodeRepulsion: function () { return 9000; }, idealEdgeLength: function () { return 90; },
             nodeOverlap: 12, componentSpacing: 60, gravity: 0.6 };
  }
  function draw(body, t0) {
    if (state.view === "positions") body.elements = mergeParallel(body.elements);
    var nodes = body.elements.nodes.length, edges = body.elements.edges.length;
    var large = nodes > LARGE.nodes || edges > LARGE.edges;
    state.large = large;
    if (kg.cy) kg.cy.destroy();
    state.edges = state.nodes = null;
    state.k = 1;
    var tLayout = performance.now();
    var cy = kg.cy = cytoscape({
      container: document.getElementById("cy"), elements: body.elements, style: styles(large),
      layout: layoutOptions(nodes, edges, body.elements), wheelSensitivity: 0.3, minZoom: 0.05, maxZoom: 4,
      textureOnViewport: large, hideEdgesOnViewport: large, pixelRatio: large ? 1 : "auto", boxSelectionEnabled: false
    });
    kg.stats.layoutMs = Math.round(performance.now() - tLayout);
    cy.one("render", function () {
      kg.renders++;
      kg.stats.firstRenderMs = Math.round(performance.now());
      kg.stats.sinceRequestMs = Math.round(performance.now() - t0);
      kg.stats.nodes = nodes; kg.stats.edges = edges; kg.stats.stances = body.counts.stances; kg.stats.large = large;
      kg.ready = true;
      app.dataset.ready = "1";
    });
    if (large) cy.on("mouseover mouseout", "node", function (e) { e.target.toggleClass("hover", e.type === "mouseover"); });
    cy.on("tap", "node", onNodeTap);
    cy.on("tap", "edge", onEdgeTap);
    var zoomTimer = null;
    cy.on("zoom", function () { clearTimeout(zoomTimer); zoomTimer = setTimeout(rescaleLabels, 80); });
    if (state.view === "positions") applyClientFilters();
    else {
      kg.visible = { nodes: nodes, edges: edges };
      setStatus(nodes + " actors, " + edges + " pairs (" + body.counts.stances + " stances)");
    }
    clearTimeout(fitTimer);
    fitVisible();
    app.dataset.fitted = "1";
    if (!nodes) setStatus("No stance matches these filters.");
  }

  // --- loading -------------------------------------------------------------------------------
  function load(initial) {
    var token = ++state.fetchToken, t0 = performance.now();
    var params = state.view === "positions" ? {} : currentFilters();
    params.view = state.view;
    app.dataset.ready = "";
    kg.ready = false;
    setStatus("Loading…");
    return fetch("/api/graph?" + query(params), { headers: { Accept: "application/json" } })
      .then(function (r) {
        if (!r.ok) return r.text().then(function (t) { throw new Error(t || r.statusText); });
        return r.json();
      })
      .then(function (body) {
        if (token !== state.fetchToken) return;
        kg.stats.fetchMs = Math.round(performance.now() - t0);
        if (!state.facets) setupFacets(body.facets, initial || {});
        draw(body, t0);
        if (analyticsEl.open) loadAnalytics();
      })
      .catch(function (err) { setStatus("Could not load the graph: " + err.message); });
  }
  var refetchTimer = null, filterFrame = null;
  /** At most one client-side filter pass per animation frame, so dragging a slider over a
   *  large graph never queues up redraws. */
  function scheduleClientFilters() {
    if (filterFrame === null) {
      filterFrame = requestAnimationFrame(function () { filterFrame = null; applyClientFilters(); });
    }
  }
  function onFilterChange() {
    showDateLabel();
    rememberFilters();
    if (state.view === "positions" && kg.cy) scheduleClientFilters();
    else { clearTimeout(refetchTimer); refetchTimer = setTimeout(load, 200); }
    if (analyticsEl.open) { clearTimeout(onFilterChange.at); onFilterChange.at = setTimeout(loadAnalytics, 300); }
  }

  // --- clicks and details --------------------------------------------------------------------
  function onNodeTap(evt) {
    var d = evt.target.data();
    if (d.kind === "topic") {
      f.topic.value = f.topic.value === d.key ? "" : d.key;
      onFilterChange();
    } else if (d.href) {
      window.location.href = d.href;
    }
  }
  function onEdgeTap(evt) {
    var d = evt.target.data(), url;
    if (state.view === "positions") {
      var flt = currentFilters();
      // the server describes at most 200 stances; 40 ids a request keep each within its 8 KB request line
      var ids = d.stances.filter(function (s) { return stanceVisible(s, d, flt); }).slice(0, 200)
        .map(function (s) { return "id=" + encodeURIComponent(s.id); });
      url = [];
      for (var i = 0; i < ids.length; i += 40) url.push("/api/edge?" + ids.slice(i, i + 40).join("&"));
    }
    else {
      flt = currentFilters(); flt.actor = "";
      url = "/api/edge?" + query(flt) + "&between=" + encodeURIComponent(d.source) + "&between=" + encodeURIComponent(d.target);
    }
    details.innerHTML = "<h2>Evidence</h2><p class='muted'>Loading…</p>";
    Promise.all([].concat(url).map(function (u) { return fetch(u).then(function (r) { return r.json(); }); }))
      .then(function (bodies) {
        showEvidence([].concat.apply([], bodies.map(function (b) { return b.stances || []; })), d);
      })
      .catch(function (err) { details.innerHTML = "<h2>Evidence</h2><p class='error'>" + esc(err.message) + "</p>"; });
  }
  function highlight(sentence, words) {
    var s = esc(sentence.trim());
    if (!words) return s;
    var w = esc(words), i = s.indexOf(w);
    return i < 0 ? s : s.slice(0, i) + "<mark>" + w + "</mark>" + s.slice(i + w.length);
  }
  function showEvidence(stances, edge) {
    var head = state.view === "positions" ? "Evidence" :
      "Evidence: " + esc(edge.agree) + " agreeing, " + esc(edge.disagree) + " disagreeing pairs";
    var html = "<h2>" + head + "</h2>";
    if (!stances.length) html += "<p class='muted'>No stances.</p>";
    stances.forEach(function (s) {
      var verb = s.polarity === "support" ? "supports" : s.polarity === "oppose" ? "opposes" : esc(s.polarity);
      var meta = [s.when ? (s.date ? esc(s.date) : esc(s.when) + " (article date)") : "undated"];
      if (s.conditional) meta.push("conditional");
      if (s.confidence) meta.push("confidence " + esc(s.confidence));
      if (s.reportedBy) meta.push("reported by " + esc(s.reportedBy));
      if (s.cue) meta.push("cue “" + esc(s.cue) + "”");
      var docName = s.docTitle || s.sourceFile || s.doc;
      var docMeta = [s.publisher, s.docDate].filter(Boolean).map(esc).join(", ");
      html += "<article class='stance' data-stance='" + esc(s.stance) + "'>" +
        "<div><a href='" + esc(s.holderHref || s.holder) + "'>" + esc(s.holderLabel) + "</a> <span class='" +
        esc(s.polarity) + "'>" + verb + "</span> <b>" + esc(s.topicLabel) + "</b></div>" +
        "<div class='muted'>" + meta.join(" · ") + "</div>" +
        "<blockquote class='evidence'>" + highlight(s.sentence || "", s.words) + "</blockquote>" +
        "<div>Source: <a class='source' href='" + esc(s.docHref || s.doc) + "'>" + esc(docName) + "</a>" +
        (docMeta ? " <span class='muted'>(" + docMeta + ")</span>" : "") +
        (/^https?:\/\//i.test(s.docUrl || "") ? " · <a href='" + esc(s.docUrl) + "' rel='noopener noreferrer'>original article</a>" : "") +
        (s.href ? " · <a href='" + esc(s.href) + "'>stance</a>" : "") + "</div></article>";
    });
    details.innerHTML = html;
  }

  function loadAnalytics() {
    var body = document.getElementById("analytics-body");
    body.textContent = "Computing…";
    var params = currentFilters(); params.analytics = "1"; params.view = "positions";
    fetch("/api/graph?" + query(params)).then(function (r) { return r.json(); }).then(function (data) {
      var a = data.analytics, html = "<div class='analytics'><h3>Most central actors</h3><ol>";
      a.central_actors.forEach(function (c) { html += "<li>" + esc(c.label) + " <span class='muted'>" + c.score + "</span></li>"; });
      html += "</ol><h3>Aligned communities</h3><ol>";
      a.communities.forEach(function (c) { html += "<li>" + c.map(esc).join(", ") + "</li>"; });
      if (!a.communities.length) html += "<li class='muted'>none (no pair agrees more than it disagrees)</li>";
      html += "</ol><h3>Topics that split actors most</h3><ol>";
      a.divisive_topics.forEach(function (t) {
        html += "<li>" + esc(t.label) + " <span class='muted'>" + t.support + " for, " + t.oppose + " against, split " + t.split + "</span></li>";
      });
      body.className = ""; body.innerHTML = html + "</ol></div>";
    }).catch(function (err) { body.textContent = "Could not compute: " + err.message; });
  }

  // --- export ------------------------------------------------------------------------------------
  function download(blob, name) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob); a.download = name;
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
  }
  function exportPng() {
    download(kg.cy.png({ output: "blob", bg: "#ffffff", full: false, scale: 2 }), "newskg-graph.png");
  }
  function svgEsc(s) { return esc(s).replace(/\u0000/g, ""); }
  var SVG_SHAPES = {
    ellipse: function (x, y, w, h) { return "<ellipse cx='" + x + "' cy='" + y + "' rx='" + w / 2 + "' ry='" + h / 2 + "'"; },
    "round-rectangle": function (x, y, w, h) { return "<rect x='" + (x - w / 2) + "' y='" + (y - h / 2) + "' width='" + w + "' height='" + h + "' rx='" + w / 6 + "'"; },
    diamond: function (x, y, w, h) { return "<polygon points='" + [x, y - h / 2, x + w / 2, y, x, y + h / 2, x - w / 2, y].join(" ") + "'"; },
    hexagon: function (x, y, w, h) {
      return "<polygon points='" + [x - w / 2, y, x - w / 4, y - h / 2, x + w / 4, y - h / 2, x + w / 2, y, x + w / 4, y + h / 2, x - w / 4, y + h / 2].join(" ") + "'";
    }
  };
  /** The current view as SVG, drawn from Cytoscape's rendered positions and styles (what is on screen). */
  function viewSvg() {
    var cy = kg.cy, W = cy.width(), H = cy.height(), out = [];
    out.push("<svg xmlns='http://www.w3.org/2000/svg' width='" + W + "' height='" + H + "' viewBox='0 0 " + W + " " + H +
             "' font-family='sans-serif'><rect width='100%' height='100%' fill='#fff'/>");
    cy.edges().filter(function (e) { return e.visible(); }).forEach(function (e) {
      var s = e.renderedSourceEndpoint(), t = e.renderedTargetEndpoint(), m = e.renderedMidpoint();
      var cx = 2 * m.x - (s.x + t.x) / 2, cyy = 2 * m.y - (s.y + t.y) / 2;
      var dash = e.data("conditional") ? " stroke-dasharray='6 4'" : "";
      out.push("<path d='M" + s.x + " " + s.y + " Q" + cx + " " + cyy + " " + t.x + " " + t.y + "' fill='none' stroke='" +
               e.pstyle("line-color").strValue + "' stroke-width='" + e.pstyle("width").pfValue * cy.zoom() +
               "' stroke-opacity='" + e.pstyle("opacity").value + "'" + dash + "/>");
    });
    cy.nodes().filter(function (n) { return n.visible(); }).forEach(function (n) {
      var p = n.renderedPosition(), w = n.renderedWidth(), h = n.renderedHeight();
      var shape = SVG_SHAPES[n.pstyle("shape").strValue] || SVG_SHAPES.ellipse;
      out.push(shape(p.x, p.y, w, h) + " fill='" + n.pstyle("background-color").strValue + "' stroke='" +
               n.pstyle("border-color").strValue + "'/>");
      var label = n.pstyle("label").strValue;
      if (label) {
        var fs = n.pstyle("font-size").pfValue * cy.zoom(), topic = n.data("kind") === "topic";
        out.push("<text x='" + p.x + "' y='" + (topic ? p.y + fs / 3 : p.y + h / 2 + fs + 2) + "' font-size='" + fs +
                 "' text-anchor='middle'" + (topic ? " font-weight='bold'" : "") +
                 " paint-order='stroke' stroke='#fff' stroke-width='3'>" + svgEsc(label) + "</text>");
      }
    });
    out.push("</svg>");
    return out.join("\n");
  }
  function exportSvg() { download(new Blob([viewSvg()], { type: "image/svg+xml" }), "newskg-graph.svg"); }
  kg.viewSvg = viewSvg;
  document.getElementById("export-png").addEventListener("click", exportPng);
  document.getElementById("export-svg").addEventListener("click", exportSvg);

  // --- wiring --------------------------------------------------------------------------------
  ["topic", "actor", "source", "undated"].forEach(function (k) { f[k].addEventListener("change", onFilterChange); });
  ["from", "to"].forEach(function (k) { f[k].addEventListener("input", onFilterChange); });
  form.querySelectorAll("input[name=view]").forEach(function (radio) {
    radio.addEventListener("change", function () {
      state.view = radio.value; app.dataset.view = state.view; rememberFilters(); load();
    });
  });
  document.getElementById("reset").addEventListener("click", function () {
    f.topic.value = f.actor.value = f.source.value = ""; f.undated.checked = true;
    f.from.value = 0; f.to.value = f.to.max; onFilterChange();
  });
  analyticsEl.addEventListener("toggle", function () { if (analyticsEl.open) loadAnalytics(); });

  var initial = Object.fromEntries(new URLSearchParams(location.search));
  state.view = initial.view === "agreement" ? "agreement" : "positions";
  form.querySelector("input[name=view][value=" + state.view + "]").checked = true;
  app.dataset.view = state.view;
  if (state.view === "agreement") {
    // the agreement view is filtered on the server: learn the facets first, then fetch it filtered
    fetch("/api/graph?elements=0").then(function (r) { return r.json(); }).then(function (body) {
      setupFacets(body.facets, initial); load();
    });
  } else {
    load(initial);
  }
})();
