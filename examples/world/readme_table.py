#!/usr/bin/python3
"""Writes the generated tables of README.md from sites.json (the single source of truth).

  readme_table.py          rewrite the part of README.md between the markers
  readme_table.py --check  exit 1 (and say so) when README.md is out of date
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from worldgen.model import World  # noqa: E402

README = Path(__file__).resolve().parent / "README.md"
BEGIN = "<!-- BEGIN GENERATED TABLES: examples/world/readme_table.py writes this part from sites.json -->"
END = "<!-- END GENERATED TABLES -->"
SHORT = {
    "https.available": "avail", "https.redirect": "redir", "hsts.policy": "hsts", "tls.version": "ver",
    "tls.certificate.trust": "trust", "tls.certificate.name": "name", "tls.certificate.validity": "valid",
    "tls.certificate.key": "key", "tls.certificate.signature": "sig",
}
# Anything but a pass stands out in the rendered table.
MARK = {"pass": "pass", "info": "info", "warn": "*warn*", "fail": "**fail**", "error": "error",
        "not_applicable": "n/a"}


def cell(text):
    return str(text).replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def addresses(site):
    return "<br>".join(site["ipv4"] + site["ipv6"]) or "–"


TIME_CHECKS = ["nts.ke", "nts.ntp", "ntp.time"]


def time_table(world):
    """The time servers (chronyd, scanned as nts://NAME): their expected time verdicts."""
    lines = ["", "### Time servers (NTS, RFC 8915; scanned as `nts://NAME`)", "",
             "| server | addresses | intended defect | " + " | ".join(f"`{c}`" for c in TIME_CHECKS) + " |",
             "|---|---|---|" + "---|" * len(TIME_CHECKS)]
    for site in world.sites:
        if site["role"] == "time":
            statuses = " | ".join(MARK[site["expect"][c]] for c in TIME_CHECKS)
            lines.append(f"| `{site['name']}` | {addresses(site)} | {cell(site['purpose'])} | {statuses} |")
    return lines


def tables(world):
    checks = world.raw["foundation_checks"]
    lines = ["### Sites", "",
             "Columns after the defect: expected status of the foundation checks ("
             + ", ".join(f"`{SHORT[c]}` = `{c}`" for c in checks) + ").", ""]
    lines.append("| site | addresses | intended defect | " + " | ".join(SHORT[c] for c in checks) + " |")
    lines.append("|---|---|---|" + "---|" * len(checks))
    for site in world.sites:
        if site["role"] != "site":
            continue
        statuses = " | ".join(MARK[site["expect"][c]] for c in checks)
        lines.append(f"| `{site['name']}` | {addresses(site)} | {cell(site['purpose'])} | {statuses} |")
    sites = [site for site in world.sites if site["role"] == "site"]
    later = world.raw["later_checks"]
    # The verdict most sites share, per check; the table lists only what differs from it.
    baseline = {}
    for check in later:
        statuses = [site["expect_later"][check] for site in sites]
        baseline[check] = max(sorted(set(statuses)), key=statuses.count)
    lines += ["", "### Verdicts of the other families (dnssec, ipv6, rpki, mail, ...)", "",
              "Baseline (what most sites should get): "
              + ", ".join(f"`{c}` {MARK[baseline[c]]}" for c in later)
              + ". Sites that differ (`expect_later` in sites.json):", "",
              "| site | differs from the baseline |", "|---|---|"]
    for site in sites:
        differs = [f"`{c}` {MARK[s]}" for c, s in site["expect_later"].items() if s != baseline[c]]
        if differs:
            lines.append(f"| `{site['name']}` | {', '.join(differs)} |")
    lines += time_table(world)
    lines += ["", "### Helper zones and infrastructure", "", "| name | addresses | role |", "|---|---|---|"]
    for site in world.sites:
        if site["role"] not in ("site", "time"):
            lines.append(f"| `{site['name']}` | {addresses(site)} | {cell(site['purpose'])} |")
    roles = {"root_server": "root name server (nsd): zone `.`",
             "tld_server": "TLD name server (nsd): zones `example.` and `com.`",
             "resolver": "validating resolver (unbound), trust anchor `$STATE/root.key`",
             "vrp_host": "VRP JSON over HTTP (nginx)",
             "rtr_server": "RPKI-to-Router (stayrtr)"}
    for key, value in world.infrastructure.items():
        for host in value if isinstance(value, list) else [value]:
            if key == "mail_hosts" or "role" in host:
                role = host["role"]
            else:
                role = roles.get(key) or f"site name server (nsd instance `{host['instance']}`)"
            if key == "vrp_host":
                role += f", `http://{host['name']}{host['path']}`"
            if key == "rtr_server":
                role += f", port {host['port']}"
            if key == "ocsp_responder":
                role += f", `http://{host['name']}:{host['port']}/`"
            if key == "crl_host":
                role += f", `http://{host['name']}{host['path']}`"
            lines.append(f"| `{host['name']}` | {'<br>'.join(host['ipv4'] + host['ipv6'])} | {role} |")
    lines += ["", "### Routing (origin AS per prefix, ROAs)", "", "| prefix | origin | ROA | RFC 6811 state |",
              "|---|---|---|---|"]
    import ipaddress
    for announcement in world.routing["announcements"]:
        network = ipaddress.ip_network(announcement["prefix"])
        covering = [r for r in world.routing["roas"]
                    if ipaddress.ip_network(r["prefix"]).version == network.version
                    and network.subnet_of(ipaddress.ip_network(r["prefix"]))]
        if not covering:
            state = "not-found"
        elif any(r["asn"] == f"AS{announcement['origin']}" and network.prefixlen <= r["maxLength"] for r in covering):
            state = "valid"
        elif any(r["asn"] == f"AS{announcement['origin']}" for r in covering):
            state = "invalid (more specific than maxLength)"
        else:
            state = "invalid (origin AS mismatch)"
        roa = ", ".join(f"{r['asn']} {r['prefix']} max {r['maxLength']}" for r in covering) or "–"
        lines.append(f"| {announcement['prefix']} | AS{announcement['origin']} | {roa} | {state} |")
    return "\n".join(lines) + "\n"


def render(world, text):
    if BEGIN not in text or END not in text:
        raise SystemExit(f"{README}: markers missing ({BEGIN!r} ... {END!r})")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return head + BEGIN + "\n" + tables(world) + END + tail


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--readme", default=str(README))
    parser.add_argument("--sites", default=str(Path(__file__).resolve().parent / "sites.json"))
    args = parser.parse_args()
    world = World(args.sites)
    world.validate()
    path = Path(args.readme)
    current = path.read_text()
    wanted = render(world, current)
    if args.check:
        if current != wanted:
            print(f"{path} is out of date: run examples/world/readme_table.py", file=sys.stderr)
            return 1
        print(f"{path}: tables match sites.json")
        return 0
    if current != wanted:
        path.write_text(wanted)
    return 0


if __name__ == "__main__":
    sys.exit(main())
