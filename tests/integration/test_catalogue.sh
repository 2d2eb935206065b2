#!/usr/bin/env bash
# The lists people read, checked against the one list the code has (the registry, through
# `osescan list-checks --json`): the README's "N checks in M families" and its check table,
# and the demo world's expectation columns (every check has a verdict for every site).
#
# Env (set by ctest): OSESCAN (the binary), OSESCAN_SOURCE_DIR, OSESCAN_BUILD_DIR.
set -uo pipefail
source_dir=${OSESCAN_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
build_dir=${OSESCAN_BUILD_DIR:-$source_dir/build}
osescan=${OSESCAN:-$build_dir/cli/osescan}
[[ -x $osescan ]] || { echo "FAIL: osescan binary not found at '$osescan'" >&2; exit 1; }

catalogue=$(mktemp); trap 'rm -f "$catalogue"' EXIT
"$osescan" list-checks --json > "$catalogue" || { echo "FAIL: list-checks --json"; exit 1; }
python3 - "$catalogue" "$source_dir/README.md" "$source_dir/examples/world/sites.json" <<'PY'
import itertools, json, re, sys

catalogue = json.load(open(sys.argv[1]))
ids = [c["id"] for c in catalogue]
families = sorted({c["family"] for c in catalogue})
readme = open(sys.argv[2], encoding="utf-8").read()
world = json.load(open(sys.argv[3], encoding="utf-8"))
problems = []

def expand(pattern):
    """`rpki.{web,ns}.{valid,x}` -> its ids; `dnssec.mx.*` -> a prefix."""
    parts = re.split(r"(\{[^}]*\})", pattern)
    choices = [p[1:-1].split(",") if p.startswith("{") else [p] for p in parts]
    return ["".join(c) for c in itertools.product(*choices)]

# "N checks in M families"
m = re.search(r"(\d+) checks in (\d+) families", readme)
if not m:
    problems.append("README: no 'N checks in M families' line")
elif (int(m.group(1)), int(m.group(2))) != (len(ids), len(families)):
    problems.append(f"README says {m.group(1)} checks in {m.group(2)} families; the registry has "
                    f"{len(ids)} checks in {len(families)} families")

# The check table: every id in the second column exists; every registry id is listed.
section = readme.split("## What is checked", 1)[-1].split("\n## ", 1)[0]
listed, prefixes = set(), []
for row in section.splitlines():
    cells = row.split("|")
    if len(cells) < 4 or not row.startswith("| ") or cells[1].strip() in ("family", "---"):
        continue
    for token in re.findall(r"`([a-z0-9_.{},*]+)`", cells[2]):
        if token.startswith("*"):  # a wildcard in prose ("the *.mx.* checks")
            continue
        for name in expand(token):
            if name.endswith(".*"):
                prefixes.append(name[:-1])
                if not any(i.startswith(name[:-1]) for i in ids):
                    problems.append(f"README lists {token}, which matches no check")
            elif name in ids:
                listed.add(name)
            elif "." in name:
                problems.append(f"README lists {name}, which the registry does not have")
for i in ids:
    if i not in listed and not any(i.startswith(p) for p in prefixes):
        problems.append(f"README's check table does not list {i}")

# The world: every check has an expectation column, so the world scan judges it everywhere.
columns = set(world["foundation_checks"]) | set(world.get("later_checks", [])) | set(world.get("time_checks", []))
for i in ids:
    if i not in columns:
        problems.append(f"examples/world/sites.json has no expectation column for {i}")

# The outcome tables are complete in the catalogue output.
for c in catalogue:
    if not c.get("outcomes"):
        problems.append(f"{c['id']}: no outcomes declared")

for p in problems:
    print("FAIL:", p)
print(f"catalogue: {len(ids)} checks in {len(families)} families; {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
PY
