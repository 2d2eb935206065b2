"""Routing data of the world: which AS originates each prefix (served through DNS the way
Team Cymru's IP-to-ASN service does) and the ROAs (as a validated ROA payload JSON file)."""

import ipaddress
import json
import time

REGISTRY_DATE = "2026-01-01"
COUNTRY = "ZZ"
REGISTRY = "world"
# Addresses of a prefix that is not on an octet (IPv4) or nibble (IPv6) boundary are listed
# one by one; more than this many would mean a typo in sites.json.
MAX_ENUMERATED = 4096


def _txt(text):
    return '"' + text + '"'


def origin_txt(announcement):
    return _txt(f"{announcement['origin']} | {announcement['prefix']} | {COUNTRY} | {REGISTRY} | {REGISTRY_DATE}")


def _labels_v4(network, count):
    return ".".join(reversed(str(network.network_address).split(".")[:count]))


def _labels_v6(network, count):
    nibbles = network.network_address.exploded.replace(":", "")[:count]
    return ".".join(reversed(nibbles))


def origin_records(world, family):
    """Records of origin.asn.cymru.com (family 4) or origin6.asn.cymru.com (family 6):
    `<reversed octets|nibbles>.origin[6].asn.cymru.com TXT "ASN | prefix | CC | registry | date"`.
    A prefix on a label boundary becomes a wildcard; any other is listed address by address.
    """
    zone = "origin.asn.cymru.com." if family == 4 else "origin6.asn.cymru.com."
    label_bits, labels = (8, _labels_v4) if family == 4 else (4, _labels_v6)
    records = []
    for announcement in world.routing["announcements"]:
        network = ipaddress.ip_network(announcement["prefix"])
        if network.version != family:
            continue
        if network.prefixlen % label_bits == 0:
            owner = "*." + labels(network, network.prefixlen // label_bits) + "." + zone
            records.append((owner, "TXT", origin_txt(announcement)))
            continue
        if network.num_addresses > MAX_ENUMERATED:
            raise ValueError(f"{network}: too many addresses to list; use an octet/nibble boundary")
        width = 32 // label_bits if family == 4 else 128 // label_bits
        for address in network:
            host = ipaddress.ip_network(f"{address}/{address.max_prefixlen}")
            records.append((labels(host, width) + "." + zone, "TXT", origin_txt(announcement)))
    return records


def as_name_records(world):
    """`AS64500.asn.cymru.com TXT "64500 | ZZ | world | date | NAME"` (Team Cymru's AS names)."""
    return [(f"AS{asn}.asn.cymru.com.", "TXT", _txt(f"{asn} | {COUNTRY} | {REGISTRY} | {REGISTRY_DATE} | {name}"))
            for asn, name in world.routing["as_names"].items()]


def vrp_json(world, now=None):
    """The validated ROA payloads in the rpki-client / Routinator JSON format."""
    now = int(now or time.time())
    roas = [{"asn": roa["asn"], "prefix": roa["prefix"], "maxLength": roa["maxLength"], "ta": REGISTRY,
             "expires": now + 7 * 86400} for roa in world.routing["roas"]]
    document = {
        "metadata": {"buildmachine": "osescan-world", "generated": now,
                     "buildtime": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now)), "roas": len(roas)},
        "roas": roas,
    }
    return json.dumps(document, indent=1) + "\n"


def origins_of(world, address):
    """The announcements covering an address (what the Cymru zone answers for it)."""
    ip = ipaddress.ip_address(address)
    return [a for a in world.routing["announcements"] if ip in ipaddress.ip_network(a["prefix"])]
