"""Configurations of the world's daemons: nsd (x4), unbound, nginx, the hostile servers."""

import html
import json
import os
import time

from . import web_headers
from .model import fqdn
from .tls_session import early_data_lines, too_early_lines

# Server-preferred TLS 1.2 suites: ECDHE with AEAD only ("good" in the NCSC-NL guidelines).
MODERN_CIPHERS = ":".join([
    "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-ECDSA-AES128-GCM-SHA256",
    "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-CHACHA20-POLY1305", "ECDHE-RSA-AES128-GCM-SHA256"])
# TLS 1.0/1.1 have no AEAD suites: a server offering them needs CBC-SHA1 suites.
LEGACY_CIPHERS = "ECDHE-ECDSA-AES256-SHA:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES256-SHA:ECDHE-RSA-AES128-SHA"
# What the server may sign its key exchange with (TLS 1.2 ServerKeyExchange, TLS 1.3
# CertificateVerify): SHA-256 or better only. OpenSSL's own default list also has SHA-224
# (and SHA-1 at security level 0): a client offering only those would get them (tls.kex_hash).
SIGNATURE_ALGORITHMS = ":".join([
    "ECDSA+SHA256", "ECDSA+SHA384", "ECDSA+SHA512", "ed25519", "ed448",
    "rsa_pss_rsae_sha256", "rsa_pss_rsae_sha384", "rsa_pss_rsae_sha512",
    "rsa_pss_pss_sha256", "rsa_pss_pss_sha384", "rsa_pss_pss_sha512", "RSA+SHA256", "RSA+SHA384", "RSA+SHA512"])
# The groups of every nginx site (TLS 1.2 ECDHE and TLS 1.3 key shares).
GROUPS = "X25519:prime256v1:secp384r1"
# web.dh_params -> file under $STATE/dh/ and how to make it (cached there like the keys; DH
# parameters are public). "custom2048" is a fresh group, not one of RFC 7919/3526: DSA-style
# (-dsaparam: a prime with a 256-bit subgroup), seconds to make where a 2048-bit safe prime
# takes minutes on a busy machine.
DH_PARAMS = {
    "dh1024": ["openssl", "dhparam", "1024"],
    "custom2048": ["openssl", "dhparam", "-dsaparam", "2048"],
}


def nsd_instances(world, plan):
    """name -> {"addresses": [...], "zones": [...]} for the four nsd instances."""
    infra = world.infrastructure
    instances = {
        "root": {"addresses": infra["root_server"]["ipv4"] + infra["root_server"]["ipv6"], "zones": []},
        "tld": {"addresses": infra["tld_server"]["ipv4"] + infra["tld_server"]["ipv6"], "zones": []},
    }
    for ns in infra["name_servers"]:
        entry = instances.setdefault(ns["instance"], {"addresses": [], "zones": []})
        entry["addresses"] += ns["ipv4"] + ns["ipv6"]
    for zone, info in plan.zones.items():
        targets = [info["served_by"]] if info["served_by"] in ("root", "tld") else \
            [n for n in instances if n not in ("root", "tld")]
        for target in targets:
            instances[target]["zones"].append(zone)
    return instances


def zone_file_name(zone):
    return "root" if zone == "." else zone.rstrip(".")


def nsd_conf(name, instance, state):
    lines = ["server:"]
    lines += [f"    ip-address: {address}" for address in instance["addresses"]]
    lines += [
        "    port: 53",
        "    server-count: 1",
        '    username: ""',
        '    chroot: ""',
        '    database: ""',
        f'    zonesdir: "{state}/zones"',
        f'    zonelistfile: "{state}/nsd/{name}/zone.list"',
        f'    xfrdfile: "{state}/nsd/{name}/xfrd.state"',
        f'    xfrdir: "{state}/nsd/{name}"',
        f'    pidfile: "{state}/run/nsd-{name}.pid"',
        f'    logfile: "{state}/log/nsd-{name}.log"',
        "    hide-version: yes",
        "    verbosity: 1",
        "    tcp-count: 200",
        "remote-control:",
        "    control-enable: no",
    ]
    for zone in instance["zones"]:
        lines += ["zone:", f'    name: "{zone}"', f'    zonefile: "{zone_file_name(zone)}.zone.signed"']
    return "\n".join(lines) + "\n"


