#!/usr/bin/python3
"""Consistency of examples/world/sites.json beyond what the generator validates: each
site's addresses and name servers really sit where its intended defect needs them.

Prints "sites: N passed, M failed"; exit 1 on any failure.
"""

import ipaddress
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "examples/world"))

from worldgen import routing, zones  # noqa: E402
from worldgen.model import World  # noqa: E402


# Sites that do something unusual *right*: they should pass like good.example.
# Sites whose intended difference gives no warn or fail (sectxt-missing.example: a missing
# security.txt is an info, RFC 9116 being a recommendation; zerortt425.example: 0-RTT on,
# but early requests are answered 425 Too Early; sct.example: embedded SCTs, where the
# baseline has none and tls.certificate.transparency says info).
ALL_PASS_VARIANTS = {"v6only.example", "orgdmarc.example", "sub.orgdmarc.example", "nullmx.example",
                     "sectxt-missing.example", "preload.example", "gzip.example", "zerortt425.example",
                     "sct.example"}


def rov_state(world, address):
    """RFC 6811 section 2 validation state of the route covering `address`."""
    states = []
    for announcement in routing.origins_of(world, address):
        route = ipaddress.ip_network(announcement["prefix"])
        covering = [r for r in world.routing["roas"] if ipaddress.ip_network(r["prefix"]).version == route.version
                    and route.subnet_of(ipaddress.ip_network(r["prefix"]))]
        if not covering:
            states.append("not-found")
        elif any(r["asn"] == f"AS{announcement['origin']}" and route.prefixlen <= r["maxLength"] for r in covering):
            states.append("valid")
        else:
            states.append("invalid")
    return states[0] if len(states) == 1 else f"ambiguous {states}"


SEVERITY = ["not_applicable", "pass", "info", "warn", "fail", "error"]
MX_CHECKS = ("dnssec.mx.signed", "dnssec.mx.valid", "dnssec.mx.algorithms", "dnssec.mx.nsec3", "ipv6.mx.address",
             "rpki.mx.roa_exists", "rpki.mx.valid", "mail.starttls", "mail.dane")
# The verdicts of the dnssec checks on a zone, by how it is signed (as for the sites' own
# zones: unsigned -> signed fails, the rest do not apply).
ZONE_VERDICTS = {
    "ecdsa": ("pass", "pass", "pass"),
    "rsasha1": ("pass", "pass", "warn"),
    "none": ("fail", "not_applicable", "not_applicable"),
}
# rpki.*.roa_exists, rpki.*.valid per RFC 6811 state (as for rpki.web.* and rpki.ns.*).
ROUTE_VERDICTS = {"valid": ("pass", "pass"), "not-found": ("warn", "warn"), "invalid": ("pass", "fail")}


def mx_verdicts(world, plan, site):
    """The MX checks' verdicts that the site's MX hosts call for: the worst over the hosts."""
    zone_signing = world.by_name[site["zone"].rstrip(".")]["dns"]["signing"]
    if zone_signing in ("expired", "ds-mismatch"):
        # The site's own zone is bogus: its MX lookup SERVFAILs through the validator.
        return {c: "error" for c in MX_CHECKS}
    hosts = [world.mail_hosts()[name] for name in world.mx_targets(site)]
    if not hosts:
        return {c: "not_applicable" for c in MX_CHECKS}  # null MX (RFC 7505)
    worst = {}

    def add(check_id, status):
        if check_id not in worst or SEVERITY.index(status) > SEVERITY.index(worst[check_id]):
            worst[check_id] = status

    for host in hosts:
        zone = plan.zones[plan.zone_of(host["name"])]
        if zone["signing"] not in ZONE_VERDICTS:
            raise ValueError(f"{host['name']}: no rule here for an MX host in a zone signed {zone['signing']!r}")
        signed, valid, algorithms = ZONE_VERDICTS[zone["signing"]]
        add("dnssec.mx.signed", signed)
        add("dnssec.mx.valid", valid)
        add("dnssec.mx.algorithms", algorithms)
        add("dnssec.mx.nsec3", "warn" if zone["nsec3"] else valid)
        add("ipv6.mx.address", "pass" if host["ipv6"] else "fail")
        # The world's Postfix offers STARTTLS on every MX host address unless the host says not.
        add("mail.starttls", "pass" if host.get("starttls", True) else "fail")
        # TLSA at _25._tcp (RFC 7672): "valid" matches what Postfix serves, "stale" does not,
        # none is "DANE not used".
        add("mail.dane", {"valid": "pass", "stale": "fail"}.get(host.get("dane"), "warn"))
        for address in host["ipv4"] + host["ipv6"]:
            roa_exists, route_valid = ROUTE_VERDICTS[rov_state(world, address)]
            add("rpki.mx.roa_exists", roa_exists)
            add("rpki.mx.valid", route_valid)
    return worst


