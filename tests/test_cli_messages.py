"""The CLI without silent surprises: parameters and formats a query cannot use are errors that
say what would work, malformed queries are explained in words, a busy port is one line,
`./run` takes the serve options, and `kg build` reports progress with a total in logs."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import _LineProgress, _count_articles
from kg.cli import main as kg
from kg.query import query_parameters
from kg.sparql_messages import explain_syntax_error

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def store_args(sample_store):
    return ["--store", sample_store[0].store]


def test_unknown_parameter_is_an_error_listing_the_querys_parameters(store_args, capsys):
    assert kg(["query", "who-supports", "--param", "topic=ukraine_nato_membership", *store_args]) == 2
    err = capsys.readouterr().err
    assert "unknown parameter topic" in err and "topicKey" in err and "holderLabel" in err
    assert kg(["query", "stances", "--param", "foo=bar", *store_args]) == 2
    assert "foo" in capsys.readouterr().err


def test_declared_parameters_still_bind(store_args, capsys):
    assert kg(["query", "who-supports", "--param", "topicKey=ukraine_nato_membership", *store_args]) == 0
    assert "Volodymyr Zelenskyy" in capsys.readouterr().out


def test_inline_query_parameters_are_its_variables(store_args, capsys):
    assert query_parameters("SELECT ?x WHERE { ?x ?p $o }") == ["x", "p", "o"]
    text = "SELECT ?x WHERE { ?x a ?type } LIMIT 1"
    assert kg(["query", text, "--param", "kind=x", *store_args]) == 2
    assert "takes x, type" in capsys.readouterr().err


@pytest.mark.parametrize("query, fmt, fits", [
    ("stances", "turtle", "table, json, csv, tsv"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1", "csv", "table, turtle, ntriples"),
    ("ASK { ?s ?p ?o }", "json", "table"),
])
def test_a_format_that_does_not_fit_is_an_error_naming_those_that_do(store_args, capsys, query, fmt, fits):
    assert kg(["query", query, "--format", fmt, *store_args]) == 2
    err = capsys.readouterr().err
    assert f"--format {fmt} does not fit" in err and fits in err


@pytest.mark.parametrize("text, says", [
    ("SELEC ?x WHERE { ?x ?p ?o }", "unknown keyword SELEC at 1:1 — did you mean SELECT?"),
    ("SELECT ?x WHRE { ?x ?p ?o }", "unknown keyword WHRE at 1:11 — did you mean WHERE?"),
    ("SELECT * WHERE { ?x foo:bar ?y }", "unknown prefix foo: at 1:21"),
    ("SELECT ?x WHERE {\n  ?x ?p ?o\n", "{ opened at 1:17 is never closed — add }"),
    ("SELECT ?x WHERE { ?x ?p ?o } }", "unexpected } at 1:30"),
    ("SELECT ?x WHERE { ?x ?p }", "incomplete pattern"),
    ("SELECT ?x WHERE { ?x ?p ?o } LIMT 5", "did you mean LIMIT?"),
])
def test_malformed_queries_are_explained(text, says):
    try:
        ox.Store().query(text)
    except SyntaxError as exc:
        message = explain_syntax_error(text, str(exc))
    else:
        pytest.fail("the query parsed")
    assert says in message
    assert "\\u{" not in message and "'0' ..=" not in message  # no character classes
    assert message.splitlines()[-1].strip() == "^"


def test_malformed_query_message_on_the_command_line(store_args, capsys):
    assert kg(["query", "SELEC ?x WHERE { ?x ?p ?o }", *store_args]) == 3
    err = capsys.readouterr().err
    assert err.startswith("error: malformed query: unknown keyword SELEC at 1:1 — did you mean SELECT?")
    assert "Traceback" not in err


def test_no_false_alarm_on_the_named_queries():
    for path in sorted((REPO / "queries").glob("*.rq")):
        ox.Store().query(path.read_text())  # every named query parses …
        message = explain_syntax_error(path.read_text(), "error at 1:1: expected X")
        assert message.startswith("syntax error"), (path.name, message)  # … and no heuristic fires on it


def test_a_busy_port_is_one_line_saying_how_to_pick_another(sample_store):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "kg.cli", "serve", "--store", sample_store[0].store,
                               "--port", str(port)], cwd=REPO, capture_output=True, text=True, timeout=60,
                              env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "in use" in lines[0] and f"--port {port + 1}" in lines[0]


def test_run_refuses_options_it_does_not_take_before_doing_anything():
    done = subprocess.run(["bash", str(REPO / "run"), "--prune"], capture_output=True, text=True, timeout=30)
    assert done.returncode == 2 and "unknown option --prune" in done.stderr and "--port" in done.stderr
    done = subprocess.run(["bash", str(REPO / "run"), "--port"], capture_output=True, text=True, timeout=30)
    assert done.returncode == 2 and "--port needs a value" in done.stderr
    text = (REPO / "run").read_text()
    assert 'kg serve ${serve_args[@]+"${serve_args[@]}"}' in text and "kg build ||" in text


def test_build_progress_in_a_log_has_a_total(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    for i in range(3):
        (corpus / f"a{i}.txt").write_text(f"Title: A{i}\n\nNATO met in Brussels.\n")
    (corpus / "more.jsonl").write_text('{"text": "One."}\n\n{"text": "Two."}\n')
    (corpus / "a0.meta.json").write_text("{}")
    assert _count_articles([corpus]) == 5
    import io
    out = io.StringIO()
    bar = _LineProgress(25, stream=out)
    for _ in range(25):
        bar.update(1)
    bar.close()
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("building: 2/25 (8%) documents") and lines[-1].startswith("building: 25/25 (100%)")
    assert len(lines) == 13  # one line every 2 documents, and the last


def test_kg_build_prints_progress_lines_when_not_a_terminal(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    for i in range(2):
        (corpus / f"a{i}.txt").write_text(f"Title: A{i}\n\nNATO met in Brussels on Monday.\n")
    done = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(corpus), "--store", str(tmp_path / "s"),
                           "--no-validate"], cwd=REPO, capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert done.returncode == 0, done.stderr
    progress = [line for line in done.stderr.splitlines() if line.startswith("building:")]
    assert progress and progress[-1].startswith("building: 2/2 (100%) documents")
