/* Evidence on click, for the matrix, timeline and topic pages: an element with data-stances
 * (space-separated stance IRIs) shows the sentences behind them, fetched from /api/edge, in
 * #details; one with data-event shows the event's sentence it carries. Forms marked
 * data-autosubmit apply their filters as soon as a choice changes.
 *
 * Article text is untrusted: everything is escaped, and links are local paths or http(s) only.
 * window.kgEvidence exposes the last load for tests.
 */
(function () {
  "use strict";
  var details = document.getElementById("details");
  var kg = window.kgEvidence = { loads: 0, last: null };
  var BATCH = 40;

  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function safeHref(h) {
    h = String(h || "");
    return (/^\/(?!\/)/.test(h) || /^https?:\/\//i.test(h)) ? h : "";
  }
  function link(href, text, cls) {
    var h = safeHref(href);
    return h ? "<a" + (cls ? " class='" + cls + "'" : "") + " href='" + esc(h) + "'>" + esc(text) + "</a>" : esc(text);
  }
  function highlight(sentence, words) {
    var s = esc(String(sentence || "").trim());
    if (!words) return s;
    var w = esc(words), i = s.indexOf(w);
    return i < 0 ? s : s.slice(0, i) + "<mark>" + w + "</mark>" + s.slice(i + w.length);
  }
  function render(stances, heading) {
    var html = "<h2>" + esc(heading || "Evidence") + "</h2>";
    if (!stances.length) html += "<p class='muted'>No stances.</p>";
    stances.forEach(function (s) {
      var verb = s.polarity === "support" ? "supports" : s.polarity === "oppose" ? "opposes" : s.polarity;
      var meta = [s.when ? (s.date ? s.date : s.when + " (article date)") : "undated"];
      if (s.conditional) meta.push("conditional");
      if (s.confidence) meta.push("confidence " + s.confidence);
      if (s.reportedBy) meta.push("reported by " + s.reportedBy);
      if (s.cue) meta.push("cue “" + s.cue + "”");
      var docMeta = [s.publisher, s.docDate].filter(Boolean).join(", ");
      html += "<article class='stance'>" +
        "<div>" + link(s.holderHref, s.holderLabel) + " <span class='" + esc(s.polarity) + "'>" + esc(verb) + "</span> " +
        "<b>" + link("/topic/" + encodeURIComponent(s.topic), s.topicLabel) + "</b></div>" +
        "<div class='muted when'>" + meta.map(esc).join(" · ") + "</div>" +
        "<blockquote class='evidence'>" + highlight(s.sentence, s.words) + "</blockquote>" +
        "<div>Source: " + link(s.docHref, s.docTitle || s.sourceFile || s.doc, "source") +
        (docMeta ? " <span class='muted'>(" + esc(docMeta) + ")</span>" : "") +
        (safeHref(s.docUrl) && /^https?:/i.test(s.docUrl) ? " · <a href='" + esc(s.docUrl) + "' rel='noopener noreferrer'>original article</a>" : "") +
        (s.href ? " · " + link(s.href, "stance") : "") + "</div></article>";
    });
    details.innerHTML = html;
  }
  function showStances(el) {
    var ids = (el.dataset.stances || "").split(/\s+/).filter(Boolean).slice(0, 200);
    if (!ids.length || !details) return;
    var heading = el.dataset.heading || (el.dataset.holder && el.dataset.topic ? el.dataset.holder + " on " + el.dataset.topic : "Evidence");
    details.innerHTML = "<h2>Evidence</h2><p class='muted'>Loading…</p>";
    // in batches: a long cell would not fit in one request line (the server takes 8 KB)
    var batches = [];
    for (var i = 0; i < ids.length; i += BATCH) batches.push(ids.slice(i, i + BATCH));
    Promise.all(batches.map(function (batch) {
      var q = batch.map(function (id) { return "id=" + encodeURIComponent(id); }).join("&");
      return fetch("/api/edge?" + q, { headers: { Accept: "application/json" } })
        .then(function (r) { if (!r.ok) throw new Error(r.status + " " + r.statusText); return r.json(); });
    })).then(function (bodies) {
        var stances = [].concat.apply([], bodies.map(function (b) { return b.stances || []; }));
        stances.sort(function (a, b) { return (a.when || "9999").localeCompare(b.when || "9999"); });
        kg.loads++; kg.last = stances; render(stances, heading); details.dataset.loaded = String(kg.loads);
      })
      .catch(function (err) { details.innerHTML = "<h2>Evidence</h2><p class='error'>" + esc(err.message) + "</p>"; });
  }
  function showEvent(el) {
    var d = el.dataset;
    details.innerHTML = "<h2>" + esc(d.label || "Event") + "</h2><article class='stance event'>" +
      "<div class='muted when'>" + esc(d.kind || "") + " · " + esc(d.date || "undated") + "</div>" +
      "<blockquote class='evidence'>" + esc(d.sentence || "") + "</blockquote>" +
      "<div>Source: " + link(d.doc, d.docTitle || d.doc, "source") + " · " + link(d.href, "event") + "</div></article>";
    kg.loads++; details.dataset.loaded = String(kg.loads);
  }
  function activate(evt) {
    var el = evt.target.closest("[data-stances], [data-event]");
    if (!el || evt.target.closest("a")) return;
    if (evt.type === "keydown" && evt.key !== "Enter" && evt.key !== " ") return;
    evt.preventDefault();
    document.querySelectorAll(".selected").forEach(function (x) { x.classList.remove("selected"); });
    el.classList.add("selected");
    if (el.dataset.stances) showStances(el); else showEvent(el);
  }
  document.addEventListener("click", activate);
  document.addEventListener("keydown", activate);

  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.addEventListener("change", function (evt) {
      if (evt.target.matches("select, input[type=checkbox]")) form.submit();
    });
  });
})();
