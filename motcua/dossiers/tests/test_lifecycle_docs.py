"""docs/lifecycle.md shows the lifecycle the code has: its generated sections (the state diagram
and the table of actions) are exactly what dossiers.lifecycle renders, and
``manage.py lifecycle_docs`` keeps them so."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from motcua.dossiers import lifecycle

DOC = Path(__file__).resolve().parents[3] / "docs" / "lifecycle.md"


def section(name: str, body: str) -> str:
    return f"<!-- lifecycle:{name} -->\n\n{body}\n<!-- /lifecycle:{name} -->"


def test_the_page_shows_the_diagram_and_the_table_the_code_renders():
    text = DOC.read_text(encoding="utf-8")
    for name in ("diagram", "table"):
        assert text.count(f"<!-- lifecycle:{name} -->") == 1
        assert text.count(f"<!-- /lifecycle:{name} -->") == 1
    assert section("diagram", f"```mermaid\n{lifecycle.mermaid()}```\n") in text
    assert section("table", lifecycle.markdown_table()) in text


def test_the_table_has_a_row_for_every_action():
    rows = [line for line in lifecycle.markdown_table().splitlines() if line.startswith("| `")]
    assert [row.split("`")[1] for row in rows] == list(lifecycle.ACTIONS)
    assert all(row.count(" | ") == 7 for row in rows)  # eight cells: no "|" leaks out of a cell


def test_the_command_finds_the_page_up_to_date():
    call_command("lifecycle_docs", "--check", stdout=StringIO())


def test_the_command_rewrites_a_stale_section_and_check_names_it(tmp_path):
    stale = tmp_path / "lifecycle.md"
    text = DOC.read_text(encoding="utf-8")
    stale.write_text(text.replace(lifecycle.markdown_table(), "| old | table |\n"), encoding="utf-8")
    with pytest.raises(CommandError, match="table") as refused:
        call_command("lifecycle_docs", "--check", file=stale)
    assert "diagram" not in str(refused.value)
    call_command("lifecycle_docs", file=stale, stdout=StringIO())
    assert stale.read_text(encoding="utf-8") == text
