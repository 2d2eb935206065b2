"""The records of every zone of the world, as master-file text (RFC 1035 section 5).

Zones: the root, the TLDs example. and com., cymru.com. with its origin zones, and one zone
per site (a site may instead live inside another site's zone: sub.orgdmarc.example).
"""

import hashlib

from . import routing
from .model import fqdn

TTL = 300
HOSTMASTER = "hostmaster.dns.example."


def txt_rdata(text):
    """A TXT rdata: the text split into <character-string>s of at most 255 octets
    (RFC 1035 section 3.3.14), each quoted with '"' and '\\' escaped."""
    data = text.encode()
    chunks = [data[i:i + 255] for i in range(0, len(data), 255)] or [b""]
    quoted = []
    for chunk in chunks:
        piece = chunk.decode("utf-8", errors="replace").replace("\\", "\\\\").replace('"', '\\"')
        quoted.append(f'"{piece}"')
    return " ".join(quoted)


def is_below(name, zone):
    name, zone = fqdn(name).lower(), fqdn(zone).lower()
    return zone == "." or name == zone or name.endswith("." + zone)


class ZonePlan:
    """The zones, their parents, name servers and signing."""

    INFRA_ZONES = (".", "example.", "com.", "cymru.com.", "origin.asn.cymru.com.", "origin6.asn.cymru.com.")

    def __init__(self, world):
        self.world = world
        infra = world.infrastructure
        default_ns = world.raw["defaults"]["dns"]["name_servers"]
        self.zones = {}
        self.zones["."] = self._zone(".", [infra["root_server"]["name"]], "root")
        for tld in ("example.", "com."):
            self.zones[tld] = self._zone(tld, [infra["tld_server"]["name"]], "tld")
        for name in ("cymru.com.", "origin.asn.cymru.com.", "origin6.asn.cymru.com."):
            self.zones[name] = self._zone(name, default_ns, "sites")
        for site in world.site_zones():
            dns = site["dns"]
            self.zones[site["zone"]] = self._zone(site["zone"], dns["name_servers"], "sites",
                                                  signing=dns["signing"], nsec3=dns["nsec3"])

    @staticmethod
    def _zone(name, name_servers, served_by, signing="ecdsa", nsec3=None):
        return {"name": name, "name_servers": [fqdn(n) for n in name_servers], "served_by": served_by,
                "signing": signing, "nsec3": nsec3}

    def parent(self, zone):
        if zone == ".":
            return None
        best = "."
        for candidate in self.zones:
            if candidate != zone and is_below(zone, candidate) and len(candidate) > len(best):
                best = candidate
        return best

    def children(self, zone):
        return [z for z in self.zones if self.parent(z) == zone]

    def zone_of(self, name):
        """The most specific zone that holds `name` authoritatively."""
        best = "."
        for candidate in self.zones:
            if is_below(name, candidate) and len(candidate) > len(best):
                best = candidate
        return best

    def signed(self, zone):
        return self.zones[zone]["signing"] != "none"


def host_addresses(world):
    """name. -> (ipv4 list, ipv6 list) of every infrastructure host and site."""
    addresses = {}
    for host in world.infrastructure_hosts():
        addresses[fqdn(host["name"])] = (host.get("ipv4", []), host.get("ipv6", []))
    for site in world.sites:
        addresses[fqdn(site["name"])] = (site["ipv4"], site["ipv6"])
    return addresses


def address_records(name, ipv4, ipv6):
    return [(name, "A", a) for a in ipv4] + [(name, "AAAA", a) for a in ipv6]


def stale_tlsa_digest(name):
    """A SHA-256 that matches no key of the world: the TLSA of dns.tlsa = "stale"."""
    return hashlib.sha256(f"retired key of {name}".encode()).hexdigest()


