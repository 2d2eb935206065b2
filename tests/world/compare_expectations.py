#!/usr/bin/python3
"""Compares an osescan JSON report of demo-world sites with sites.json's `expect`.

  compare_expectations.py REPORT.json [--sites examples/world/sites.json] [--later]

For every target of the report that is a site of the world and every check id of its
`expect` (with --later also `expect_later`, the intended verdicts of families still being
built) that the report ran (the report's "checks"), the verdict is the worst status
of that check's findings (order of checks/finding.hpp: not_applicable < pass < info <
warn < fail < error) and must equal the expected one. Prints each mismatch and
"expectations: N passed, M failed"; exit 1 on any mismatch or when nothing was compared.
"""

import argparse
import json
import sys
from pathlib import Path

SEVERITY = ["not_applicable", "pass", "info", "warn", "fail", "error"]


def verdicts(target):
    worst = {}
    for finding in target.get("findings", []):
        check, status = finding["check_id"], finding["status"]
        if check not in worst or SEVERITY.index(status) > SEVERITY.index(worst[check]):
            worst[check] = status
    return worst


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("report")
    parser.add_argument("--later", action="store_true", help="also compare expect_later")
    parser.add_argument("--sites", default=str(Path(__file__).resolve().parents[2] / "examples/world/sites.json"))
    args = parser.parse_args()
    report = json.loads(Path(args.report).read_text())
    sites = {s["name"]: s for s in json.loads(Path(args.sites).read_text())["sites"]}
    ran = set(report.get("checks", []))  # osescan/2: the ids of the checks that ran
    passed = failed = 0
    for target in report.get("targets", []):
        site = sites.get(target["target"]["host"].rstrip("."))
        if not site or "expect" not in site:
            continue
        got = verdicts(target)
        expected = dict(site["expect"])
        if args.later:
            expected.update(site.get("expect_later", {}))
        for check, wanted in expected.items():
            if check not in ran:
                continue
            status = got.get(check, "no finding")
            if status == wanted:
                passed += 1
            else:
                failed += 1
                outcomes = sorted({f["outcome"] for f in target["findings"] if f["check_id"] == check})
                print(f"MISMATCH {site['name']} {check}: expected {wanted}, got {status} {outcomes}")
    print(f"expectations: {passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
