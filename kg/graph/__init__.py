"""networkx views of the store: who stands where (actor–position) and who agrees with whom.

Two graphs are built from the rows of the named query ``stances`` (plus the actors' types,
the topics' labels and the documents' metadata):

* the **actor–position graph** (:func:`position_graph`), a ``MultiDiGraph`` with an edge
  actor → topic per stance, keyed by the stance IRI;
* the **agreement graph** (:func:`agreement_graph`), an undirected ``Graph`` between actors,
  whose edges count, per topic, the pairs of their stances that agree and disagree.

Analytics (:func:`central_actors`, :func:`aligned_communities`, :func:`divisive_topics`) work
on these graphs, and :func:`export_graph` writes GraphML, GEXF, node-link JSON, PNG or SVG.
The web page (``server/graph_views.py``) and ``kg graph`` both use this package.

One module per job, in the order the data flows:

* ``rows.py``      stance rows from the store, the evidence behind them, the filters;
* ``views.py``     the two graphs, and building one by name (``VIEWS``, :func:`build_view`);
* ``analysis.py``  central actors, aligned communities, divisive topics;
* ``export.py``    writing a view to a file (``EXPORTERS``, :func:`export_graph`);
* ``drawing.py``   the matplotlib picture and the layout the web page shares with it.

Date intervals (:func:`date_interval`, :func:`intervals_overlap`) live in ``kg/dates.py``.
"""
from __future__ import annotations

from ..dates import date_interval, intervals_overlap
from .rows import filter_rows, knowledge_store, stance_details, stance_rows
from .views import ACTOR_TYPES, POLARITIES, VIEWS, agreement_graph, build_view, position_graph, topic_node
from .analysis import CENTRALITY, TopicSplit, actor_positions, aligned_communities, analytics, central_actors, \
    divisive_topics
from .drawing import EDGE_COLORS, NODE_STYLE, draw_graph, layout_positions
from .export import EXPORTERS, export_graph
from .export import _write_gexf, _write_graphml, _write_json  # noqa: F401  (tests call the writers)

__all__ = [
    "ACTOR_TYPES", "CENTRALITY", "EDGE_COLORS", "EXPORTERS", "NODE_STYLE", "POLARITIES", "TopicSplit", "VIEWS",
    "actor_positions", "agreement_graph", "aligned_communities", "analytics", "build_view", "central_actors",
    "date_interval", "divisive_topics", "draw_graph", "export_graph", "filter_rows", "intervals_overlap",
    "knowledge_store", "layout_positions", "position_graph", "stance_details", "stance_rows", "topic_node",
]
