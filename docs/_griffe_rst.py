"""A griffe extension for the docs build: aiosm's reST docstring markup, rendered as Markdown.

aiosm's docstrings are written for ``help()`` and editors, in light reStructuredText:
``:class:`~aiosm.models.Operation``` roles and ``::`` literal blocks. mkdocstrings renders
docstrings as Markdown, so this rewrites, for the docs site only:

* a role becomes an *optional* cross-reference: a link where the target is documented on the
  site, plain code otherwise (never a broken-link warning, so ``mkdocs build --strict`` holds);
  a short name is looked up in the docstring's own module first;
* a paragraph ending in ``::`` ends in ``:`` (a lone ``::`` line disappears), and the indented
  block after it is fenced as Python code;
* special methods (``__repr__``, ``__aenter__``, ...) are left out of the reference: what they
  give users (``async with``, ``await op``) is said in their class's docstring.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

ROLE = re.compile(r":(?:class|func|meth|attr|mod|exc|data|obj):`(~)?([\w.]+)(\(\))?`")


def _identifier(name: str, obj: griffe.Object) -> str:
    """``name`` as written, or qualified by the docstring's module when it names a member there."""
    if "." in name:
        return name
    module = obj.module
    head = name.split(".", 1)[0]
    if head in module.members:
        return f"{module.path}.{name}"
    parent = obj.parent
    if isinstance(parent, griffe.Class) and head in parent.members:
        return f"{parent.path}.{name}"
    if isinstance(obj, griffe.Class) and head in obj.members:
        return f"{obj.path}.{name}"
    return name


def _role(match: re.Match[str], obj: griffe.Object) -> str:
    short, name, call = match.group(1), match.group(2), match.group(3) or ""
    title = (name.rsplit(".", 1)[-1] if short else name) + call
    return f'<autoref identifier="{_identifier(name, obj)}" optional><code>{title}</code></autoref>'


def _literal_blocks(text: str) -> str:
    """reST ``::`` paragraphs to a colon plus a fenced Python block (the indented lines after it)."""
    lines = text.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.rstrip().endswith("::"):
            out.append(line)
            i += 1
            continue
        stripped = line.rstrip()[:-2].rstrip()
        if stripped:
            out.append(stripped + ":")
        base = len(line) - len(line.lstrip())
        i += 1
        block: list[str] = []
        while i < len(lines) and (not lines[i].strip() or len(lines[i]) - len(lines[i].lstrip()) > base):
            block.append(lines[i])
            i += 1
        while block and not block[-1].strip():
            block.pop()
        while block and not block[0].strip():
            block.pop(0)
        body = [entry for entry in block if entry.strip()]
        if not body:
            continue
        indent = min(len(entry) - len(entry.lstrip()) for entry in body)
        pad = " " * base
        out.append("")
        out.append(pad + "```python")
        out.extend(pad + entry[indent:] if entry.strip() else "" for entry in block)
        out.append(pad + "```")
        out.append("")
    return "\n".join(out)


def _special(name: str) -> bool:
    return name.startswith("__") and name.endswith("__") and name != "__init__"


def _rewrite(obj: griffe.Object) -> None:
    docstring = obj.docstring
    if docstring is not None:
        text = _literal_blocks(docstring.value)
        docstring.value = ROLE.sub(lambda match: _role(match, obj), text)
    if isinstance(obj, griffe.Class):
        for name in [name for name in obj.members if _special(name)]:
            del obj.members[name]
    for member in obj.members.values():
        if not member.is_alias and isinstance(member, griffe.Object):
            _rewrite(member)


class RestToMarkdown(griffe.Extension):
    """Rewrites every docstring of a package once griffe has loaded all of it."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        _rewrite(pkg)
