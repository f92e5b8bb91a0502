"""Writes the generated parts of docs/lifecycle.md again from dossiers.lifecycle: the state
diagram (``lifecycle.mermaid()``) and the table of actions (``lifecycle.markdown_table()``),
each between its markers; the prose around them is left as it is.

    manage.py lifecycle_docs           # rewrite both sections in place
    manage.py lifecycle_docs --check   # exit 1, naming each section that differs
"""

import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from motcua.dossiers import lifecycle

DOC = Path(settings.BASE_DIR) / "docs" / "lifecycle.md"


def sections() -> dict[str, str]:
    """What goes between ``<!-- lifecycle:NAME -->`` and ``<!-- /lifecycle:NAME -->``."""
    return {
        "diagram": f"```mermaid\n{lifecycle.mermaid()}```\n",
        "table": lifecycle.markdown_table(),
    }


def marked(name: str) -> re.Pattern[str]:
    return re.compile(rf"(<!-- lifecycle:{name} -->\n).*?(<!-- /lifecycle:{name} -->)", re.DOTALL)


class Command(BaseCommand):
    help = (
        "Ghi lại sơ đồ trạng thái và bảng thao tác trong docs/lifecycle.md từ dossiers/lifecycle.py "
        "(--check: chỉ kiểm tra, thoát với mã 1 nếu khác)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="do not write; exit 1 if a section differs")
        parser.add_argument("--file", type=Path, default=DOC, help="the document (default: docs/lifecycle.md)")

    def handle(self, check, file, **options):
        if not file.is_file():
            raise CommandError(f"{file} does not exist.")
        text = original = file.read_text(encoding="utf-8")
        differ = []
        for name, body in sections().items():
            pattern = marked(name)
            if len(pattern.findall(text)) != 1:
                raise CommandError(f"{file}: the markers of the section “{name}” are missing or repeated.")
            replaced = pattern.sub(lambda match, body=body: f"{match[1]}\n{body}\n{match[2]}", text)
            if replaced != text:
                differ.append(name)
            text = replaced
        if check:
            if differ:
                raise CommandError(
                    f"{file}: the generated section(s) {', '.join(differ)} differ from dossiers/lifecycle.py; "
                    "run `manage.py lifecycle_docs`."
                )
            self.stdout.write(f"{file}: the generated sections are up to date.")
            return
        if text != original:
            file.write_text(text, encoding="utf-8")
        self.stdout.write(f"{file}: {', '.join(differ) or 'nothing'} rewritten.")
