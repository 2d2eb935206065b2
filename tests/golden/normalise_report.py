#!/usr/bin/python3
"""Normalise an osescan JSON report for golden comparison.

Replaces the fields that differ from run to run (tool version, wall-clock times, durations,
the facts file's path) with fixed placeholders and prints the result with sorted keys.
Everything else - findings, texts, scores, counts, the judgement context - is kept exactly.

usage: normalise_report.py REPORT.json > NORMALISED.json
"""
import json
import sys


def normalise(report):
    report["tool"]["version"] = "VERSION"
    report["started"] = "STARTED"
    report["finished"] = "FINISHED"
    report["duration_ms"] = 0
    if report.get("options", {}).get("from_facts") is not None:
        report["options"]["from_facts"] = "FACTS_FILE"
    for target in report.get("targets", []):
        target["duration_ms"] = 0
    return report


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        report = json.load(f)
    json.dump(normalise(report), sys.stdout, indent=2, sort_keys=True, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
