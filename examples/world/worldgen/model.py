"""The world as described by sites.json, with each site's knobs merged over the defaults."""

import copy
import ipaddress
import json
from pathlib import Path

WORLD_DIR = Path(__file__).resolve().parent.parent
SITES_FILE = WORLD_DIR / "sites.json"

STATUSES = ("pass", "info", "warn", "fail", "error", "not_applicable")
SIGNING_MODES = ("ecdsa", "rsasha1", "expired", "ds-mismatch", "none")
HOSTILE_BEHAVIOURS = ("silent", "slow", "bigheaders", "xss", "renegotiation")
WEB_SERVERS = ("nginx", "hostile", "scripted")
EARLY_DATA = ("on", "too-early")
DH_PARAMS = ("dh1024", "custom2048")
# Only documentation prefixes (RFC 5737, RFC 3849); 192.0.2.0/24 is excluded on purpose:
# it is the real network of the machines this project runs on.
ALLOWED_NETWORKS = [ipaddress.ip_network(n) for n in ("198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")]


def fqdn(name):
    """'good.example' -> 'good.example.'; the root stays '.'."""
    return name if name.endswith(".") else name + "."


def deep_merge(base, override):
    merged = copy.deepcopy(base)
    for key, value in (override or {}).items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


class World:
    def __init__(self, path=SITES_FILE):
        self.path = Path(path)
        self.raw = json.loads(self.path.read_text())
        self.namespace = self.raw["namespace"]
        self.infrastructure = self.raw["infrastructure"]
        self.routing = self.raw["routing"]
        defaults = self.raw["defaults"]
        self.sites = []
        for entry in self.raw["sites"]:
            site = copy.deepcopy(entry)
            site.setdefault("role", "site")
            site["zone"] = fqdn(entry.get("zone") or entry["name"])
            site["dns"] = deep_merge(defaults["dns"], entry.get("dns"))
            site["mail"] = deep_merge(defaults["mail"], entry.get("mail"))
            if "web" in entry and entry["web"] is None:
                site["web"] = None
            else:
                site["web"] = deep_merge(defaults["web"], entry.get("web"))
                certificate = site["web"]["certificate"]
                certificate["names"] = certificate["names"] or [entry["name"]]
                sts = site["mail"].get("mta_sts")
                if sts and sts.get("certificate_covers", True) and f"mta-sts.{entry['name']}" not in certificate["names"]:
                    # RFC 8461 section 3.3: the policy host needs a certificate for its name.
                    certificate["names"] = certificate["names"] + [f"mta-sts.{entry['name']}"]
            self.sites.append(site)
        self.by_name = {s["name"]: s for s in self.sites}

    # --- names and zones -------------------------------------------------------------
    def name_servers(self):
        return {ns["name"]: ns for ns in self.infrastructure["name_servers"]}

    def mail_hosts(self):
        """name -> entry of every MX host the sites may point at (infrastructure.mail_hosts)."""
        return {host["name"]: host for host in self.infrastructure["mail_hosts"]}

    @staticmethod
    def mx_targets(site):
        """The host names of a site's MX records ("10 mx1.mail.example." -> mx1.mail.example);
        a null MX ("0 .", RFC 7505) has none."""
        return [record.split()[1].rstrip(".") for record in site["mail"]["mx"] if record.split()[1] != "."]

    def infrastructure_hosts(self):
        """Every infrastructure host name with its addresses (for the zones that hold them)."""
        hosts = []
        for key, value in self.infrastructure.items():
            for host in value if isinstance(value, list) else [value]:
                hosts.append(host)
        return hosts

    def site_zones(self):
        """Zones that sites own (their own zone, not a parent's), in sites.json order."""
        return [s for s in self.sites if s["zone"] == fqdn(s["name"])]

    def site_of_zone(self, zone):
        for site in self.site_zones():
            if site["zone"] == zone:
                return site
        return None

    # --- addresses ---------------------------------------------------------------------
    def all_addresses(self):
        """Every address the namespace's lo carries, with what uses it."""
        found = {}
        for host in self.infrastructure_hosts():
            for address in host.get("ipv4", []) + host.get("ipv6", []):
                found.setdefault(address, host["name"])
        for site in self.sites:
            for address in site["ipv4"] + site["ipv6"]:
                found.setdefault(address, site["name"])
        return found

    def validate(self):
        """Raise ValueError on a table that the generator could not turn into a sane world."""
        problems = []
        for address, owner in self.all_addresses().items():
            ip = ipaddress.ip_address(address)
            if not any(ip in network for network in ALLOWED_NETWORKS):
                problems.append(f"{owner}: {address} is outside the world's documentation prefixes")
        seen = {}
        for site in self.sites:
            for address in site["ipv4"] + site["ipv6"]:
                if address in seen:
                    problems.append(f"{site['name']}: {address} already used by {seen[address]}")
                seen[address] = site["name"]
            if site["dns"]["signing"] not in SIGNING_MODES:
                problems.append(f"{site['name']}: unknown dns.signing {site['dns']['signing']!r}")
            for ns in site["dns"]["name_servers"]:
                if ns not in self.name_servers():
                    problems.append(f"{site['name']}: unknown name server {ns}")
            web = site["web"]
            if web and web["server"] not in WEB_SERVERS:
                problems.append(f"{site['name']}: unknown web.server {web['server']!r}")
            if web and web["server"] == "hostile" and web["behaviour"] not in HOSTILE_BEHAVIOURS:
                problems.append(f"{site['name']}: unknown hostile behaviour {web['behaviour']!r}")
            if web and web["dh_params"] not in (None,) + DH_PARAMS:
                problems.append(f"{site['name']}: unknown web.dh_params {web['dh_params']!r}")
            if web and web["early_data"] not in (None,) + EARLY_DATA:
                problems.append(f"{site['name']}: unknown web.early_data {web['early_data']!r}")
            if web and web["server"] == "scripted" and not web["scripted"]:
                problems.append(f"{site['name']}: a scripted site needs web.scripted (tls_legacy_server.py options)")
            if site["role"] == "site":
                for key, checks in (("expect", self.raw["foundation_checks"]),
                                    ("expect_later", self.raw["later_checks"])):
                    table = site.get(key, {})
                    if sorted(table) != sorted(checks):
                        problems.append(f"{site['name']}: {key} must list exactly {key} check ids")
                    for check, status in table.items():
                        if status not in STATUSES:
                            problems.append(f"{site['name']}: {key}[{check}] = {status!r}")
            if site["role"] == "time":
                for check, status in site.get("expect", {}).items():
                    if status not in STATUSES:
                        problems.append(f"{site['name']}: expect[{check}] = {status!r}")
                if site["web"] is not None:
                    problems.append(f"{site['name']}: a time site has no web server (\"web\": null)")
            for target in self.mx_targets(site):
                if target not in self.mail_hosts():
                    problems.append(f"{site['name']}: MX host {target} is not in infrastructure.mail_hosts")
            if site["zone"] != fqdn(site["name"]) and not self.site_of_zone(site["zone"]):
                problems.append(f"{site['name']}: zone {site['zone']} is no site's zone")
        for host in self.mail_hosts().values():
            # A mail host's records live in a helper or site zone that holds its name.
            if not any(fqdn(host["name"]).endswith("." + s["zone"]) for s in self.site_zones()):
                problems.append(f"{host['name']}: no site or helper zone holds this mail host")
        if problems:
            raise ValueError("sites.json: " + "; ".join(problems))
