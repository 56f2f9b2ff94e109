"""Pages generated from aiosm's operation table (``aiosm.operation.REGISTRY``).

``docs/_hooks.py`` puts them into the site at build time (``mkdocs build``), so a new
declaration appears in the docs with nothing else to edit; the tests import this module to
check that every legacy method is in the migration table.
"""

from __future__ import annotations

import inspect
import re
import typing
from collections.abc import Iterable
from pathlib import Path

import aiosm
from aiosm.operation import REGISTRY, OperationSpec, spec_of
from aiosm.secret import Secret
from aiosm.xml import XmlModel

SPEC = Path(__file__).resolve().parents[1] / "tests" / "data" / "spec" / "asm-api.md"
FAMILIES_MARKER = "<!-- generated: families -->"
MIGRATION_MARKER = "<!-- generated: migration -->"

# The one facade method that is not an entry to a declared operation.
POLL_LOOP = {"wait_for_operation_status": "operations.resume(id).wait(...)"}


def _families(specs: Iterable[OperationSpec]) -> dict[str, list[OperationSpec]]:
    grouped: dict[str, list[OperationSpec]] = {}
    for spec in specs:
        grouped.setdefault(spec.family, []).append(spec)
    return dict(sorted(grouped.items()))


def _signature(spec: OperationSpec) -> str:
    parts = []
    for name, parameter in list(spec.signature.parameters.items())[1:]:
        default = "" if parameter.default is inspect.Parameter.empty else f"={parameter.default!r}"
        parts.append(f"{name}{default}")
    return f"{spec.verb}({', '.join(parts)})"


def _returns(spec: OperationSpec) -> str:
    if spec.long_running:
        return "`AsyncOperation` (await it to wait for `Succeeded`)"
    if spec.answer is None:
        return "nothing"
    assert isinstance(spec.answer, type)
    if spec.unwrap:
        field = spec.answer.model_fields[spec.unwrap]
        item = typing.get_args(field.annotation)
        name = item[0].__name__ if item and isinstance(item[0], type) else "items"
        return f"`list[{name}]` (the `{spec.unwrap}` of `<{spec.answer.xml_root()}>`)"
    return f"`{spec.answer.__name__}`"


def _request_line(spec: OperationSpec) -> str:
    query = [f"{k}={v.constant}" for k, v in spec.query.items() if v.constant is not None]
    query += [f"{k}=<{v.param}>" for k, v in spec.query.items() if v.param is not None]
    suffix = ("?" + "&".join(query)) if query else ""
    return f"`{spec.method} /<subscription-id>{spec.path}{suffix}`"


def _rules(spec: OperationSpec) -> list[str]:
    lines = []
    for param in spec.params:
        for rule in param.rules:
            lines.append(f"`{param.name}`: {rule.describe}")
    return lines


def _render(value: object) -> str:
    """An argument as Python source: models by their non-default fields, secrets as placeholders."""
    if isinstance(value, XmlModel):
        fields = []
        for name in type(value).model_fields:
            item = getattr(value, name)
            if item is None or name not in value.model_fields_set:
                continue
            fields.append(f"{name}={_render(item)}")
        return f"{type(value).__name__}({', '.join(fields)})"
    if isinstance(value, Secret):
        return "'<secret>'"
    return repr(value)


def _example(spec: OperationSpec) -> str:
    args = ", ".join(f"{k}={_render(v)}" for k, v in spec.example.items())
    call = f"await session.{spec.family}.{spec.verb}({args})"
    if spec.long_running:
        return f"op = {call}\nawait op  # polls until the operation succeeds"
    return f"result = {call}"


