"""One write path: outside the services (and migrations), no code writes domain data.

Reads the source: a call of ``.save()``, ``.delete()``, ``objects.create()`` and their kin,
or a related manager's ``add/remove/set/clear``, anywhere in ``src/liaison`` but a
``services.py`` module (or the audit helper the services use) fails this test with the
file and line, so that a new view or command cannot quietly skip validation and audit.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "liaison"

WRITE_METHODS = {
    "save",
    "delete",
    "create",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
    "update",
}
# Related-manager writes: only flagged on an attribute chain (``event.hosts.add``), since
# ``set.add`` is everywhere; the names below are the many-to-many fields of the domain.
M2M_FIELDS = {"hosts", "supporters", "organisations", "areas", "people", "team"}
M2M_METHODS = {"add", "remove", "set", "clear"}

# Where writes are the point: the services, the audit record they leave, migrations, and
# the scheduling library (pure Python, no database).
ALLOWED = ("services.py", "audit.py", "services/")


def _allowed(path: Path) -> bool:
    rel = path.relative_to(SRC).as_posix()
    if "/migrations/" in rel or rel.startswith("scheduling/"):
        return True
    # The search index writes its own documents; a restore writes rows exactly as they were.
    return (
        rel.endswith(ALLOWED[:2])
        or ALLOWED[2] in rel
        or rel in ("search/index.py", "core/backup.py")
    )


def _writes(path: Path) -> list[str]:
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name, owner = node.func.attr, node.func.value
        owner_name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
        if name in WRITE_METHODS and (
            name in {"save", "delete"} or owner_name == "objects" or isinstance(owner, ast.Call)
        ):
            # dict.update / str-like calls on plain names are not writes; querysets are
            # reached through ``objects`` or a call (``X.objects.filter(...).update()``).
            if name == "update" and owner_name != "objects" and not isinstance(owner, ast.Call):
                continue
            found.append(f"{path.relative_to(SRC)}:{node.lineno}: .{name}()")
        elif name in M2M_METHODS and owner_name in M2M_FIELDS:
            found.append(f"{path.relative_to(SRC)}:{node.lineno}: .{owner_name}.{name}()")
    return found


def test_no_domain_write_outside_services():
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        if not _allowed(path):
            offenders += _writes(path)
    assert offenders == [], "writes outside the services:\n" + "\n".join(offenders)


def test_write_check_catches_a_write(tmp_path):
    """The check itself finds the kinds of write it is meant to find."""
    sample = SRC / "console" / "_write_check_sample.py"
    sample.write_text(
        "def f(event, person, Person):\n"
        "    person.save()\n"
        "    Person.objects.create(family_name='x')\n"
        "    Person.objects.filter(pk=1).update(email='')\n"
        "    event.hosts.add(person)\n"
        "    {}.update(a=1)\n",
        encoding="utf-8",
    )
    try:
        found = _writes(sample)
    finally:
        sample.unlink()
    assert [line.split(": ", 1)[1] for line in found] == [
        ".save()",
        ".create()",
        ".update()",
        ".hosts.add()",
    ]
