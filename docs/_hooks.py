"""MkDocs hook: fills the generated sections of the family and migration pages from the operation table."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import _generate


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    """Replace the generation markers with the pages made from ``aiosm.operation.REGISTRY``."""
    if _generate.FAMILIES_MARKER in markdown:
        markdown = markdown.replace(_generate.FAMILIES_MARKER, _generate.families_markdown())
    if _generate.MIGRATION_MARKER in markdown:
        markdown = markdown.replace(_generate.MIGRATION_MARKER, _generate.migration_markdown())
    return markdown
