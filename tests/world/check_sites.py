#!/usr/bin/python3
"""Consistency of examples/world/sites.json beyond what the generator validates: each
site's addresses and name servers really sit where its intended defect needs them.

Prints "sites: N passed, M failed"; exit 1 on any failure.
"""

import ipaddress
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "examples/world"))

from worldgen import routing  # noqa: E402
from worldgen.model import World  # noqa: E402


# Sites that do something unusual *right*: they should pass like good.example.
ALL_PASS_VARIANTS = {"v6only.example", "orgdmarc.example", "sub.orgdmarc.example", "nullmx.example"}


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
    for infra in ("root_server", "tld_server", "resolver", "vrp_host", "rtr_server", "mail_host"):
        for address in world.infrastructure[infra]["ipv4"] + world.infrastructure[infra]["ipv6"]:
            check(rov_state(world, address) == "valid", f"{infra} {address} not in a valid prefix")
    for failure in failures:
        print("FAIL", failure)
    print(f"sites: {passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
