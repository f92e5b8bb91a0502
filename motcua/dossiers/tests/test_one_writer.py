"""Nothing but dossiers.lifecycle.move writes a dossier's state, office stage or assignee: a
`dossier.status = …` anywhere else in the product code (or an `update(status=…)` on dossiers)
fails here, so the table stays the one place the lifecycle is written."""

import ast
from pathlib import Path

import motcua

ROOT = Path(motcua.__file__).parent
FIELDS = {"status", "stage", "assignee", "assignee_id"}
# Load-test data made in bulk (no events, no effects, on purpose) and the migrations' data fixes.
EXEMPT = {"dossiers/lifecycle.py", "dossiers/management/commands/generate_dossiers.py"}


def product_files():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "/tests/" in f"/{relative}" or "/migrations/" in f"/{relative}" or relative in EXEMPT:
            continue
        yield relative, ast.parse(path.read_text(encoding="utf-8"))


def writes(tree: ast.AST):
    for node in ast.walk(tree):
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AugAssign | ast.AnnAssign)
            else []
        )
        for target in targets:
            for item in target.elts if isinstance(target, ast.Tuple) else [target]:
                if (
                    isinstance(item, ast.Attribute)
                    and item.attr in FIELDS
                    and "dossier" in ast.unparse(item.value).lower()
                ):
                    yield node.lineno, ast.unparse(item)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("update", "bulk_update")
        ):
            receiver = ast.unparse(node.func.value)
            if "Dossier" in receiver or "dossier" in receiver.split(".")[0].lower():
                names = {k.arg for k in node.keywords} | {
                    e.value for a in node.args if isinstance(a, ast.List) for e in a.elts if isinstance(e, ast.Constant)
                }
                if names & FIELDS:
                    yield node.lineno, f"{receiver}.{node.func.attr}(…)"


def test_only_the_lifecycle_writes_a_dossiers_state():
    found = [f"motcua/{name}:{line}: {what}" for name, tree in product_files() for line, what in writes(tree)]
    assert not found, "Dossier state written outside dossiers/lifecycle.py:\n" + "\n".join(found)


def test_the_check_sees_a_write():
    """The check itself: a write of each kind is found."""
    sample = ast.parse(
        "dossier.status = 4\nself.dossier.stage, x = 'approval', 1\nDossier.objects.filter(pk=1).update(status=2)\n"
        "item.dossier.assignee = None\n"
    )
    assert sorted(writes(sample)) == [
        (1, "dossier.status"),
        (2, "self.dossier.stage"),
        (3, "Dossier.objects.filter(pk=1).update(…)"),
        (4, "item.dossier.assignee"),
    ]