def root_hints(world):
    root = world.infrastructure["root_server"]
    name = fqdn(root["name"])
    lines = [f". 3600000 IN NS {name}"]
    lines += [f"{name} 3600000 IN A {a}" for a in root["ipv4"]]
    lines += [f"{name} 3600000 IN AAAA {a}" for a in root["ipv6"]]
    return "\n".join(lines) + "\n"


def unbound_conf(world, state):
    resolver = world.infrastructure["resolver"]
    lines = ["server:"]
    lines += [f"    interface: {address}" for address in resolver["ipv4"] + resolver["ipv6"]]
    lines += [
        "    port: 53",
        "    access-control: 0.0.0.0/0 allow",
        "    access-control: ::/0 allow",
        '    username: ""',
        '    chroot: ""',
        f'    directory: "{state}/unbound"',
        f'    pidfile: "{state}/run/unbound.pid"',
        f'    logfile: "{state}/log/unbound.log"',
        "    use-syslog: no",
        "    verbosity: 1",
        # Say why an answer is bogus in the log: the selfcheck and trainers read it.
        "    val-log-level: 2",
        "    num-threads: 1",
        "    do-ip4: yes",
        "    do-ip6: yes",
        '    module-config: "validator iterator"',
        f'    root-hints: "{state}/unbound/root.hints"',
        f'    trust-anchor-file: "{state}/root.key"',
        "    trust-anchor-signaling: no",
        "    root-key-sentinel: no",
        # The world is rebuilt often; keep cached answers short-lived.
        "    cache-max-ttl: 300",
        "    cache-max-negative-ttl: 30",
        "remote-control:",
        "    control-enable: no",
    ]
    return "\n".join(lines) + "\n"


def _listen_lines(addresses, port, ssl):
    out = []
    for address in addresses:
        host = f"[{address}]" if ":" in address else address
        out.append(f"        listen {host}:{port}{' ssl http2' if ssl else ''};")
    return out


def _tls_lines(site, pki):
    web = site["web"]
    leaf = f"{pki}/leaves/{site['name']}"
    chain = "fullchain.pem" if web["send_intermediate"] else "leaf-only.pem"
    legacy = any(p in ("TLSv1", "TLSv1.1") for p in web["tls_protocols"])
    if web["tls_ciphers"]:
        ciphers = ":".join(web["tls_ciphers"])
    else:
        ciphers = MODERN_CIPHERS
        if legacy:
            ciphers += ":" + LEGACY_CIPHERS
    if web["tls_seclevel"] is not None:
        ciphers += f":@SECLEVEL={web['tls_seclevel']}"
    elif legacy or web["certificate"]["digest"] == "sha1":
        # OpenSSL 3.0 refuses SHA-1 signatures and TLS < 1.2 at security level 1 and up.
        ciphers += ":@SECLEVEL=0"
    lines = [
        f"        ssl_certificate {leaf}/{chain};",
        f"        ssl_certificate_key {leaf}/key.pem;",
        f"        ssl_protocols {' '.join(web['tls_protocols'])};",
        f"        ssl_ciphers {ciphers};",
        f"        ssl_prefer_server_ciphers {'on' if web['prefer_server_ciphers'] else 'off'};",
        f"        ssl_ecdh_curve {GROUPS};",
        # 0-RTT resumes a session ticket (RFC 8446 section 4.2.10): the early-data sites need them.
        f"        ssl_session_tickets {'on' if web['early_data'] else 'off'};",
        f"        ssl_conf_command SignatureAlgorithms {web['signature_algorithms'] or SIGNATURE_ALGORITHMS};",
    ]
    if web["ssl_options"]:
        lines.append(f"        ssl_conf_command Options {','.join(web['ssl_options'])};")
    if web["dh_params"]:
        lines.append(f"        ssl_dhparam {dh_file(os.path.dirname(str(pki)), web['dh_params'])};")
    lines += early_data_lines(web)
    if web["ocsp_staple"]:
        lines += ["        ssl_stapling on;", f"        ssl_stapling_file {pki}/ocsp/{site['name']}.der;"]
    return lines


def dh_file(state, kind):
    return f"{state}/dh/{kind}.pem"


def _header_lines(site):
    lines = []
    if site["web"]["hsts"]:
        lines.append(f'        add_header Strict-Transport-Security "{site["web"]["hsts"]}" always;')
    return lines + web_headers.header_lines(site)


