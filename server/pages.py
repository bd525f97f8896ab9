"""HTML for people: the home page, the query page, named queries, and a page per minted IRI.

A resource's IRI is ``settings.base_iri`` + the request path, whatever Host the request came
to, so the pages work behind a proxy and on a laptop alike. RDF clients asking for the same
path get its description directly (no 303), by content negotiation.
"""
from __future__ import annotations

import html
import re

import pyoxigraph as ox
from flask import Blueprint, Response, abort, render_template, request

from kg.namespaces import PREFIXES
from kg.query import named_query_details
from kg import linked_data
from server import sparql
from server.descriptions import rdf_response

_HTML = sparql._HTML
_RESOURCE_OFFERS = sparql.formats_for("graph") + (_HTML,)


def named_queries() -> list[dict]:
    """Each ``queries/*.rq`` with its header's title and description (parsed by kg.query)."""
    return [{"name": q.name, "file": q.path.name, "title": q.title, "header": q.description, "text": q.text}
            for q in named_query_details()]


def local_path(iri: str, base: str) -> str:
    """The path on this server that dereferences ``iri`` ("" for IRIs minted elsewhere)."""
    return "/" + iri[len(base):] if iri and iri.startswith(base) else ""


_LINKABLE = re.compile(r"https?://[^\s\x00-\x1f]+", re.IGNORECASE)


def outside_href(iri: str) -> str | None:
    """``iri`` if a page may link to it: http(s) only, whatever the store holds (a javascript:
    or data: IRI in a link would run script in this server's origin)."""
    return iri if _LINKABLE.fullmatch(iri) else None


def create_blueprint(holder, settings) -> Blueprint:
    pages = Blueprint("pages", __name__)
    base = settings.base_iri

    @pages.app_template_filter("term")
    def term_html(term) -> str:
        """A term as HTML: minted IRIs link here, other IRIs link out, literals are text."""
        if term is None:
            return ""
        if isinstance(term, ox.NamedNode):
            href = local_path(term.value, base) or outside_href(term.value)
            if href is None:
                return html.escape(_short(term.value, base))
            return f'<a href="{html.escape(href)}">{html.escape(_short(term.value, base))}</a>'
        if isinstance(term, ox.Literal):
            return html.escape(term.value)
        return html.escape(str(term))

    @pages.route("/")
    def home():
        try:
            stats = holder.stats()
            error = None
        except sparql.ProtocolError as exc:
            stats, error = None, exc.message
        return render_template("home.html", stats=stats, error=error, queries=named_queries(),
                               settings=settings, endpoint=request.host_url + "sparql")

    @pages.route("/query")
    def query_page():
        return render_template("query.html", settings=settings, initial=request.args.get("query", ""))

    @pages.route("/queries/<name>.rq")
    def named_query(name: str):
        for query in named_queries():
            if query["name"] == name:
                return Response(query["text"], content_type="application/sparql-query; charset=utf-8")
        abort(404)

    return pages


_SHORT_PREFIXES = tuple((prefix + ":", PREFIXES[prefix]) for prefix in (
    "ont", "wd", "dbr", "topic", "rdf", "rdfs", "owl", "dct", "schema", "prov", "nif", "itsrdf", "skos", "xsd"))


def _short(iri: str, base: str) -> str:
    for prefix, ns in _SHORT_PREFIXES:
        if iri.startswith(ns):
            return prefix + iri[len(ns):]
    if iri.startswith(base):
        return iri[len(base):]
    return iri


def resource_view(holder, settings):
    """The view function for every minted IRI space (entity/, doc/, stance/, ...)."""
    base = settings.base_iri

    def view(rest: str):
        iri = base + request.path.lstrip("/")
        fmt = sparql.choose_format(request, _RESOURCE_OFFERS, request.args.get("format"))
        store = holder.get()
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise sparql.NotFound(f"{request.path} is not a valid resource path") from None
        if fmt is _HTML:
            data = linked_data.view(store, iri, base)
            if data is None:
                raise sparql.NotFound(f"nothing is known about <{iri}>")
            response = Response(render_template("resource.html", r=data, settings=settings),
                                content_type="text/html; charset=utf-8")
            response.vary.add("Accept")
            return response
        triples = linked_data.describe(store, iri, base, settings.max_result_rows)
        if not triples:
            raise sparql.NotFound(f"nothing is known about <{iri}>")
        return rdf_response(triples, fmt)

    return view
