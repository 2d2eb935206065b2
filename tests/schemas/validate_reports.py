#!/usr/bin/env python3
"""Validates the reports one osescan run wrote, against their schemas and against each other.

usage: validate_reports.py SOURCE_DIR PREFIX [--junit-warn failure|pass|skipped]

Reads PREFIX.json (the JSON report, the reference), PREFIX.sarif, PREFIX.xml (JUnit),
PREFIX.jsonl and PREFIX.html, whichever exist besides the JSON report, and checks:
  - JSON: report/osescan-report.schema.json;
  - SARIF: tests/schemas/sarif-2.1.0-subset.schema.json (with format checks), a rule per
    check that ran, a result per info/warn/fail/error finding in order with the mapped
    level, ruleIndex, summary as message, an osescan/<target> artifact URI;
  - JUnit: parses (xml.etree), root <testsuites>, counts add up, a test case per finding
    with the mapped outcome, a suite per target;
  - JSON Lines: every line JSON, target lines valid as the report's target_result and equal
    to the report's targets, a closing summary with the same counts;
  - HTML: no <script>/<img>/<link>/<iframe>/on* attribute, the CSP meta tag, every target.
Prints one line per file checked; exits 1 with every problem listed.
"""

import json
import os
import re
import sys
import xml.etree.ElementTree as ET

import jsonschema

LEVEL = {"fail": "error", "error": "error", "warn": "warning", "info": "note"}