def nginx_sites(site, state, pki):
    """Server blocks of one site: HTTPS on 443, HTTP on 80 (redirect or content). A scripted
    site gets only port 80 here: its port 443 is the scripted TLS server's."""
    web = site["web"]
    name = site["name"]
    v6 = site["ipv6"] if web["listen_ipv6"] else []
    # v6diff.example: the IPv6 addresses get their own server blocks and content.
    groups = [(site["ipv4"] + v6, f"{state}/www/{name}")]
    if web["ipv6_content"] == "different" and v6:
        groups = [(site["ipv4"], f"{state}/www/{name}"), (v6, f"{state}/www/{name}-ipv6")]
    blocks = []
    for addresses, root in groups:
        if not addresses:
            continue
        if web["server"] == "nginx":
            blocks.append("\n".join(
                ["    server {"] + _listen_lines(addresses, 443, True) +
                [f"        server_name {name};"] + _tls_lines(site, pki) + _header_lines(site) +
                too_early_lines(web) +
                [f"        root {root};", "        location / { try_files $uri $uri/ =404; }"] +
                _security_txt_lines() + ["    }"]))
        if web["server"] == "nginx" and site["mail"]["mta_sts"]:
            blocks.append(_mta_sts_block(site, addresses, state, pki))
        http = ["    server {"] + _listen_lines(addresses, 80, False) + [f"        server_name {name};"]
        if web["port80"] == "redirect":
            # RFC 9110 section 15.4.2: 301 to the same host over https.
            http.append("        location / { return 301 https://$host$request_uri; }")
        else:
            http += [f"        root {root};", "        location / { try_files $uri $uri/ =404; }"]
        blocks.append("\n".join(http + ["    }"]))
    return blocks


def _mta_sts_block(site, addresses, state, pki):
    """HTTPS server of mta-sts.<site>: the policy at /.well-known/mta-sts.txt as text/plain
    (RFC 8461 section 3.3), with the site's certificate (whose names may leave it out)."""
    return "\n".join(
        ["    server {"] + _listen_lines(addresses, 443, True) +
        [f"        server_name mta-sts.{site['name']};"] + _tls_lines(site, pki) +
        [f"        root {state}/www/mta-sts.{site['name']};",
         "        location = /.well-known/mta-sts.txt { default_type text/plain; }",
         "        location / { return 404; }", "    }"])


def mta_sts_policy(site):
    """The policy file of a site with mail.mta_sts (RFC 8461 section 3.2), CRLF line ends."""
    sts = site["mail"]["mta_sts"]
    lines = ["version: STSv1", f"mode: {sts['mode']}"] + [f"mx: {mx}" for mx in sts["mx"]]
    lines.append(f"max_age: {sts['max_age']}")
    return "".join(line + "\r\n" for line in lines)


def nginx_conf(world, state, pki):
    vrp = world.infrastructure["vrp_host"]
    blocks = []
    for site in world.sites:
        if site["web"] and site["web"]["server"] in ("nginx", "scripted"):
            blocks.extend(nginx_sites(site, state, pki))
    blocks.append("\n".join(
        ["    server {"] + _listen_lines(vrp["ipv4"] + vrp["ipv6"], 80, False) +
        [f"        server_name {vrp['name']};", f"        root {state}/rpki;",
         f"        location = {vrp['path']} {{ default_type application/json; }}",
         "        location / { return 404; }", "    }"]))
    from . import revocation  # here: revocation imports this module
    blocks.append(revocation.nginx_crl_block(world, state))
    # Workers run as root: they read the web roots inside the state directory, which may sit
    # below a private home directory; the namespace they run in is sealed anyway.
    head = f"""# Generated by examples/world/generate.py from sites.json; do not edit.
user root;
worker_processes 1;
pid {state}/run/nginx.pid;
error_log {state}/log/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    types {{ text/html html; text/plain txt; application/json json; }}
    default_type application/octet-stream;
    access_log {state}/log/nginx-access.log;
    client_body_temp_path {state}/nginx/tmp/body;
    proxy_temp_path {state}/nginx/tmp/proxy;
    fastcgi_temp_path {state}/nginx/tmp/fastcgi;
    uwsgi_temp_path {state}/nginx/tmp/uwsgi;
    scgi_temp_path {state}/nginx/tmp/scgi;
    server_tokens off;
    server_names_hash_bucket_size 128;
"""
    return head + "\n".join(blocks) + "\n}\n"