def site_records(site, tlsa, dkim_public_keys):
    """The records a site owns (in its own zone or in the zone that holds it)."""
    name = fqdn(site["name"])
    dns, mail = site["dns"], site["mail"]
    records = address_records(name, site["ipv4"], site["ipv6"])
    for mx in mail["mx"]:
        records.append((name, "MX", mx))
    for spf in mail["spf"]:
        records.append((name, "TXT", txt_rdata(spf)))
    for dmarc in mail["dmarc"]:
        records.append(("_dmarc." + name, "TXT", txt_rdata(dmarc.replace("{name}", site["name"]))))
    for tls_rpt in mail["tls_rpt"]:
        records.append(("_smtp._tls." + name, "TXT", txt_rdata(tls_rpt.replace("{name}", site["name"]))))
    if mail["mta_sts"]:
        # RFC 8461 section 3.1; the policy host mta-sts.<name> shares the site's addresses.
        records.append(("_mta-sts." + name, "TXT", txt_rdata(f"v=STSv1; id={mail['mta_sts']['id']}")))
        records.extend(address_records("mta-sts." + name, site["ipv4"], site["ipv6"]))
    for selector, key_kind in mail["dkim"].items():
        if key_kind == "empty":
            # RFC 6376 section 3.6.1: an empty p= means the key is revoked; a wildcard one
            # tells receivers that no selector of this domain is valid.
            value = "v=DKIM1; p="
        else:
            value = f"v=DKIM1; k=rsa; p={dkim_public_keys[key_kind]}"
        records.append((f"{selector}._domainkey.{name}", "TXT", txt_rdata(value)))
    for caa in dns["caa"]:
        records.append((name, "CAA", caa))
    if dns["tlsa"] and tlsa.get(site["name"]):
        # DANE-EE(3) SPKI(1) SHA-256(1): RFC 7671 section 5.1. "stale": the digest of a key
        # the server no longer has (a rollover that forgot the TLSA record, RFC 7671 8.1).
        digest = tlsa[site["name"]] if dns["tlsa"] != "stale" else stale_tlsa_digest(site["name"])
        records.append((f"_443._tcp.{name}", "TLSA", f"3 1 1 {digest}"))
    for owner, rtype, rdata in dns["records"]:
        owner_name = name if owner == "@" else f"{owner}.{name}"
        records.append((owner_name, rtype, txt_rdata(rdata) if rtype == "TXT" else rdata))
    return records


def zone_records(plan, zone, ds_records, tlsa, dkim_public_keys):
    """Every record of `zone` except SOA and DNSSEC data added by the signer."""
    world = plan.world
    info = plan.zones[zone]
    records = [(zone, "NS", ns) for ns in info["name_servers"]]

    # Delegations with their DS (signed children only) and glue below the cuts.
    children = plan.children(zone)
    for child in children:
        for ns in plan.zones[child]["name_servers"]:
            records.append((child, "NS", ns))
        records.extend((child, "DS", ds) for ds in ds_records.get(child, []))

    addresses = host_addresses(world)
    # Authoritative address records of infrastructure hosts whose most specific zone this is.
    for host in world.infrastructure_hosts():
        name = fqdn(host["name"])
        if plan.zone_of(name) == zone and not world.by_name.get(host["name"]):
            records.extend(address_records(name, host.get("ipv4", []), host.get("ipv6", [])))
    # Glue (RFC 9471): addresses of name servers that sit below one of this zone's cuts.
    glue_names = {ns for child in children for ns in plan.zones[child]["name_servers"]}
    glue_names.update(info["name_servers"])
    for ns in sorted(glue_names):
        holder = plan.zone_of(ns)
        if holder != zone and is_below(ns, zone) and is_below(holder, zone):
            v4, v6 = addresses[ns]
            records.extend(address_records(ns, v4, v6))

    for site in world.sites:
        if site["zone"] == zone:
            records.extend(site_records(site, tlsa, dkim_public_keys))

    if zone == "cymru.com.":
        records.extend(routing.as_name_records(world))
    elif zone == "origin.asn.cymru.com.":
        records.extend(routing.origin_records(world, 4))
    elif zone == "origin6.asn.cymru.com.":
        records.extend(routing.origin_records(world, 6))
    return records


def master_file(zone, primary_ns, serial, records):
    lines = [f"$TTL {TTL}",
             f"{zone} {TTL} IN SOA {primary_ns} {HOSTMASTER} {serial} 3600 900 1209600 {TTL}"]
    seen = set()
    for owner, rtype, rdata in records:
        key = (owner.lower(), rtype, rdata)
        if key in seen:
            continue
        seen.add(key)
        lines.append(f"{owner} {TTL} IN {rtype} {rdata}")
    return "\n".join(lines) + "\n"
