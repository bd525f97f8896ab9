"""With allow_service off, a kg serve worker cannot open any connection, whatever the query says."""
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent("""
    import socket, sys, threading, pyoxigraph as ox
    from server.outbound import forbid_outbound_connections
    listener = socket.socket(); listener.bind(("127.0.0.1", 0)); listener.listen(8); listener.settimeout(0.3)
    port = listener.getsockname()[1]
    assert forbid_outbound_connections()
    outcomes = []
    def attempt():
        try:
            list(ox.Store().query(f"SELECT * {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"))
            outcomes.append("answered")
        except OSError as exc:
            outcomes.append(type(exc).__name__)
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1)
            outcomes.append("connected")
        except OSError as exc:
            outcomes.append(type(exc).__name__)
    thread = threading.Thread(target=attempt); thread.start(); thread.join()   # a thread started after
    attempt()                                                                   # and the calling one
    try:
        listener.accept()
        outcomes.append("listener saw a connection")
    except socket.timeout:
        pass
    print(" ".join(outcomes))
""")


def test_forbid_outbound_connections():
    result = subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["PermissionError"] * 4, result.stdout
