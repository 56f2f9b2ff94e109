"""MkDocs hook: fills the generated sections of the family and migration pages from the operation table."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import _generate


def on_config(config: Any, **_: Any) -> Any:
    """Put one navigation entry per family page under "API by resource family"."""
    entries = [{f"session.{family}": f"api/families/{family}.md"} for family in _generate.family_pages()]

    def visit(nav: Any) -> Any:
        if isinstance(nav, list):
            return [visit(item) for item in nav]
        if isinstance(nav, dict):
            return {
                key: (["api/families.md", *entries] if value == "api/families.md" else visit(value))
                for key, value in nav.items()
            }
        return nav

    config["nav"] = visit(config["nav"])
    return config


def on_files(files: Any, config: Any, **_: Any) -> Any:
    """Add the generated family pages to the site."""
    from mkdocs.structure.files import File

    for family, markdown in _generate.family_pages().items():
        files.append(File.generated(config, f"api/families/{family}.md", content=markdown))
    return files


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    """Replace the generation markers with the pages made from ``aiosm.operation.REGISTRY``."""
    if _generate.FAMILIES_MARKER in markdown:
        markdown = markdown.replace(_generate.FAMILIES_MARKER, _generate.families_markdown())
    if _generate.MIGRATION_MARKER in markdown:
        markdown = markdown.replace(_generate.MIGRATION_MARKER, _generate.migration_markdown())
    return markdown