def family_pages(specs: Iterable[OperationSpec] = REGISTRY) -> dict[str, str]:
    """One page per resource family (``family`` -> Markdown): every operation, its request, answer,
    legacy name, rules and an example."""
    pages: dict[str, str] = {}
    session = aiosm.ServiceManagementSession("00000000-0000-0000-0000-000000000000", "unused.pem")
    for family, members in _families(specs).items():
        client = getattr(session, family)
        out = [f"# `session.{family}`\n", (inspect.getdoc(type(client)) or "").strip() + "\n"]
        out.append(
            "Generated from the operation table. Paths are relative to "
            "`https://management.core.windows.net/<subscription-id>`; `{name}` is an argument.\n"
        )
        for spec in members:
            out.append(f"## `{spec.verb}` {{ #{spec.verb} }}\n")
            out.append(f"```python\nsession.{spec.family}.{_signature(spec)}\n```\n")
            out.append(spec.doc.strip() + "\n")
            out.append(f"- **Request:** {_request_line(spec)}")
            out.append(f"- **Returns:** {_returns(spec)}")
            if spec.legacy:
                out.append(f"- **Legacy name:** `ServiceManagementService.{spec.legacy}`")
            if spec.lock:
                out.append(
                    f"- **Serializes on:** `{spec.lock}` (bulk runs such calls in order; 409 while busy)"
                )
            if spec.api_version:
                out.append(f"- **x-ms-version:** `{spec.api_version}`")
            rules = _rules(spec)
            if rules:
                out.append("- **Checked before sending** (`InvalidInputError`): " + "; ".join(rules))
            out.append(
                "- **Errors from the service:** `BadRequestError`, `NotFoundError`, `ConflictError`, ... "
                "([Errors](../../concepts/errors.md))"
            )
            out.append("\n**Example**\n")
            out.append("```python\n" + _example(spec) + "\n```\n")
        pages[family] = "\n".join(out)
    return pages


def families_markdown(specs: Iterable[OperationSpec] = REGISTRY) -> str:
    """The overview: each family, its page, and its operations."""
    lines = ["| family | operations |", "|---|---|"]
    for family, members in _families(specs).items():
        verbs = ", ".join(f"[`{s.verb}`](families/{family}.md#{s.verb})" for s in members)
        lines.append(f"| [`session.{family}`](families/{family}.md) | {verbs} |")
    return "\n".join(lines) + "\n"


def migration_rows(legacy_methods: Iterable[str]) -> list[tuple[str, str, str]]:
    """(legacy method, aiosm call, note) for every public method of the legacy service.

    A facade method made by ``legacy(...)`` takes the same arguments as its operation; one of
    the adapters of ``aiosm.compat`` (marked with the operation it enters) says in its docstring
    what it adapts.
    """
    rows = []
    for name in sorted(legacy_methods):
        method = getattr(aiosm.ServiceManagementService, name, None)
        spec = spec_of(method) if method is not None else None
        if name in POLL_LOOP:
            rows.append((name, f"`{POLL_LOOP[name]}`", ""))
        elif spec is None and method is not None:
            # A facade method with no declaration behind it (perform_*, list_subscriptions, ...).
            first = (inspect.getdoc(method) or "").split("\n\n")[0].replace("\n", " ").split(". ")[0]
            first = re.sub(r":\w+:`~?([\w.]+)`", lambda m: f"`{m.group(1).rsplit('.', 1)[-1]}`", first)
            rows.append((name, "facade method", first.rstrip(".").replace("``", "`").replace("|", "\\|")))
        elif spec is None:
            rows.append((name, "not yet", ""))
        elif spec.legacy == name and _is_forwarder(method):
            rows.append((name, f"`{spec.name}(...)`", "same"))
        else:
            first = (inspect.getdoc(method) or "").splitlines()[0]
            note = re.split(r"[;,] ", first, maxsplit=1)[-1].rstrip(".").replace("``", "`")
            rows.append((name, f"`{spec.name}(...)`", note))
    return rows


def _is_forwarder(method: object) -> bool:
    """Whether a facade method is ``legacy(...)``'s forwarder (same arguments as its operation)."""
    return getattr(method, "__qualname__", "") == getattr(method, "__name__", None)


def migration_markdown(legacy_methods: Iterable[str] | None = None) -> str:
    """The table of every legacy ``ServiceManagementService`` method and its aiosm call."""
    methods = list(legacy_methods) if legacy_methods is not None else legacy_method_names()
    lines = [
        "| legacy method | `session.` call | arguments |",
        "|---|---|---|",
    ]
    for name, target, note in migration_rows(methods):
        lines.append(f"| `{name}` | {target} | {note} |")
    done = sum(1 for _, target, _ in migration_rows(methods) if target != "not yet")
    lines.append(f"\n{done} of {len(methods)} legacy methods are available.")
    return "\n".join(lines) + "\n"


def legacy_method_names() -> list[str]:
    """The legacy ``ServiceManagementService`` methods, from the spec's operation tables (section 2)."""
    spec = SPEC.read_text(encoding="utf-8")
    section = spec[spec.index("## 2. ServiceManagementService operations") : spec.index("## 3.")]
    return sorted(
        set(re.findall(r"^\| ([a-z_]+) \| ", section, re.M))
        | {"perform_get", "perform_put", "perform_post", "perform_delete"}
    )
