import gzip
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.catalogue import selectors
from motcua.catalogue.records import RecordError, clean_record
from motcua.catalogue.sources.national_portal import build_catalogue

SOURCE_DIR = Path(__file__).resolve().parents[2] / "sources" / "data"


def _find(source: Path, name: str) -> Path | None:
    for candidate in (source / name, source / f"{name}.gz"):
        if candidate.exists():
            return candidate
    return None


class Command(BaseCommand):
    help = (
        "Developers: rebuild motcua/catalogue/data/national_procedures.json.gz from the crawl of the "
        "national portal (procedures.csv + national_procedures.jsonl, gzip-compressed or not), by default "
        "the copy in motcua/catalogue/sources/data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", type=Path, default=SOURCE_DIR)

    def handle(self, source, **options):
        csv_path, jsonl_path = _find(source, "procedures.csv"), _find(source, "national_procedures.jsonl")
        if csv_path is None or jsonl_path is None:
            raise CommandError(f"{source} must hold procedures.csv and national_procedures.jsonl (or their .gz).")
        records = build_catalogue(csv_path, jsonl_path)
        problems = []
        for record in records:
            try:
                clean_record(record)
            except RecordError as exc:
                problems.append(f"{record.get('code')}: {exc}")
        if problems:
            for problem in problems[:30]:
                self.stderr.write(problem)
            raise CommandError(f"{len(problems)} records do not validate; nothing written.")
        target = selectors.DATA_DIR / "national_procedures.json.gz"
        payload = json.dumps(records, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
        target.write_bytes(gzip.compress(payload, mtime=0))
        self.stdout.write(f"Wrote {len(records)} procedures to {target} ({target.stat().st_size // 1024} KiB).")
