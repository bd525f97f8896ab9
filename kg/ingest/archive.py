"""WARC archives (``.warc``, ``.warc.gz``, read with warcio): each HTML response record is an article.

Records that are not HTTP responses (requests, metadata, revisits) and responses that are
not HTML pages (images, scripts, style sheets) are passed over silently: an archive of a
crawl is full of them. An HTML page with no article text, a record over the size limit or
an unreadable archive is a SourceError naming the archive, the record and its URL.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..sources import Document, SourceError
from .web import HTML_TYPES, NoArticleText, page_document


def warc_documents(path: Path, max_bytes: int) -> Iterator[Document | SourceError]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    found = records = 0
    try:
        handle = path.open("rb")
    except OSError as e:
        yield SourceError(str(path), f"cannot read the file ({e.strerror or e})")
        return
    with handle:
        try:
            for number, record in enumerate(ArchiveIterator(handle), start=1):
                records = number
                if not str(getattr(record, "format", "warc")).startswith("warc"):
                    yield SourceError(str(path), "not a readable WARC archive (the records are not WARC records)")
                    return
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                content_type = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
                status = record.http_headers.get_statuscode()
                if content_type not in HTML_TYPES or status != "200":
                    continue
                found += 1
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                where = f"record {number} ({url or 'no WARC-Target-URI'})"
                body = record.content_stream().read(max_bytes + 1)
                if len(body) > max_bytes:
                    yield SourceError(str(path), f"{where}: page is over the {max_bytes:,}-byte limit "
                                                 "(setting max_article_bytes)")
                    continue
                headers = {name.lower(): value for name, value in record.http_headers.headers
                           if name.lower() in ("etag", "last-modified", "content-type")}
                try:
                    doc = page_document(body, url, file=path.name, path=str(path),
                                        retrieved_at=record.rec_headers.get_header("WARC-Date"), headers=headers)
                except NoArticleText as e:
                    yield SourceError(str(path), f"{where}: {e}")
                    continue
                except Exception as e:   # a page that breaks a library never stops the other records
                    yield SourceError(str(path), f"{where}: could not read the page ({type(e).__name__}: {e})")
                    continue
                doc.metadata["warc_record"] = record.rec_headers.get_header("WARC-Record-ID") or str(number)
                yield doc
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as e:
            yield SourceError(str(path), f"not a readable WARC archive ({type(e).__name__}: {e})")
            return
    if not records:
        yield SourceError(str(path), "not a readable WARC archive (no WARC records in it)")
    elif not found:
        yield SourceError(str(path), f"no HTML response records among the {records} records of this WARC archive")