def site_pages(site):
    """name -> content of the files under www/<site>[ -ipv6]/ (index + security.txt)."""
    name = site["name"]
    title = html.escape(name)
    purpose = html.escape(site["purpose"])
    files = security_txt_files(site)
    pages = {
        name: {"index.html": f"<!doctype html>\n<html lang=en><title>{title}</title>\n"
                             f"<h1>{title}</h1>\n<p>{purpose}</p>\n</html>\n", **files},
    }
    if site["mail"]["mta_sts"]:
        pages["mta-sts." + name] = {".well-known/mta-sts.txt": mta_sts_policy(site)}
    if site["web"]["ipv6_content"] == "different":
        pages[name + "-ipv6"] = {
            "index.html": "<!doctype html>\n<html lang=en><title>Under construction</title>\n"
                          "<h1>This IPv6 server was never set up</h1>\n<p>Nothing to see here.</p>\n</html>\n",
            **files}
    return pages


# web.security_txt -> days from now to the file's Expires (RFC 9116 section 2.5.5); "missing"
# publishes no file at all.
SECURITY_TXT_EXPIRES_DAYS = {"valid": 180, "expired": -30, "long-lived": 730}


def security_txt_files(site):
    """The security.txt of a site (RFC 9116), as web.security_txt says: {} when missing."""
    kind = site["web"].get("security_txt", "valid")
    if kind == "missing":
        return {}
    name = site["name"]
    expires = time.strftime("%Y-%m-%dT00:00:00Z",
                            time.gmtime(time.time() + SECURITY_TXT_EXPIRES_DAYS[kind] * 86400))
    return {".well-known/security.txt": f"Contact: mailto:security@{name}\nExpires: {expires}\n"
                                        f"Canonical: https://{name}/.well-known/security.txt\n"}


def _security_txt_lines():
    # RFC 9116 section 3: text/plain with charset=utf-8 (nginx adds the charset to text/plain
    # only when told; charset_types includes text/plain by default).
    return ["        location = /.well-known/security.txt { charset utf-8; }"]


def hostile_config(world, pki):
    servers = []
    for site in world.sites:
        web = site["web"]
        if web and web["server"] == "hostile":
            leaf = f"{pki}/leaves/{site['name']}"
            servers.append({"name": site["name"], "behaviour": web["behaviour"],
                            "addresses": site["ipv4"] + site["ipv6"],
                            "certificate": f"{leaf}/fullchain.pem", "key": f"{leaf}/key.pem"})
    return json.dumps({"servers": servers}, indent=1) + "\n"


def hostile_openssl_conf():
    """OPENSSL_CONF of the hostile servers (Python's ssl has no call for the signature
    algorithms): the same SHA-256-or-better list as the nginx sites."""
    return ("openssl_conf = world_conf\n[world_conf]\nssl_conf = world_ssl\n[world_ssl]\n"
            "system_default = world_tls\n[world_tls]\n"
            f"SignatureAlgorithms = {SIGNATURE_ALGORITHMS}\nGroups = {GROUPS.replace('prime256v1', 'P-256').replace('secp384r1', 'P-384')}\n")


# tls_legacy_server.py options a scripted site may set (web.scripted), with their defaults.
SCRIPTED_DEFAULTS = {"versions": ["tls1.2", "tls1.3"], "ciphers": ["1301", "1302", "1303", "C02B", "C02F"],
                     "groups": ["001D", "0017", "0018"], "prefer_server_order": True, "ems": True,
                     "reneg_info": True, "compression": False, "honour_fallback_scsv": True}


def scripted_config(world, state, pki):
    """The servers of the scripted sites (tests/servers/tls_legacy_server.py, one per address,
    all on port 443), for scripted.py: they play what Debian's OpenSSL cannot (SSLv3, RC4,
    ML-KEM). Each answers the first flight of a handshake and closes."""
    servers = []
    for site in world.sites:
        web = site["web"]
        if web and web["server"] == "scripted":
            options = dict(SCRIPTED_DEFAULTS, **(web["scripted"] or {}))
            for address in site["ipv4"] + site["ipv6"]:
                servers.append({"name": site["name"], "address": address, "port": 443,
                                "options": dict(options, host=address, port=443,
                                                cert_der=f"{state}/scripted/{site['name']}.der")})
    return json.dumps({"servers": servers}, indent=1) + "\n"
