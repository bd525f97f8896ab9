"""What validation found: ``Violation``, ``ValidationReport``, and reading pyshacl's results graph."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import rdflib
from rdflib.namespace import SH

_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


class Violation(NamedTuple):
    """One SHACL result: the node at fault, the property (full IRI, or None), what is wrong, how bad."""
    focus: str
    path: str | None
    message: str
    severity: str  # "Violation" | "Warning" | "Info"

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        return f"[{self.severity}] {self.focus}{where}: {self.message}"


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    text: str = ""

    def summary(self, limit: int = 20) -> str:
        """A few lines a person can act on: one per result, most severe first."""
        if not self.violations:
            return "conforms: no SHACL violations"
        lines = [f"{len(self.violations)} SHACL result(s):"]
        lines += [f"  {v}" for v in self.violations[:limit]]
        if len(self.violations) > limit:
            lines.append(f"  … and {len(self.violations) - limit} more")
        return "\n".join(lines)


def _report(conforms: bool, violations: list[Violation], text: str, extra: list[Violation]) -> ValidationReport:
    violations = sorted(violations + extra, key=_order)
    failed = any(v.severity == "Violation" for v in extra)
    if extra:
        if failed:
            text = text.replace("Conforms: True", "Conforms: False", 1)
        text += "".join(f"\nWhole-graph check ({v.severity}): {v.focus}: {v.message}" for v in extra)
    return ValidationReport(conforms and not failed, violations, text)


def _violations(results: rdflib.Graph) -> list[Violation]:
    out = []
    # Top-level results only: pyshacl also lists the nested ones behind sh:detail.
    for result in set(results.objects(None, SH.result)):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        severity = results.value(result, SH.resultSeverity)
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        message = "; ".join(messages) or "does not conform"
        if value is not None and str(value) not in message:
            message += f" (value: {_show(value)})"
        out.append(Violation(
            focus=_show(focus),
            path=str(path) if isinstance(path, rdflib.URIRef) else (_show_path(results, path) if path else None),
            message=message,
            severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation"))
    return out


def _order(v: Violation) -> tuple:
    return (_SEVERITY_ORDER.get(v.severity, 3), v.focus, v.path or "", v.message)


def _show(term) -> str:
    if isinstance(term, rdflib.Literal):
        return term.n3()
    return str(term) if term is not None else ""


def _show_path(graph: rdflib.Graph, path) -> str:
    """A complex SHACL path (inverse, sequence, …) written out in SPARQL path syntax."""
    try:
        from pyshacl.helper.path_helper import shacl_path_to_sparql_path
        return shacl_path_to_sparql_path(graph, path)
    except Exception:
        return str(path)