def main():
    source_dir, prefix = sys.argv[1], sys.argv[2]
    junit_warn = sys.argv[4] if len(sys.argv) > 4 and sys.argv[3] == "--junit-warn" else "failure"
    problems = []
    name = os.path.basename(prefix)

    def check(condition, message):
        if not condition:
            problems.append(f"{name}: {message}")

    with open(f"{source_dir}/report/osescan-report.schema.json", encoding="utf-8") as f:
        report_schema = json.load(f)
    with open(f"{source_dir}/tests/schemas/sarif-2.1.0-subset.schema.json", encoding="utf-8") as f:
        sarif_schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(sarif_schema)
    with open(prefix + ".json", encoding="utf-8") as f:
        report = json.load(f)
    for error in list(jsonschema.Draft202012Validator(report_schema).iter_errors(report))[:10]:
        problems.append(f"{name}.json: /{'/'.join(map(str, error.absolute_path))}: {error.message}")
    findings = [(t, f) for t in report["targets"] for f in t["findings"]]
    attention = [(t, f) for t, f in findings if f["status"] in LEVEL]
    checked = ["json"]

    if os.path.exists(prefix + ".sarif"):
        checked.append("sarif")
        with open(prefix + ".sarif", encoding="utf-8") as f:
            sarif = json.load(f)
        validator = jsonschema.Draft202012Validator(sarif_schema, format_checker=jsonschema.FormatChecker())
        for error in list(validator.iter_errors(sarif))[:10]:
            problems.append(f"{name}.sarif: /{'/'.join(map(str, error.absolute_path))}: {error.message}")
        run = sarif["runs"][0]
        rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
        check(rule_ids == report["checks"], "sarif: the rules are not the checks that ran")
        check(all(r["help"]["markdown"].strip() for r in run["tool"]["driver"]["rules"]), "sarif: a rule without help")
        check(len(run["results"]) == len(attention),
              f"sarif: {len(run['results'])} results, expected {len(attention)}")
        for result, (target, finding) in zip(run["results"], attention):
            where = f"sarif: {finding['check_id']} on {target['target']['host']}"
            check(result["ruleId"] == finding["check_id"], f"{where}: results out of order")
            check(result["level"] == LEVEL[finding["status"]], f"{where}: level {result['level']}")
            check(rule_ids[result["ruleIndex"]] == result["ruleId"], f"{where}: ruleIndex points elsewhere")
            check(result["message"]["text"] == (finding["summary"] or finding["outcome"]), f"{where}: message")
            check(result["properties"]["status"] == finding["status"], f"{where}: status property")
            uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            check(uri.startswith("osescan/"), f"{where}: uri {uri}")

    if os.path.exists(prefix + ".xml"):
        checked.append("junit")
        root = ET.parse(prefix + ".xml").getroot()
        check(root.tag == "testsuites", f"junit: root <{root.tag}>")
        suites = [s for s in root.findall("testsuite") if s.get("name") != "input"]
        check(len(suites) == len(report["targets"]), "junit: not one suite per target")
        cases = [c for s in suites for c in s.findall("testcase")]
        check(len(cases) == len(findings), f"junit: {len(cases)} test cases, expected {len(findings)}")
        for attribute, tag in [("failures", "failure"), ("errors", "error"), ("skipped", "skipped")]:
            check(int(root.get(attribute)) == len(root.findall(f"./testsuite/testcase/{tag}")),
                  f"junit: the {attribute} count does not add up")
        check(int(root.get("tests")) == len(root.findall("./testsuite/testcase")), "junit: the tests count")
        warn = {"failure": ["failure"], "pass": [], "skipped": ["skipped"]}[junit_warn]
        expected = {"fail": ["failure"], "warn": warn, "error": ["error"], "not_applicable": ["skipped"]}
        ignored = {(p["host"], i["check_id"], i["subject"]) for p in report.get("policy", {}).get("targets", [])
                   for i in p["ignored"]}
        for case, (target, finding) in zip(cases, findings):
            outcome = [c.tag for c in case if c.tag in ("failure", "error", "skipped")]
            key = (target["target"]["host"], finding["check_id"], finding["subject"])
            want = ["skipped"] if key in ignored else expected.get(finding["status"], [])
            check(outcome == want, f"junit: {finding['check_id']} {finding['status']} became {outcome}")

    # osescan/3: every evidence reference resolves in its target's evidence_pool, entries
    # refer to other entries never in a cycle (so resolving ends), and every entry is used.
    def references(value, out):
        if isinstance(value, dict):
            if value.keys() == {"$pool"}:
                out.append(value["$pool"])
                return
            value = list(value.values())
        if isinstance(value, list):
            for item in value:
                references(item, out)
    for target in report["targets"]:
        pool = target["evidence_pool"]
        used = []
        for finding in target["findings"]:
            references(finding["evidence"], used)
        done, ok = set(), True
        def visit(i, path=()):
            if i in done: return True
            if i in path or not (isinstance(i, int) and 0 <= i < len(pool)): return False
            inner = []
            references(pool[i], inner)
            result = all(visit(j, path + (i,)) for j in inner)
            done.add(i)
            return result
        for index, entry in enumerate(pool):
            inner = []
            references(entry, inner)
            used += inner
            ok = visit(index) and ok
        check(ok, f"json: {target['target']['host']}: the pool's references form a cycle or go out of range")
        check(all(0 <= i < len(pool) for i in used), f"json: {target['target']['host']}: a reference out of range")
        check(set(used) == set(range(len(pool))), f"json: {target['target']['host']}: an unused pool entry")

    # Every finding's keys resolve in the report's catalogue.
    for target in report["targets"]:
        for finding in target["findings"]:
            entry = report["catalogue"].get(finding["check_id"])
            check(entry is not None and finding["outcome"] in entry["outcomes"],
                  f"json: {finding['check_id']}/{finding['outcome']} is not in the catalogue")
            if entry is not None and finding["outcome"] in entry["outcomes"]:
                check(entry["outcomes"][finding["outcome"]]["status"] == finding["status"],
                      f"json: {finding['check_id']}/{finding['outcome']}: status differs from the catalogue's")

    if os.path.exists(prefix + ".jsonl"):
        checked.append("jsonl")
        target_validator = jsonschema.Draft202012Validator(
            {"$schema": report_schema["$schema"], "$defs": report_schema["$defs"], "$ref": "#/$defs/target_result"})
        with open(prefix + ".jsonl", encoding="utf-8") as f:
            text = f.read()
        check(text.endswith("\n"), "jsonl: does not end with a newline")
        lines = [json.loads(line) for line in text.splitlines()]
        targets = [line["result"] for line in lines if line["kind"] == "target"]
        for result in targets:
            for error in list(target_validator.iter_errors(result))[:5]:
                problems.append(f"{name}.jsonl: {error.message}")
        key = lambda t: (t["target"]["host"], t["target"]["port"], t["target"]["path"])
        strip = lambda t: {k: v for k, v in t.items() if k != "duration_ms"}
        check(sorted(map(key, targets)) == sorted(map(key, report["targets"])), "jsonl: not the report's targets")
        by_key = {key(t): strip(t) for t in report["targets"]}
        check(all(by_key.get(key(t)) == strip(t) for t in targets), "jsonl: a target line differs from the report")
        # The catalogue lines, merged (a later entry supersedes), resolve every finding's keys
        # to the same texts as the report's catalogue.
        merged = {}
        catalogue_validator = jsonschema.Draft202012Validator(
            {"$schema": report_schema["$schema"], "$defs": report_schema["$defs"], "$ref": "#/$defs/catalogue"})
        for line in lines:
            if line["kind"] == "catalogue":
                for error in list(catalogue_validator.iter_errors(line["catalogue"]))[:5]:
                    problems.append(f"{name}.jsonl: catalogue: {error.message}")
                merged.update(line["catalogue"])
        for t in targets:
            for f in t["findings"]:
                entry = merged.get(f["check_id"])
                check(entry is not None and f["outcome"] in entry["outcomes"],
                      f"jsonl: {f['check_id']}/{f['outcome']} not described by a catalogue line before it")
                if entry is not None and f["check_id"] in report["catalogue"]:
                    mine = {k: v for k, v in entry.items() if k != "outcomes"}
                    theirs = {k: v for k, v in report["catalogue"][f["check_id"]].items() if k != "outcomes"}
                    check(mine == theirs, f"jsonl: catalogue of {f['check_id']} differs from the report's")
        check(lines and lines[-1]["kind"] == "summary", "jsonl: no closing summary line")
        if lines and lines[-1]["kind"] == "summary":
            check(lines[-1]["status_counts"] == report["status_counts"], "jsonl: summary counts differ")

    if os.path.exists(prefix + ".html"):
        checked.append("html")
        with open(prefix + ".html", encoding="utf-8") as f:
            html = f.read()
        for tag in ("<script", "<img", "<link", "<iframe", "<object", "<embed", "@import", "url("):
            check(tag not in html.lower(), f"html: contains {tag}")
        check(not re.search(r"<[^>]*\son[a-z]+\s*=", html, re.IGNORECASE), "html: an on* attribute")
        check("http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'" in html, "html: no CSP")
        for t in report["targets"]:
            check(f">{t['target']['host']}" in html, f"html: target {t['target']['host']} missing")

    if problems:
        print("FAIL: " + "\nFAIL: ".join(problems[:40]), file=sys.stderr)
        sys.exit(1)
    print(f"{name}: {', '.join(checked)} valid and consistent ({len(report['targets'])} targets, "
          f"{len(findings)} findings)")


if __name__ == "__main__":
    main()
