"""The type checker is strict enough to catch a wrong argument: mypy, with the project's own
configuration (pyproject.toml: django-stubs' plugin, the strict rules for services, selectors and
the domain modules), reports a call into a real service with a value of the wrong type, and
nothing for the same call made right.

It runs mypy in this process on one small module, following its imports with the project's
cache (.mypy_cache): a second or two once the cache is warm, some twenty seconds cold."""

from pathlib import Path

from mypy import api

ROOT = Path(__file__).resolve().parents[3]

CALLER = """\
from motcua.accounts.models import User
from motcua.dossiers.models import Dossier
from motcua.workflow import services


def receive_right(dossier: Dossier, officer: User) -> Dossier:
    return services.receive(dossier, officer)


def receive_by_code(code: str, officer: User) -> Dossier:
    return services.receive(code, officer)
"""


def test_mypy_reports_a_wrong_argument_to_a_service(tmp_path, monkeypatch):
    module = tmp_path / "calls_a_service.py"
    module.write_text(CALLER, encoding="utf-8")
    monkeypatch.chdir(ROOT)  # where mypy finds the motcua package and its cache
    stdout, stderr, status = api.run(["--config-file", str(ROOT / "pyproject.toml"), str(module)])
    # Without the file's folder: mypy's cache replays the messages of an unchanged module under
    # the path it was first checked at (another run's tmp_path).
    errors = [line.partition(f"{module.name}:")[2] for line in stdout.splitlines() if ": error:" in line]
    assert errors == [
        '11: error: Argument 1 to "receive" has incompatible type "str"; expected "Dossier"  [arg-type]'
    ], stdout + stderr
    assert status == 1
