"""The packaging keeps up with the code: pyproject.toml declares every package the code imports,
the locks pin every declared package with hashes, and the wheel carries every data file.

A new import of a package nobody declared, a dependency added to pyproject.toml without
running bin/lock, or a data file in a folder the wheel leaves out fails here, not on a fresh
machine. Reads files only (ast, tomllib, the installed packages' metadata): well under a second.
"""

import ast
import importlib.metadata
import re
import sys
import tomllib
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PYPROJECT = ROOT / "pyproject.toml"
LOCKS = {"run time": ROOT / "requirements.txt", "test": ROOT / "requirements-test.txt"}
# The project's own code: the package, the benchmarks and scripts (which import their
# neighbours by bare name, e.g. `from common import ...`), and the root's modules.
SOURCES = [ROOT / "motcua", ROOT / "bench", ROOT / "scripts", ROOT / "conftest.py", ROOT / "manage.py"]
FIRST_PARTY = {"motcua", "bench", "scripts", "conftest", "manage"}
# Needed at run time though no module imports them by name.
NOT_IMPORTED = {
    "argon2-cffi": "PASSWORD_HASHERS: Django's Argon2PasswordHasher imports argon2",
    "psycopg": "DATABASE_URL=postgres://... (Django's PostgreSQL backend)",
    "gunicorn": "the production server (docs/deployment.md)",
}
# What an extra of a declared package brings, which the code needs (they must be locked too).
THROUGH_EXTRAS = {
    "boto3": "django-storages[s3]: STORAGES' S3Storage",
    "psycopg-binary": "psycopg[binary]",
    "uharfbuzz": "pyhanko[opentype]: the signature stamp's font (documents/pki.py)",
}
TYPE_CHECKING_ONLY = "(if TYPE_CHECKING)"
DOTTED = re.compile(r"^[a-z_][a-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$")
LOCK_LINE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> str:
    match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement.strip())
    assert match, requirement
    return canonical(match.group(0))


@cache
def declared() -> dict[str, set[str]]:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    return {
        "run time": {requirement_name(r) for r in project["dependencies"]},
        "test": {requirement_name(r) for r in project["optional-dependencies"]["test"]},
    }


def python_files() -> list[Path]:
    files: list[Path] = []
    for source in SOURCES:
        files += [source] if source.is_file() else sorted(source.rglob("*.py"))
    return files


def local_names() -> set[str]:
    """Modules beside the benchmarks and scripts, which they import by bare name."""
    return {path.stem for folder in ("bench", "scripts") for path in (ROOT / folder).glob("*.py")}


def imported_modules() -> dict[str, set[str]]:
    """Each top-level module the code imports (also inside functions, and by import_module with a
    constant name), with the files that import it; the standard library and the project left out."""
    found: dict[str, set[str]] = {}
    for path in python_files():
        relative = str(path.relative_to(ROOT))
        tree = ast.parse(path.read_text(encoding="utf-8"), relative)
        # Imports under `if TYPE_CHECKING:` are the type checker's (a test-extra tool's) alone.
        typing_only = {
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING")
            for statement in node.body
            for inner in ast.walk(statement)
        }
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", getattr(node.func, "id", None)) in ("import_module", "import_string")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                names = [node.args[0].value]
            if not names:
                continue
            where = relative + (f" {TYPE_CHECKING_ONLY}" if id(node) in typing_only else "")
            for name in names:
                found.setdefault(name.split(".")[0], set()).add(where)
    return found


def settings_modules() -> dict[str, set[str]]:
    """Top-level packages named in settings' dotted strings (INSTALLED_APPS, MIDDLEWARE, the
    backends of STORAGES, TASKS, CACHES, AUTHENTICATION_BACKENDS, REST_FRAMEWORK's classes), the
    production-only ones too, wherever a package of that name is installed."""
    installed = importlib.metadata.packages_distributions()
    found: dict[str, set[str]] = {}
    path = ROOT / "motcua" / "settings.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and DOTTED.match(node.value):
            top = node.value.split(".")[0]
            if top in installed:
                found.setdefault(top, set()).add(f"motcua/settings.py ({node.value})")
    return found


def third_party(modules: dict[str, set[str]]) -> dict[str, set[str]]:
    skip = set(sys.stdlib_module_names) | FIRST_PARTY | local_names()
    return {name: files for name, files in modules.items() if name not in skip}


