"""The web cache beside the store: raw pages and extracted texts, content-addressed.

Layout (``<store>-cache/``)::

    objects/ab/ab12…ef      a raw response body or an extracted text, named by its SHA-256
    urls/<sha1 of URL>.json what was last fetched from a URL: status, ETag, Last-Modified,
                            retrieval time, final URL, the object hashes and the document's metadata
    feeds/<sha1 of URL>.json a feed's ETag / Last-Modified and the entries already taken

Objects are written once (to a temporary name, then renamed), so a crash never leaves a
half-written object and two URLs serving the same bytes share one file.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path


def cache_dir_for(store: str | os.PathLike) -> Path:
    """``data/store`` -> ``data/store-cache``: beside the store, one cache per store."""
    store = Path(store)
    return store.with_name(store.name + "-cache")


class WebCache:
    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    # --- content-addressed objects ---------------------------------------------------------

    def put(self, data: bytes) -> str:
        """Store ``data`` under its SHA-256 (once) and return the hash."""
        digest = hashlib.sha256(data).hexdigest()
        path = self.object_path(digest)
        if not path.exists():
            _atomic_write(path, data)
        return digest

    def get(self, digest: str) -> bytes | None:
        try:
            return self.object_path(digest).read_bytes()
        except OSError:
            return None

    def object_path(self, digest: str) -> Path:
        return self.root / "objects" / digest[:2] / digest

    # --- per-URL and per-feed records --------------------------------------------------------

    def url_record(self, url: str) -> dict | None:
        return self._read_json(self._keyed("urls", url))

    def save_url_record(self, url: str, record: dict) -> None:
        _atomic_write(self._keyed("urls", url), json.dumps(record, indent=1, sort_keys=True).encode())

    def feed_state(self, feed_url: str) -> dict:
        return self._read_json(self._keyed("feeds", feed_url)) or {"feed": feed_url, "seen": []}

    def save_feed_state(self, feed_url: str, state: dict) -> None:
        _atomic_write(self._keyed("feeds", feed_url), json.dumps(state, indent=1, sort_keys=True).encode())

    def _keyed(self, kind: str, url: str) -> Path:
        return self.root / kind / (hashlib.sha1(url.encode("utf-8")).hexdigest() + ".json")

    @staticmethod
    def _read_json(path: Path) -> dict | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None   # a missing or damaged record only costs a full (unconditional) request
        return data if isinstance(data, dict) else None


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