def main():
    world = World()
    world.validate()
    failures = []
    passed = 0

    def check(ok, message):
        nonlocal passed
        if ok:
            passed += 1
        else:
            failures.append(message)

    wanted_web_state = {"rpki-invalid.example": "invalid", "rpki-toospecific.example": "invalid",
                        "rpki-notfound.example": "not-found"}
    for site in world.sites:
        for address in site["ipv4"] + site["ipv6"]:
            wanted = wanted_web_state.get(site["name"], "valid")
            got = rov_state(world, address)
            check(got == wanted, f"{site['name']} {address}: route origin {got}, wanted {wanted}")
        servers = world.name_servers()
        for ns in site["dns"]["name_servers"]:
            for address in servers[ns]["ipv4"] + servers[ns]["ipv6"]:
                wanted = "invalid" if site["name"] == "nsrpki-invalid.example" else "valid"
                got = rov_state(world, address)
                check(got == wanted, f"{site['name']} name server {ns} {address}: {got}, wanted {wanted}")
        with_aaaa = [ns for ns in site["dns"]["name_servers"] if servers[ns]["ipv6"]]
        wanted_count = 1 if site["name"] == "onev6ns.example" else 2
        check(len(with_aaaa) == wanted_count, f"{site['name']}: {len(with_aaaa)} name servers with AAAA")
        if site["role"] == "site" and site["name"] not in ALL_PASS_VARIANTS:
            # Sites other than good.example have one intended defect; good.example none.
            non_pass = [c for c, s in {**site["expect"], **site["expect_later"]}.items()
                        if s not in ("pass", "info", "not_applicable")]
            if site["name"] == "good.example":
                check(not non_pass and site["expect_later"]["tls.ocsp_stapling"] == "pass",
                      f"good.example is not all-pass: {non_pass}")
            else:
                check(bool(non_pass), f"{site['name']}: no expected defect at all")
    for infra in ("root_server", "tld_server", "resolver", "vrp_host", "rtr_server", "ocsp_responder", "crl_host"):
        for address in world.infrastructure[infra]["ipv4"] + world.infrastructure[infra]["ipv6"]:
            check(rov_state(world, address) == "valid", f"{infra} {address} not in a valid prefix")
    # Each mail host differs from mx1.mail.example in exactly the one way its sites need.
    wanted_mail_hosts = {
        "mx1.mail.example": ("ecdsa", True, "valid"),
        "mxv4only.mail.example": ("ecdsa", False, "valid"),
        "mx1.mail-unsigned.example": ("none", True, "valid"),
        "mxinv.mail.example": ("ecdsa", True, "invalid"),
        "mxnotfound.mail.example": ("ecdsa", True, "not-found"),
        "mxplain.mail.example": ("ecdsa", True, "valid"),  # and "starttls": false
        "mxweak.mail.example": ("ecdsa", True, "valid"),  # and "weak_tls": true
        "mxstale.mail.example": ("ecdsa", True, "valid"),  # and "dane": "stale"
    }
    plan = zones.ZonePlan(world)
    check(sorted(world.mail_hosts()) == sorted(wanted_mail_hosts), f"mail hosts: {sorted(world.mail_hosts())}")
    check([n for n, h in world.mail_hosts().items() if not h.get("starttls", True)] == ["mxplain.mail.example"],
          "only mxplain.mail.example is without STARTTLS")
    check([n for n, h in world.mail_hosts().items() if h.get("weak_tls", False)] == ["mxweak.mail.example"],
          "only mxweak.mail.example has weak TLS")
    check({n: h["dane"] for n, h in world.mail_hosts().items() if h.get("dane")} ==
          {"mx1.mail.example": "valid", "mxstale.mail.example": "stale"},
          "only mx1.mail.example (valid) and mxstale.mail.example (stale) publish TLSA records")
    for name, host in world.mail_hosts().items():
        signing, with_aaaa, state = wanted_mail_hosts.get(name, (None, None, None))
        got_signing = plan.zones[plan.zone_of(name)]["signing"]
        check(got_signing == signing, f"mail host {name}: zone signing {got_signing}, wanted {signing}")
        check(bool(host["ipv4"]), f"mail host {name}: no A")
        check(bool(host["ipv6"]) == with_aaaa, f"mail host {name}: AAAA {host['ipv6']}, wanted {with_aaaa}")
        for address in host["ipv4"] + host["ipv6"]:
            got = rov_state(world, address)
            check(got == state, f"mail host {name} {address}: route origin {got}, wanted {state}")
    # The MX verdicts of every site follow from its MX hosts (see mx_verdicts).
    for site in world.sites:
        if site["role"] != "site":
            continue
        derived = mx_verdicts(world, plan, site)
        for check_id, status in derived.items():
            got = site["expect_later"][check_id]
            check(got == status, f"{site['name']}: expect_later[{check_id}] = {got}, its MX hosts give {status}")
    for failure in failures:
        print("FAIL", failure)
    print(f"sites: {passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