@cache
def locked(kind: str) -> dict[str, tuple[str, int]]:
    """name -> (version, number of hashes) for every package the lock pins."""
    pins: dict[str, tuple[str, int]] = {}
    current = None
    for line in LOCKS[kind].read_text(encoding="utf-8").splitlines():
        match = LOCK_LINE.match(line)
        if match:
            current = canonical(match.group(1))
            pins[current] = (match.group(2), 0)
        elif line.strip().startswith("--hash=sha256:") and current:
            version, hashes = pins[current]
            pins[current] = (version, hashes + 1)
        elif line.strip() and not line.lstrip().startswith("#"):
            assert line.startswith((" ", "-")), f"{LOCKS[kind].name}: not a pin: {line!r}"
    return pins


def test_every_imported_package_is_declared():
    distributions = importlib.metadata.packages_distributions()
    everything = declared()["run time"] | declared()["test"]
    # Tests, benchmarks, scripts and the type checker may use what only the test extra brings.
    tests_only = re.compile(r"(^|/)(tests/|conftest\.py$)|^(bench|scripts)/|" + re.escape(TYPE_CHECKING_ONLY) + "$")
    problems = []
    modules = third_party(imported_modules())
    for name, files in sorted(third_party(settings_modules()).items()):
        modules.setdefault(name, set()).update(files)
    for name, files in sorted(modules.items()):
        owners = {canonical(d) for d in distributions.get(name, [])}
        where = ", ".join(sorted(files)[:3])
        if not owners:
            problems.append(f"{name} (imported in {where}) is not installed: declare its package and run bin/lock")
            continue
        at_run_time = any(not tests_only.search(f) for f in files)
        wanted = declared()["run time"] if at_run_time else everything
        if not owners & wanted:
            section = "[project].dependencies" if at_run_time else "the test extra"
            problems.append(f"{name} (imported in {where}) comes from {sorted(owners)}: not in {section}")
    assert not problems, "\n".join(problems)


def test_packages_needed_without_an_import_are_declared():
    missing = {name: why for name, why in NOT_IMPORTED.items() if name not in declared()["run time"]}
    assert not missing, f"needed at run time, not in [project].dependencies: {missing}"


def test_every_declared_package_is_locked_with_hashes():
    problems = []
    wanted = {
        "run time": declared()["run time"] | set(THROUGH_EXTRAS),
        "test": declared()["run time"] | declared()["test"] | set(THROUGH_EXTRAS),
    }
    for kind, names in wanted.items():
        pins = locked(kind)
        problems += [
            f"{name} is declared, not pinned in {LOCKS[kind].name}: run bin/lock" for name in sorted(names - set(pins))
        ]
        problems += [
            f"{name}=={v} has no hash in {LOCKS[kind].name}" for name, (v, hashes) in pins.items() if not hashes
        ]
    assert not problems, "\n".join(problems)


def test_the_locks_agree_and_say_how_they_were_made():
    run_time, test = locked("run time"), locked("test")
    differ = {name: (v, test[name][0] if name in test else None) for name, (v, _) in run_time.items()}
    differ = {name: versions for name, versions in differ.items() if versions[0] != versions[1]}
    assert not differ, f"requirements-test.txt must pin requirements.txt's versions (run bin/lock): {differ}"
    for path in LOCKS.values():
        header = path.read_text(encoding="utf-8")[:2000]
        assert "pip-compile --generate-hashes" in header and "pyproject.toml" in header, path.name


def test_the_wheel_carries_every_data_file():
    """Every file under motcua/ that is not Python matches [tool.setuptools.package-data], so
    `pip install .` installs the templates, static files, shipped data and fonts."""
    patterns = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]["*"]
    packages = [init.parent for init in (ROOT / "motcua").rglob("__init__.py") if "__pycache__" not in init.parts]
    carried = {match for package in packages for pattern in patterns for match in package.glob(pattern)}
    data = {
        path
        for path in (ROOT / "motcua").rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
    }
    left_out = sorted(str(path.relative_to(ROOT)) for path in data - carried)
    assert not left_out, f"not in the wheel (add a pattern to [tool.setuptools.package-data]): {left_out}"
