"""kg.graph: the two graphs, the analytics and the exports, on small hand-built graphs."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from kg import graph as kgg

B = "http://example.org/"


def stance(holder: str, topic: str, polarity: str, when: str = "", conditional: bool = False,
           htype: str = "person", doc: str = "d1") -> dict[str, str]:
    """A row as ``stance_rows`` gives it."""
    return {"stance": f"{B}stance/{holder}-{topic}-{polarity}-{when}-{doc}", "holder": B + holder,
            "holderLabel": holder.title(), "holderWikidata": "", "holderType": htype, "topicKey": topic,
            "topicLabel": topic.replace("_", " "), "polarity": polarity, "conditional": str(conditional).lower(),
            "date": when, "when": when, "doc": f"{B}doc/{doc}", "evidence": f"{holder} on {topic}",
            "confidence": "0.9", "sourceFile": f"{doc}.txt", "docTitle": "", "publisher": ""}


# --- position graph --------------------------------------------------------------------------

def test_position_graph_has_typed_actors_topics_and_one_edge_per_stance():
    rows = [stance("ann", "x", "support", "2025-04-04"), stance("ann", "x", "oppose", "2025-12-15"),
            stance("usa", "x", "oppose", conditional=True, htype="country")]
    G = kgg.position_graph(rows)
    assert isinstance(G, nx.MultiDiGraph)
    assert G.nodes[B + "ann"] == {"kind": "actor", "type": "person", "label": "Ann", "wikidata": ""}
    assert G.nodes[B + "usa"]["type"] == "country"
    assert G.nodes[kgg.topic_node("x")]["kind"] == "topic"
    assert G.number_of_edges() == 3
    assert G.number_of_edges(B + "ann", kgg.topic_node("x")) == 2
    edge = G.edges[B + "usa", kgg.topic_node("x"), rows[2]["stance"]]
    assert edge["polarity"] == "oppose" and edge["conditional"] is True and edge["confidence"] == 0.9


# --- dates and agreement ---------------------------------------------------------------------

@pytest.mark.parametrize("a, b, window, expected", [
    ("2025-04-04", "2025-04-04", 0, True),
    ("2025-04-04", "2025-04-05", 0, False),
    ("2025-04-04", "2025-04-05", 1, True),
    ("2025-04", "2025-04-30", 0, True),      # a month covers its days
    ("2025", "2025-12-31", 0, True),         # a year covers its days
    ("2025-03", "2025-04-01", 0, False),
    ("", "2025-04-01", 0, True),             # undated overlaps everything
])
def test_intervals_overlap(a, b, window, expected):
    assert kgg.intervals_overlap(a, b, window) is expected


def test_agreement_needs_same_topic_and_overlapping_times():
    rows = [stance("ann", "x", "support", "2025-04-04"), stance("bob", "x", "support", "2025-04"),
            stance("cat", "x", "oppose", "2025-04-04"), stance("dan", "x", "support", "2024-01-01"),
            stance("eve", "y", "support", "2025-04-04")]
    A = kgg.agreement_graph(rows)
    assert A.edges[B + "ann", B + "bob"]["topics"] == {"x": {"agree": 1, "disagree": 0}}
    assert A.edges[B + "ann", B + "cat"]["disagree"] == 1
    assert A.edges[B + "bob", B + "cat"]["weight"] == -1
    assert not A.has_edge(B + "ann", B + "dan")   # same polarity, but a year earlier
    assert not A.has_edge(B + "ann", B + "eve")   # different topic
    assert set(A.nodes) == {B + n for n in ("ann", "bob", "cat", "dan", "eve")}


def test_agreement_graph_from_a_position_graph_is_the_same():
    rows = [stance("ann", "x", "support"), stance("bob", "x", "oppose"), stance("bob", "y", "oppose"),
            stance("cat", "y", "oppose")]
    a1, a2 = kgg.agreement_graph(rows), kgg.agreement_graph(kgg.position_graph(rows))
    assert sorted(a1.edges(data=True)) == sorted(a2.edges(data=True))


# --- analytics -------------------------------------------------------------------------------

def test_central_actors_ranks_by_topics_then_label():
    rows = [stance("ann", t, "support") for t in ("x", "y", "z")] + \
           [stance("bob", t, "oppose") for t in ("x", "y")] + [stance("cat", "z", "support")] * 3
    G = kgg.position_graph(rows)
    ranked = kgg.central_actors(G, k=3)
    assert [n for n, _ in ranked] == [B + "ann", B + "bob", B + "cat"]
    assert all(not n.startswith(kgg.topic_node("")) for n, _ in kgg.central_actors(G, k=10))
    assert len(kgg.central_actors(G, k=2)) == 2


def test_central_actors_betweenness_finds_the_bridge():
    # ann — x — bob — y — cat: bob is the only actor on every path between the others
    rows = [stance("ann", "x", "support"), stance("bob", "x", "support"), stance("bob", "y", "oppose"),
            stance("cat", "y", "oppose")]
    top, score = kgg.central_actors(kgg.position_graph(rows), k=1, measure="betweenness")[0]
    assert top == B + "bob" and score > 0
    with pytest.raises(ValueError):
        kgg.central_actors(kgg.position_graph(rows), measure="nonsense")


def test_aligned_communities_finds_two_blocs():
    left, right = ("ann", "bob", "cat"), ("dan", "eve", "fay")
    rows = [stance(a, "x", "support") for a in left] + [stance(a, "y", "oppose") for a in left] + \
           [stance(a, "x", "oppose") for a in right] + [stance(a, "y", "support") for a in right]
    communities = kgg.aligned_communities(kgg.agreement_graph(rows))
    assert sorted(sorted(c) for c in communities) == [[B + a for a in left], [B + a for a in right]]
    assert kgg.aligned_communities(kgg.position_graph(rows)) == communities  # from the position graph too


def test_aligned_communities_of_pure_disagreement_is_empty():
    rows = [stance("ann", "x", "support"), stance("bob", "x", "oppose")]
    assert kgg.aligned_communities(kgg.agreement_graph(rows)) == []


def test_divisive_topics_ranks_an_even_split_first():
    rows = [stance("ann", "x", "support"), stance("bob", "x", "support"), stance("cat", "x", "oppose"),
            stance("dan", "x", "oppose"),                                               # 2 v 2
            stance("ann", "y", "support"), stance("bob", "y", "support"), stance("cat", "y", "support"),
            stance("dan", "y", "oppose"),                                               # 3 v 1
            stance("ann", "z", "oppose"), stance("bob", "z", "oppose")]                 # 0 v 2
    splits = kgg.divisive_topics(kgg.position_graph(rows))
    assert [(s.topic, s.support, s.oppose, s.split) for s in splits] == [
        ("x", 2, 2, 1.0), ("y", 3, 1, 0.5), ("z", 0, 2, 0.0)]


def test_an_actor_counts_once_per_topic_with_its_majority_or_latest_position():
    rows = [stance("ann", "x", "support", "2025-04-04"), stance("ann", "x", "oppose", "2025-12-15"),
            stance("bob", "x", "support"), stance("bob", "x", "support", doc="d2"), stance("bob", "x", "oppose")]
    positions = kgg.actor_positions(kgg.position_graph(rows))
    assert positions[(B + "ann", kgg.topic_node("x"))] == "oppose"    # tie: the latest wins
    assert positions[(B + "bob", kgg.topic_node("x"))] == "support"   # majority


def test_filter_rows_by_topic_actor_source_and_dates():
    rows = [stance("ann", "x", "support", "2025-04-04", doc="a"), stance("ann", "x", "oppose", "2025-12-15", doc="b"),
            stance("bob", "y", "support", "", doc="a")]
    assert len(kgg.filter_rows(rows, topic="x")) == 2
    assert len(kgg.filter_rows(rows, actor="Bob")) == 1
    assert len(kgg.filter_rows(rows, actor=B + "ann")) == 2
    assert len(kgg.filter_rows(rows, source="a.txt")) == 2
    assert [r["polarity"] for r in kgg.filter_rows(rows, topic="x", date_from="2025-04", date_to="2025-06")] == ["support"]
    assert len(kgg.filter_rows(rows, date_from="2025-05-01")) == 2           # the undated one stays
    assert len(kgg.filter_rows(rows, date_from="2025-05-01", include_undated=False)) == 1


# --- exports ---------------------------------------------------------------------------------

@pytest.fixture
def small_graph():
    return kgg.position_graph([stance("ann", "x", "support", "2025-04-04"),
                               stance("bob", "x", "oppose", conditional=True, htype="country"),
                               stance("cat", "y", "support", htype="organization")])


def test_graphml_gexf_and_json_exports_read_back(small_graph, tmp_path):
    kgg._write_graphml(small_graph, tmp_path / "g.graphml")
    back = nx.read_graphml(tmp_path / "g.graphml")
    assert back.number_of_nodes() == 5 and back.number_of_edges() == 3
    kgg._write_gexf(small_graph, tmp_path / "g.gexf")
    assert ET.parse(tmp_path / "g.gexf").getroot().tag.endswith("gexf")
    kgg._write_json(small_graph, tmp_path / "g.json")
    data = json.loads((tmp_path / "g.json").read_text())
    assert len(data["nodes"]) == 5 and len(data["edges"]) == 3
    assert data["graph"]["analytics"]["divisive_topics"][0]["topic"] == "x"
    agreement = kgg.agreement_graph(small_graph)
    kgg._write_graphml(agreement, tmp_path / "a.graphml")      # its dict attribute becomes JSON text
    edge = next(iter(nx.read_graphml(tmp_path / "a.graphml").edges(data=True)))[2]
    assert json.loads(edge["topics"]) == {"x": {"agree": 0, "disagree": 1}}


def _rgb(path):
    """The PNG decoded: rows × columns × (r, g, b) in 0–255."""
    import numpy as np
    from matplotlib import image
    return (image.imread(path)[..., :3] * 255).round().astype(np.int16)


def _pixels(rgb, colour: str, alpha: float = 1.0) -> int:
    """How many pixels are ``colour`` (drawn with ``alpha`` over the white background)."""
    import numpy as np
    target = np.array([round(int(colour[i:i + 2], 16) * alpha + 255 * (1 - alpha)) for i in (1, 3, 5)], np.int16)
    return int((np.abs(rgb - target) <= 3).all(axis=-1).sum())


def test_png_draws_each_node_and_edge_of_the_graph(small_graph, tmp_path):
    """The PNG decodes, and each node type and stance polarity the graph holds is drawn in its
    colour, over an area only a node (not the legend's marker alone) covers; absent ones are not."""
    from kg.graph.drawing import EDGE_COLORS, NODE_STYLE

    png = _rgb(kgg.draw_graph(small_graph, tmp_path / "g.png"))
    height, width = png.shape[:2]
    assert width > height > 1000
    # one person, one organisation, one country, two topics (a node covers ~1,200 px, its legend marker ~300)
    assert _pixels(png, NODE_STYLE["person"]["color"]) > 1000
    assert _pixels(png, NODE_STYLE["organization"]["color"]) > 1000
    assert _pixels(png, NODE_STYLE["country"]["color"]) > 1000
    assert _pixels(png, NODE_STYLE["topic"]["color"]) > 2 * 4000
    # two support curves and one (dashed) oppose curve, drawn at alpha 0.75
    assert _pixels(png, EDGE_COLORS["support"], 0.75) > 2 * 1000
    assert _pixels(png, EDGE_COLORS["oppose"], 0.75) > 1000

    agreement = _rgb(kgg.draw_graph(kgg.agreement_graph(small_graph), tmp_path / "a.png"))
    assert _pixels(agreement, NODE_STYLE["person"]["color"]) > 1000
    assert _pixels(agreement, NODE_STYLE["topic"]["color"]) == 0          # no topics in an agreement graph
    assert _pixels(agreement, EDGE_COLORS["disagree"], 0.7) > 1000        # Ann and Bob disagree on x
    assert _pixels(agreement, EDGE_COLORS["agree"], 0.7) == 0

    empty = _rgb(kgg.draw_graph(nx.MultiDiGraph(), tmp_path / "e.png"))
    assert all(_pixels(empty, style["color"]) == 0 for kind, style in NODE_STYLE.items() if kind != "actor")
    assert _pixels(empty, EDGE_COLORS["support"], 0.75) == 0


def _svg_texts(path) -> list[str]:
    """The texts of a matplotlib SVG, in drawing order (its glyphs are paths, each text preceded
    by a comment holding it)."""
    import re
    ET.parse(path)                                   # well-formed XML
    return re.findall(r"<!-- (.*?) -->", path.read_text(encoding="utf-8"))


def test_svg_labels_every_node_and_says_what_it_shows(small_graph, tmp_path):
    edges = ["supports", "opposes", "conditional stance", "thicker = more stances"]
    assert _svg_texts(kgg.draw_graph(small_graph, tmp_path / "g.svg")) == [
        "Ann", "Bob", "Cat", "x", "y", "Who stands where: 3 actors, 2 topics, 3 stances",
        "Node types and edges", "person", "organisation", "country", "topic", *edges]
    assert _svg_texts(kgg.draw_graph(kgg.agreement_graph(small_graph), tmp_path / "a.svg")) == [
        "Ann", "Bob", "Cat", "Who agrees with whom: 3 actors, 1 pairs", "Node types and edges",
        "person", "organisation", "country",
        "agree more than disagree", "disagree more than agree", "as often both", "thicker = more topic pairs"]
    assert _svg_texts(kgg.draw_graph(nx.MultiDiGraph(), tmp_path / "e.svg")) == [
        "no stances match", "Who stands where: 0 actors, 0 topics, 0 stances", "Node types and edges", *edges]


def test_export_graph_from_a_store(tmp_path):
    """``kg graph`` on a real (in-memory) store holding two stances."""
    import pyoxigraph as ox
    from kg.config import Settings

    base = "http://127.0.0.1:8000/"
    turtle = f"""
    @prefix ont: <https://w3id.org/newskg/ontology#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix prov: <http://www.w3.org/ns/prov#> .
    @prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix dct: <http://purl.org/dc/terms/> .
    <https://w3id.org/newskg/topic/x> skos:notation "x" ; skos:prefLabel "Topic X"@en .
    <{base}entity/ann> a ont:Person ; rdfs:label "Ann" .
    <{base}entity/usa> a ont:Country ; rdfs:label "USA" .
    <{base}doc/d1> a ont:Document ; ont:sourceFile "d1.txt" ; dct:date "2025-04-04"^^xsd:date .
    <{base}stance/1> a ont:Stance ; ont:holder <{base}entity/ann> ; ont:topic <https://w3id.org/newskg/topic/x> ;
        ont:polarity "support" ; ont:conditional false ; prov:wasDerivedFrom <{base}doc/d1> .
    <{base}stance/2> a ont:Stance ; ont:holder <{base}entity/usa> ; ont:topic <https://w3id.org/newskg/topic/x> ;
        ont:polarity "oppose" ; ont:conditional true ; ont:date "2025-12"^^xsd:gYearMonth ;
        prov:wasDerivedFrom <{base}doc/d1> .
    """
    store = ox.Store()
    store.load(turtle.encode(), ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(base + "graph/d1"))
    settings = Settings(base_iri=base)
    rows = kgg.stance_rows(settings, store)
    by_holder = {r["holderLabel"]: r for r in rows}
    assert by_holder["Ann"]["holderType"] == "person" and by_holder["Ann"]["when"] == "2025-04-04"
    assert by_holder["USA"]["holderType"] == "country" and by_holder["USA"]["when"] == "2025-12"
    assert by_holder["USA"]["topicLabel"] == "Topic X"
    out = kgg.export_graph(settings, "json", str(tmp_path / "sub" / "p.json"), store=store)
    assert out == [tmp_path / "sub" / "p.json"]
    assert len(json.loads(out[0].read_text())["edges"]) == 2
    details = kgg.stance_details(settings, [base + "stance/2"], store)
    assert details[base + "stance/2"]["docFile"] == "d1.txt"
    with pytest.raises(ValueError):
        kgg.export_graph(settings, "pdf", str(tmp_path / "p.pdf"), store=store)
