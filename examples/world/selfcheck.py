#!/usr/bin/python3
"""World self-check: does every site of sites.json really have its intended property?

Run through ./selfcheck, which starts this INSIDE the world's network namespace: every
dig, openssl s_client and curl below talks only to world addresses. A failure here means
the world is broken, not the scanner.

  selfcheck.py --state DIR [--site NAME]... [--verbose]
Prints failures (and with --verbose every check) and "selfcheck: N passed, M failed".
"""

import argparse
import base64
import concurrent.futures
import hashlib
import json
import re
import os
import socket
import ssl
import struct
import subprocess
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from worldgen import daemons, der, routing, time_servers, web_headers, zones  # noqa: E402
import selfcheck_time  # noqa: E402
from selfcheck_dane import check_mail_dane  # noqa: E402
from worldgen.model import World  # noqa: E402
from selfcheck_session import check_site_session  # noqa: E402

TIMEOUT = 10
# Trying TLS 1.0/1.1 is the point of some checks; Python warns that those versions are old.
warnings.filterwarnings("ignore", category=DeprecationWarning, message="ssl.TLSVersion")
TLS_VERSIONS = {"TLSv1": ssl.TLSVersion.TLSv1, "TLSv1.1": ssl.TLSVersion.TLSv1_1,
                "TLSv1.2": ssl.TLSVersion.TLSv1_2, "TLSv1.3": ssl.TLSVersion.TLSv1_3}
ALGORITHM_NUMBERS = {"ecdsa": "13", "expired": "13", "ds-mismatch": "13", "rsasha1": "5"}
SCRIPTED_SERVER = Path(__file__).resolve().parent.parent.parent / "tests" / "servers" / "tls_legacy_server.py"
SKIPPED = []
VERIFY_CODES = {"expired": "10", "self": "18", "nochain": "21", "wrongname": "62"}


class Results:
    def __init__(self, verbose):
        self.verbose = verbose
        self.lines = []
        self.passed = 0
        self.failed = 0

    def check(self, subject, what, ok, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        if self.verbose or not ok:
            self.lines.append(f"{'ok  ' if ok else 'FAIL'} {subject}: {what}" + (f" ({detail})" if detail and not ok else ""))
        return ok


def run(command, input_text=None, timeout=TIMEOUT):
    try:
        done = subprocess.run(command, input=input_text, capture_output=True, text=True, timeout=timeout,
                              errors="replace")
        return done.returncode, done.stdout + done.stderr
    except subprocess.TimeoutExpired:
        return 124, "timeout"


class Dig:
    """dig against the world's resolver (or a given server).

    In "record" mode queries only remember what was asked (answering nothing); `prefetch`
    then asks all of them with ONE `dig -f` process, and later queries are answered from
    that batch. A site's checks run twice (record, then for real): one process per site
    instead of one per query.
    """

    DIG_OPTIONS = ("+time=3", "+tries=2")

    def __init__(self, resolver):
        self.resolver = resolver
        self.recording = False
        self.asked = []
        self.cache = {}

    @staticmethod
    def _key(name, rtype, flags, server):
        return (name.lower(), rtype, tuple(flags), server)

    @staticmethod
    def _parse(out):
        status = re.search(r"status: (\w+)", out)
        header_flags = re.search(r"flags:([^;]*);", out)
        answers = []
        for line in out.splitlines():
            if line.startswith(";") or not line.strip():
                continue
            parts = line.split(None, 4)
            if len(parts) == 5 and parts[2] == "IN":
                answers.append((parts[0], parts[3], parts[4]))
        return {"status": status.group(1) if status else "NONE",
                "flags": header_flags.group(1).split() if header_flags else [],
                "answers": answers, "raw": out}

    def _arguments(self, name, rtype, flags, server):
        return [f"@{server or self.resolver}", *self.DIG_OPTIONS, *flags, name, rtype]

    def prefetch(self):
        queries = list(dict.fromkeys(self.asked))
        self.recording = False
        if not queries:
            return
        batch = "\n".join(" ".join(self._arguments(*q)) for q in queries) + "\n"
        _, out = run(["dig", "-f", "-"], input_text=batch, timeout=TIMEOUT * len(queries))
        blocks = re.split(r"(?m)^; <<>> DiG .*$", out)[1:]
        if len(blocks) == len(queries):
            for query, block in zip(queries, blocks):
                self.cache[query] = self._parse(block)

    def query(self, name, rtype, *flags, server=None):
        key = self._key(name, rtype, flags, server)
        if self.recording:
            self.asked.append(key)
            return self._parse("")
        if key not in self.cache:
            _, out = run(["dig", *self._arguments(*key)])
            self.cache[key] = self._parse(out)
        return self.cache[key]

    def rdata(self, name, rtype, *flags, server=None):
        answer = self.query(name, rtype, *flags, server=server)
        return sorted(r for _, t, r in answer["answers"] if t == rtype), answer


def txt_value(rdata):
    """Concatenate the character-strings of a TXT rdata as dig prints it."""
    return "".join(part.replace('\\"', '"').replace("\\\\", "\\") for part in re.findall(r'"((?:[^"\\]|\\.)*)"', rdata))


def check_site_dns(site, world, dig, results):
    name = site["name"]
    dns = site["dns"]
    zone = site["zone"]
    zone_site = world.by_name[zone.rstrip(".")]
    signing = zone_site["dns"]["signing"]
    broken = signing in ("expired", "ds-mismatch")
    cd = ("+cd",) if broken else ()

    for rtype, wanted in (("A", site["ipv4"]), ("AAAA", site["ipv6"])):
        got, answer = dig.rdata(name, rtype, *cd)
        results.check(name, f"{rtype} = {wanted or 'none'}" + (" (+cd)" if cd else ""), got == sorted(wanted), got)

    if zone == f"{name}.":
        plain = dig.query(name, "SOA")
        if broken:
            results.check(name, "validating resolver answers SERVFAIL (bogus)", plain["status"] == "SERVFAIL",
                          plain["status"])
            with_cd = dig.query(name, "SOA", "+cd")
            results.check(name, "+cd (checking disabled) answers", with_cd["status"] == "NOERROR", with_cd["status"])
        elif signing == "none":
            results.check(name, "answer is insecure (no AD flag)", plain["status"] == "NOERROR" and
                          "ad" not in plain["flags"], plain["flags"])
            ds, _ = dig.rdata(name, "DS")
            results.check(name, "no DS at the parent", ds == [], ds)
            keys, _ = dig.rdata(name, "DNSKEY")
            results.check(name, "no DNSKEY", keys == [], keys)
        else:
            results.check(name, "answer validated (AD flag)", "ad" in plain["flags"], plain["flags"])
        if signing != "none":
            keys, _ = dig.rdata(name, "DNSKEY", *cd)
            algorithms = {k.split()[2] for k in keys}
            results.check(name, f"DNSKEY algorithm {ALGORITHM_NUMBERS[signing]}",
                          algorithms == {ALGORITHM_NUMBERS[signing]}, algorithms)
            ds, _ = dig.rdata(name, "DS", *cd)
            tags_ds = {d.split()[0] for d in ds}
            tags_key = set(re.findall(r"id = (\d+)", dig.query(name, "DNSKEY", "+cd", "+multiline")["raw"]))
            if signing == "ds-mismatch":
                results.check(name, "parent DS matches no DNSKEY", bool(tags_ds) and not tags_ds & tags_key,
                              f"DS {tags_ds}, DNSKEY {tags_key}")
            else:
                results.check(name, "parent DS matches a DNSKEY", bool(tags_ds & tags_key),
                              f"DS {tags_ds}, DNSKEY {tags_key}")
        if signing == "expired":
            sigs, _ = dig.rdata(name, "RRSIG", "+cd")
            results.check(name, "RRSIGs expired in 2020", bool(sigs) and all(s.split()[4].startswith("2020")
                                                                             for s in sigs), sigs[:1])
        nsec3 = dns["nsec3"]
        params, _ = dig.rdata(name, "NSEC3PARAM", *cd)
        wanted = [f"1 0 {nsec3['iterations']} {nsec3['salt']}"] if nsec3 else []
        results.check(name, f"NSEC3PARAM {wanted or 'none'}", [p.lower() for p in params] == wanted, params)

        # Delegation and every name server address answering authoritatively.
        ns_names, _ = dig.rdata(name, "NS", *cd)
        wanted_ns = sorted(n + "." for n in dns["name_servers"])
        results.check(name, f"NS = {wanted_ns}", ns_names == wanted_ns, ns_names)
        servers = world.name_servers()
        for ns in dns["name_servers"]:
            entry = servers[ns]
            aaaa, _ = dig.rdata(ns, "AAAA")
            results.check(name, f"{ns} AAAA = {entry['ipv6'] or 'none'}", aaaa == sorted(entry["ipv6"]), aaaa)
            for address in entry["ipv4"] + entry["ipv6"]:
                soa = dig.query(name, "SOA", "+norec", server=address)
                results.check(name, f"{ns} at {address} answers SOA authoritatively",
                              soa["status"] == "NOERROR" and "aa" in soa["flags"], soa["status"])

    mail = site["mail"]
    mx, _ = dig.rdata(name, "MX", *cd)
    results.check(name, f"MX = {mail['mx']}", mx == sorted(mail["mx"]), mx)
    for target in world.mx_targets(site):
        host = world.mail_hosts()[target]
        for rtype, wanted in (("A", host["ipv4"]), ("AAAA", host["ipv6"])):
            got, answer = dig.rdata(target, rtype)
            results.check(name, f"MX host {target} {rtype} = {wanted or 'none'}",
                          answer["status"] == "NOERROR" and got == sorted(wanted), (answer["status"], got))
    txt, _ = dig.rdata(name, "TXT", *cd)
    spf = sorted(txt_value(t) for t in txt if txt_value(t).startswith("v=spf1"))
    results.check(name, f"SPF = {mail['spf']}", spf == sorted(mail["spf"]), spf)
    dmarc, _ = dig.rdata(f"_dmarc.{name}", "TXT", *cd)
    wanted_dmarc = sorted(d.replace("{name}", name) for d in mail["dmarc"])
    results.check(name, f"DMARC = {wanted_dmarc or 'none'}", sorted(txt_value(d) for d in dmarc) == wanted_dmarc,
                  dmarc)
    sts, _ = dig.rdata(f"_mta-sts.{name}", "TXT", *cd)
    wanted_sts = [f"v=STSv1; id={mail['mta_sts']['id']}"] if mail["mta_sts"] else []
    results.check(name, f"MTA-STS record = {wanted_sts or 'none'}", [txt_value(r) for r in sts] == wanted_sts, sts)
    tls_rpt, _ = dig.rdata(f"_smtp._tls.{name}", "TXT", *cd)
    wanted_tls_rpt = sorted(r.replace("{name}", name) for r in mail["tls_rpt"])
    results.check(name, f"TLS-RPT = {wanted_tls_rpt or 'none'}",
                  sorted(txt_value(r) for r in tls_rpt) == wanted_tls_rpt, tls_rpt)
    for selector, kind in mail["dkim"].items():
        owner = f"{'probe-' if selector == '*' else ''}{selector.replace('*', 'any')}._domainkey.{name}"
        records, _ = dig.rdata(owner, "TXT", *cd)
        values = [txt_value(r) for r in records]
        if kind == "empty":
            results.check(name, f"DKIM {owner}: empty p= (revoked)", values == ["v=DKIM1; p="], values)
            continue
        bits = ""
        if len(values) == 1 and "p=" in values[0]:
            der = base64.b64decode(values[0].split("p=")[1])
            done = subprocess.run(["openssl", "pkey", "-pubin", "-inform", "DER", "-noout", "-text"], input=der,
                                  capture_output=True, timeout=TIMEOUT)
            found = re.search(rb"\((\d+) bit\)", done.stdout)
            bits = found.group(1).decode() if found else ""
        results.check(name, f"DKIM {owner}: RSA {kind[3:]}", bits == kind[3:], values)
    if dns["tlsa"] and site["web"] and zone == f"{name}.":
        tlsa, _ = dig.rdata(f"_443._tcp.{name}", "TLSA", "+cd")  # matched against the key in the web checks
        results.check(name, "one TLSA record at _443._tcp", len(tlsa) == 1, tlsa)
    caa, _ = dig.rdata(name, "CAA", *cd)
    results.check(name, f"CAA = {dns['caa']}", caa == sorted(dns["caa"]) or zone != f"{name}." and caa == [], caa)
    for owner, rtype, rdata in dns["records"]:
        owner_name = name if owner == "@" else f"{owner}.{name}"
        got, _ = dig.rdata(owner_name, rtype, *cd)
        ok = any(txt_value(g) == rdata for g in got) if rtype == "TXT" else rdata in got
        results.check(name, f"{owner_name} {rtype} {rdata[:40]}", ok, got)

    # Team Cymru style origin of every address of the site.
    for address in site["ipv4"] + site["ipv6"]:
        check_origin(name, address, world, dig, results)


def origin_name(address):
    import ipaddress
    ip = ipaddress.ip_address(address)
    if ip.version == 4:
        return ".".join(reversed(address.split("."))) + ".origin.asn.cymru.com"
    return ".".join(reversed(ip.exploded.replace(":", ""))) + ".origin6.asn.cymru.com"


def check_origin(subject, address, world, dig, results):
    wanted = sorted(routing.origin_txt(a) for a in routing.origins_of(world, address))
    got, _ = dig.rdata(origin_name(address), "TXT")
    results.check(subject, f"origin of {address}: {wanted or 'none'}", got == wanted, got)


def s_client(address, name, *flags):
    host = f"[{address}]" if ":" in address else address
    return run(["openssl", "s_client", "-connect", f"{host}:443", "-servername", name, *flags], input_text="")


def tls_version(address, name, version):
    """The version a handshake allowing only `version` negotiates (None: refused).
    OpenSSL in-process (Python's ssl), security level 0 so that TLS 1.0/1.1 can be tried."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.set_ciphers("DEFAULT:@SECLEVEL=0")
    context.minimum_version = context.maximum_version = version
    try:
        with socket.create_connection((address, 443), timeout=TIMEOUT) as raw:
            with context.wrap_socket(raw, server_hostname=name) as tls:
                return tls.version()
    except (OSError, ssl.SSLError):
        return None


# --- TLS configuration: what the new tls checks judge, seen with openssl s_client and with
# ClientHellos written here byte by byte (RFC 5246 7.4.1.2, RFC 8446 4.1.2) -------------------
WEAK_SIGALGS = "ECDSA+SHA224:RSA+SHA224:ECDSA+SHA1:RSA+SHA1"
SSL3, TLS10, TLS12, TLS13 = 0x0300, 0x0301, 0x0303, 0x0304
FALLBACK_SCSV = 0x5600
X25519MLKEM768 = 0x11EC
# The first 64 bits of every RFC 3526 MODP and RFC 7919 ffdhe prime.
WELL_KNOWN_DH_PREFIXES = ("ffffffffffffffffc90fdaa22168c234", "ffffffffffffffffadf85458a2bb4a9a")


def _ext(kind, data):
    return struct.pack(">HH", kind, len(data)) + data


def client_hello(version, ciphers, groups=(), versions=None, shares=(), extensions=True):
    """A ClientHello record: `version` in the hello (and the record: TLS 1.0 for TLS 1.x),
    `versions` for supported_versions, `shares` the groups given a (random) key share."""
    ext = b""
    if extensions:
        if groups:
            ext += _ext(10, struct.pack(">H", 2 * len(groups)) + b"".join(struct.pack(">H", g) for g in groups))
            ext += _ext(11, b"\x01\x00")
        if version >= TLS12 or versions:
            sigalgs = [0x0403, 0x0503, 0x0804, 0x0805, 0x0401, 0x0501]
            ext += _ext(13, struct.pack(">H", 2 * len(sigalgs)) + b"".join(struct.pack(">H", a) for a in sigalgs))
        ext += _ext(23, b"") + _ext(0xFF01, b"\x00")
        if versions:
            ext += _ext(43, bytes([2 * len(versions)]) + b"".join(struct.pack(">H", v) for v in versions))
        if shares:
            sizes = {0x001D: 32, 0x0017: 65, X25519MLKEM768: 1184 + 32}
            entries = b"".join(struct.pack(">HH", g, sizes[g]) + os.urandom(sizes[g]) for g in shares)
            ext += _ext(51, struct.pack(">H", len(entries)) + entries)
    session_id = os.urandom(32) if versions else b""
    body = struct.pack(">H", version) + os.urandom(32) + bytes([len(session_id)]) + session_id
    body += struct.pack(">H", 2 * len(ciphers)) + b"".join(struct.pack(">H", c) for c in ciphers) + b"\x01\x00"
    if ext:
        body += struct.pack(">H", len(ext)) + ext
    message = b"\x01" + len(body).to_bytes(3, "big") + body
    return struct.pack(">BHH", 22, min(version, TLS10), len(message)) + message


def first_flight(address, hello, port=443):
    """Sends `hello`, reads the server's first flight: {"alert": n} or {"version", "cipher",
    "extensions" (ids), "group" (TLS 1.3 key_share), "dh_p" (hex, DHE ServerKeyExchange)};
    {"error": text} when nothing sensible came back."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    data = b""
    try:
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.settimeout(TIMEOUT)
            sock.connect((address, port))
            sock.sendall(hello)
            handshake = b""
            result = {}
            while True:
                while len(data) < 5 or len(data) < 5 + int.from_bytes(data[3:5], "big"):
                    chunk = sock.recv(65536)
                    if not chunk:
                        return result or {"error": "closed"}
                    data += chunk
                kind, length = data[0], int.from_bytes(data[3:5], "big")
                payload, data = data[5:5 + length], data[5 + length:]
                if kind == 21:
                    return {"alert": payload[1]} if len(payload) == 2 else {"error": "bad alert"}
                if kind != 22:
                    return result or {"error": f"record type {kind}"}
                handshake += payload
                while len(handshake) >= 4 and len(handshake) >= 4 + int.from_bytes(handshake[1:4], "big"):
                    size = int.from_bytes(handshake[1:4], "big")
                    message, body, handshake = handshake[0], handshake[4:4 + size], handshake[4 + size:]
                    if message == 2:
                        result.update(parse_server_hello(body))
                        if result.get("version") == TLS13:
                            return result
                    elif message == 12 and result.get("cipher") in (0x009E, 0x009F):
                        p_length = int.from_bytes(body[:2], "big")
                        result["dh_p"] = body[2:2 + p_length].hex()
                    elif message == 14:
                        return result
    except OSError as error:
        return {"error": str(error)}


def parse_server_hello(body):
    version = int.from_bytes(body[:2], "big")
    position = 34 + 1 + body[34]
    cipher = int.from_bytes(body[position:position + 2], "big")
    position += 3
    extensions, group = [], None
    if position + 2 <= len(body):
        end = position + 2 + int.from_bytes(body[position:position + 2], "big")
        position += 2
        while position + 4 <= end:
            kind, size = struct.unpack(">HH", body[position:position + 4])
            data = body[position + 4:position + 4 + size]
            extensions.append(kind)
            if kind == 43 and size == 2:
                version = int.from_bytes(data, "big")
            if kind == 51 and size >= 2:
                group = int.from_bytes(data[:2], "big")
            position += 4 + size
    return {"version": version, "cipher": cipher, "extensions": extensions, "group": group}


def s_client_12(address, name, *flags):
    """openssl s_client with TLS 1.2 only, security level 0 (the server decides)."""
    return s_client(address, name, "-tls1_2", *flags)


def check_tls_configuration(site, address, results):
    """The properties the tls checks judge, for an nginx site that speaks TLS 1.2."""
    name = site["name"]
    web = site["web"]
    if "TLSv1.2" not in web["tls_protocols"]:
        return
    _, out = s_client_12(address, name, "-cipher", "DEFAULT:@SECLEVEL=0")
    results.check(name, f"TLS 1.2: extended master secret {'off' if name == 'noems.example' else 'on'} on {address}",
                  ("Extended master secret: no" if name == "noems.example" else "Extended master secret: yes") in out)
    results.check(name, f"TLS 1.2: secure renegotiation (RFC 5746), no compression on {address}",
                  "Secure Renegotiation IS supported" in out and "Compression: NONE" in out)
    # Key-exchange signatures: SHA-256 or better only (sha1kex.example: SHA-1 when asked for).
    _, out = s_client_12(address, name, "-sigalgs", WEAK_SIGALGS, "-cipher", "DEFAULT:@SECLEVEL=0")
    digest = re.search(r"Peer signing digest: (\S+)", out)
    wanted = "SHA1" if name == "sha1kex.example" else None
    results.check(name, f"TLS 1.2 key exchange signed with {wanted or 'no'} SHA-1/SHA-224 digest on {address}",
                  (digest.group(1) if digest else None) == wanted, digest.group(0) if digest else out[-160:])
    if name == "weakciphers.example":
        for suite in ("AES128-SHA", "ECDHE-RSA-AES128-SHA"):
            _, out = s_client_12(address, name, "-cipher", suite)
            results.check(name, f"accepts {suite} on {address}", f"Cipher is {suite}" in out, out[-160:])
    if name == "noorder.example":
        _, out = s_client_12(address, name, "-cipher", "ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384")
        results.check(name, f"the client's order wins (CBC suite listed first is chosen) on {address}",
                      "Cipher is ECDHE-ECDSA-AES128-SHA256" in out, out[-160:])
    elif not web["tls_ciphers"] or name == "weakciphers.example":
        _, out = s_client_12(address, name, "-cipher", ":".join(reversed(
            web["tls_ciphers"] or ["ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384",
                                   "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384"])) + ":@SECLEVEL=0")
        results.check(name, f"the server's order wins (AES-256-GCM first) on {address}",
                      re.search(r"Cipher is ECDHE-(ECDSA|RSA)-AES256-GCM-SHA384", out) is not None, out[-160:])
    if web["dh_params"]:
        flight = first_flight(address, client_hello(TLS12, [0x009F, 0x009E]))
        p = flight.get("dh_p", "")
        bits = len(p) * 4
        wanted_bits = 1024 if web["dh_params"] == "dh1024" else 2048
        results.check(name, f"DHE with a {wanted_bits}-bit group on {address}", bits == wanted_bits, flight)
        if web["dh_params"] == "custom2048":
            results.check(name, f"the DH group is no RFC 3526/7919 group on {address}",
                          bool(p) and not p.startswith(WELL_KNOWN_DH_PREFIXES), p[:32])
    else:
        _, out = s_client_12(address, name, "-cipher", "DHE:@SECLEVEL=0")
        results.check(name, f"no DHE suite on {address}", "Cipher is (NONE)" in out or "Cipher is" not in out,
                      out[-160:])


def check_site_scripted(site, results):
    """The scripted TLS servers (tls_legacy_server.py): versions, suites, groups and the
    fallback SCSV, with ClientHellos written here."""
    name = site["name"]
    options = site["web"]["scripted"]
    versions = options["versions"]
    ciphers = [int(c, 16) for c in options["ciphers"]]
    for address in site["ipv4"] + site["ipv6"]:
        if "ssl3" in versions:
            got = first_flight(address, client_hello(SSL3, [0x000A, 0x0004, 0x0005, 0x002F], extensions=False))
            results.check(name, f"SSLv3 handshake with RC4 (server order: {ciphers[0]:04X}) on {address}",
                          got.get("version") == SSL3 and got.get("cipher") == ciphers[0], got)
        if "tls1.0" in versions:
            got = first_flight(address, client_hello(TLS10, [0x000A, 0x0005, 0x002F]))
            results.check(name, f"TLS 1.0 handshake (server order: {ciphers[0]:04X}) on {address}",
                          got.get("version") == TLS10 and got.get("cipher") == ciphers[0], got)
            got = first_flight(address, client_hello(TLS10, [0x0005, FALLBACK_SCSV]))
            wanted = "ignored" if not options.get("honour_fallback_scsv") else "answered"
            results.check(name, f"TLS_FALLBACK_SCSV {wanted} on {address}",
                          (got.get("version") == TLS10) == (wanted == "ignored"), got)
        if "tls1.2" not in versions:
            # A TLS 1.2 ClientHello: a server below TLS 1.2 answers with its highest version,
            # a TLS 1.3-only server with a protocol_version alert.
            got = first_flight(address, client_hello(TLS12, [0xC02F, 0xC02B, 0x009C, 0x002F, 0x0005], groups=[0x001D]))
            if "tls1.3" in versions:
                results.check(name, f"TLS 1.2 refused (protocol_version) on {address}", got.get("alert") == 70, got)
            else:
                results.check(name, f"a TLS 1.2 client gets TLS 1.0 on {address}", got.get("version") == TLS10, got)
        if "tls1.3" in versions:
            groups = [int(g, 16) for g in options["groups"]]
            got = first_flight(address, client_hello(TLS12, [0x1301, 0x1302], groups=[X25519MLKEM768, 0x001D],
                                                     versions=[TLS13], shares=[X25519MLKEM768, 0x001D]))
            results.check(name, f"TLS 1.3 key exchange {groups[0]:04X} on {address}",
                          got.get("version") == TLS13 and got.get("group") == groups[0], got)
            got = first_flight(address, client_hello(TLS12, [0x1301], groups=[0x001D], versions=[TLS13],
                                                     shares=[0x001D]))
            results.check(name, f"TLS 1.3 with X25519 alone also works on {address}",
                          got.get("version") == TLS13 and got.get("group") == 0x001D, got)


def curl(*args):
    return run(["curl", "-sS", "--max-time", "5", *args])


def check_certificate_status(site, address, leaf_pem, results):
    """The served leaf's lifetime, embedded SCTs and revocation pointers (worldgen/revocation.py)."""
    name = site["name"]
    certificate = site["web"]["certificate"]
    _, text = run(["openssl", "x509", "-noout", "-text", "-startdate", "-enddate", "-ocsp_uri"], input_text=leaf_pem)
    dates = dict(re.findall(r"^(notBefore|notAfter)=(.*)$", text, re.M))
    days = None
    if len(dates) == 2:
        seconds = [time.mktime(time.strptime(dates[k], "%b %d %H:%M:%S %Y %Z")) for k in ("notBefore", "notAfter")]
        days = (seconds[1] - seconds[0]) / 86400
    wanted_days = certificate.get("days") or 90
    if certificate["validity"] != "expired":
        results.check(name, f"leaf valid {wanted_days} days (+1 hour) on {address}",
                      days is not None and abs(days - wanted_days - 1 / 24) < 0.01, days)
    has_scts = "CT Precertificate SCTs" in text
    results.check(name, f"leaf {'has' if certificate.get('scts') else 'has no'} embedded SCTs on {address}",
                  has_scts == bool(certificate.get("scts")))
    if certificate["issuer"] == "intermediate":
        results.check(name, f"leaf names the OCSP responder and the CRL on {address}",
                      "http://ocsp.pki.example:2560/" in text and "http://crl.pki.example/intermediate.crl" in text)


def check_revocation_answers(world, state, results):
    """The responder and the CRL answer as the sites' knobs say (good / revoked)."""
    pki = Path(state, "pki")
    intermediate = pki / "intermediate" / "cert.pem"
    host = world.infrastructure["ocsp_responder"]
    url = f"http://{host['name']}:{host['port']}/"
    crl_host = world.infrastructure["crl_host"]
    crl_path = Path(state, "crl-check.der")
    code, _ = run(["curl", "-sS", "--max-time", "5", "-o", str(crl_path), f"http://{crl_host['name']}{crl_host['path']}"])
    _, crl_text = run(["openssl", "crl", "-inform", "DER", "-in", str(crl_path), "-noout", "-text",
                       "-CAfile", str(intermediate)])
    results.check("pki", f"CRL served at http://{crl_host['name']}{crl_host['path']} verifies",
                  code == 0 and "verify OK" in crl_text, crl_text[-200:])
    for site in world.sites:
        web = site["web"]
        if not web or web["server"] != "nginx" or web["certificate"]["issuer"] != "intermediate":
            continue
        if site["name"] != "good.example" and not web["certificate"].get("revoked"):
            continue
        leaf = pki / "leaves" / site["name"] / "cert.pem"
        wanted = "revoked" if web["certificate"].get("revoked") else "good"
        _, out = run(["openssl", "ocsp", "-issuer", str(intermediate), "-cert", str(leaf), "-url", url,
                      "-CAfile", str(pki / "ca.pem"), "-no_nonce"])
        results.check(site["name"], f"the OCSP responder at {url} says {wanted}", f"{leaf}: {wanted}" in out, out[-200:])
        _, serial = run(["openssl", "x509", "-in", str(leaf), "-noout", "-serial"])
        listed = serial.strip().partition("=")[2].upper() in crl_text.upper().replace(":", "")
        results.check(site["name"], f"the CRL {'lists' if wanted == 'revoked' else 'does not list'} its serial",
                      listed == (wanted == "revoked"), serial.strip())


def check_site_web(site, world, state, dig, results):
    name = site["name"]
    web = site["web"]
    ca = f"{state}/pki/ca.pem"
    v6 = site["ipv6"] if web["listen_ipv6"] else []
    bodies = {}
    for address in site["ipv4"] + v6:
        for protocol, version in TLS_VERSIONS.items():
            negotiated = tls_version(address, name, version)
            wanted = protocol in web["tls_protocols"]
            results.check(name, f"{protocol} handshake on {address} {'works' if wanted else 'refused'}",
                          (negotiated == protocol) == wanted, negotiated)
        _, out = s_client(address, name, "-CAfile", ca, "-verify_hostname", name, "-status",
                          "-cipher", "DEFAULT:@SECLEVEL=0", "-showcerts")
        certificate = web["certificate"]
        expect_code = "0"
        if certificate["validity"] == "expired":
            expect_code = VERIFY_CODES["expired"]
        elif certificate["issuer"] == "self":
            expect_code = VERIFY_CODES["self"]
        elif not web["send_intermediate"]:
            expect_code = VERIFY_CODES["nochain"]
        elif name not in certificate["names"]:
            expect_code = VERIFY_CODES["wrongname"]
        code = re.search(r"Verify return code: (\d+)", out)
        results.check(name, f"certificate verify code {expect_code} on {address}",
                      code and code.group(1) == expect_code, code.group(0) if code else out[-200:])
        # The chain as sent (an OCSP staple, printed before it, carries its signer's PEM).
        chain_text = out[out.find("Certificate chain"):] if "Certificate chain" in out else ""
        chain_length = chain_text.count("-----BEGIN CERTIFICATE-----")
        wanted_chain = 2 if web["send_intermediate"] and certificate["issuer"] != "self" else 1
        results.check(name, f"server sends {wanted_chain} certificate(s) on {address}", chain_length == wanted_chain,
                      chain_length)
        leaf_pem = re.search(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", chain_text, re.S)
        if leaf_pem:
            _, text = run(["openssl", "x509", "-noout", "-text"], input_text=leaf_pem.group(0))
            if certificate["key"].startswith("rsa"):
                key_ok = f"Public-Key: ({certificate['key'][3:]} bit)" in text and "rsaEncryption" in text
            else:
                key_ok = "Public-Key: (256 bit)" in text and "prime256v1" in text
            results.check(name, f"leaf key {certificate['key']} on {address}", key_ok)
            signature = re.search(r"Signature Algorithm: (\S+)", text)
            wanted_sig = "ecdsa-with-SHA1" if certificate["digest"] == "sha1" else "ecdsa-with-SHA256"
            results.check(name, f"leaf signature {wanted_sig} on {address}",
                          signature and signature.group(1) == wanted_sig, signature and signature.group(1))
            if site["dns"]["tlsa"] and site["zone"] == f"{name}.":
                tlsa, _ = dig.rdata(f"_443._tcp.{name}", "TLSA", "+cd")
                wanted_tlsa = "311" + hashlib.sha256(der.spki_der(leaf_pem.group(0))).hexdigest()
                got_tlsa = [t.replace(" ", "").lower() for t in tlsa]
                if site["dns"]["tlsa"] == "stale":
                    results.check(name, f"TLSA 3 1 1 is stale: matches no key served on {address}",
                                  len(got_tlsa) == 1 and got_tlsa != [wanted_tlsa], tlsa)
                else:
                    results.check(name, f"TLSA 3 1 1 matches the key served on {address}",
                                  got_tlsa == [wanted_tlsa], tlsa)
        if web["ocsp_staple"]:
            staple = "revoked" if certificate.get("revoked") else "good"
            results.check(name, f"OCSP staple '{staple}' on {address}", f"Cert Status: {staple}" in out)
        else:
            results.check(name, f"no OCSP staple on {address}", "OCSP response: no response sent" in out)

        check_tls_configuration(site, address, results)
        if leaf_pem:
            check_certificate_status(site, address, leaf_pem.group(0), results)

        host = f"[{address}]" if ":" in address else address
        resolve = ["--resolve", f"{name}:443:{host}", "--resolve", f"{name}:80:{host}"]
        _, response = curl("-D", "-", "--cacert", ca, "-k", *resolve, f"https://{name}/")
        headers, _, body = response.partition("\n\n")  # text mode turned CRLF into LF
        bodies[address] = body
        hsts = re.findall(r"(?im)^strict-transport-security: (.*?)\r?$", headers)
        results.check(name, f"HSTS {web['hsts'] or 'absent'} on {address}",
                      hsts == ([web["hsts"]] if web["hsts"] else []), hsts)
        check_security_txt(site, resolve, ca, address, results)
        check_site_headers(site, address, headers, resolve, results)
        _, out = curl("-o", "/dev/null", "-w", "%{http_code} %{redirect_url}", *resolve, f"http://{name}/")
        wanted = f"301 https://{name}/" if web["port80"] == "redirect" else "200 "
        results.check(name, f"port 80 {'redirects to https' if web['port80'] == 'redirect' else 'serves content'}"
                            f" on {address}", out.strip() == wanted.strip(), out)

        if site["mail"]["mta_sts"]:
            check_mta_sts_host(site, address, ca, results)

    if site["ipv6"] and not web["listen_ipv6"]:
        for address in site["ipv6"]:
            code, out = curl("--cacert", ca, "--resolve", f"{name}:443:[{address}]", f"https://{name}/")
            results.check(name, f"nothing listens on [{address}]:443 (refused)", code == 7, out[-120:])
    if site["ipv4"] and v6:
        same = bodies[site["ipv4"][0]] == bodies[v6[0]]
        wanted_same = web["ipv6_content"] == "same"
        results.check(name, f"IPv4 and IPv6 content {'identical' if wanted_same else 'different'}",
                      same == wanted_same and bool(bodies[v6[0]]))


def check_security_txt(site, resolve, ca, address, results):
    """web.security_txt: the file's presence, media type and Expires (RFC 9116)."""
    name, kind = site["name"], site["web"]["security_txt"]
    _, response = curl("-D", "-", "--cacert", ca, "-k", *resolve, f"https://{name}/.well-known/security.txt")
    headers, _, body = response.partition("\n\n")
    status = re.match(r"HTTP/\S+ (\d+)", headers)
    status = status.group(1) if status else ""
    if kind == "missing":
        results.check(name, f"no security.txt (404) on {address}", status == "404", status)
        return
    content_type = re.findall(r"(?im)^content-type: (.*?)\r?$", headers)
    results.check(name, f"security.txt 200 text/plain; charset=utf-8 on {address}",
                  status == "200" and content_type == ["text/plain; charset=utf-8"], (status, content_type))
    expires = re.search(r"(?m)^Expires: (\d{4})-(\d\d)-(\d\d)T", body)
    days = None
    if expires:
        when = time.mktime(time.strptime("-".join(expires.groups()), "%Y-%m-%d")) - time.timezone
        days = (when - time.time()) / 86400
    wanted = {"valid": lambda d: 0 < d < 365, "expired": lambda d: d < 0, "long-lived": lambda d: d > 366}[kind]
    results.check(name, f"security.txt {kind} (Expires {days and round(days)} days ahead) on {address}",
                  days is not None and "Contact: mailto:" in body and wanted(days), body[:200])
def header_values(headers, name):
    return re.findall(r"(?im)^" + re.escape(name) + r": (.*?)\r?$", headers)


def check_site_headers(site, address, headers, resolve, results):
    """The security headers, cookies and compression of the HTTPS page (worldgen/web_headers.py)."""
    name = site["name"]
    wanted = dict(web_headers.site_headers(site))
    for header in sorted(set(n for n, _ in web_headers.SECURITY_HEADERS) | set(wanted)):
        want = [wanted[header]] if header in wanted else []
        got = header_values(headers, header)
        results.check(name, f"{header} {want[0] if want else 'absent'} on {address}", got == want, got)
    cookies = web_headers.site_cookies(site)
    got = header_values(headers, "Set-Cookie")
    results.check(name, f"Set-Cookie {cookies or 'absent'} on {address}", got == cookies, got)
    _, compressed = curl("-D", "-", "-o", "/dev/null", "-k", "-H", "Accept-Encoding: gzip", *resolve, f"https://{name}/")
    encoding = header_values(compressed, "Content-Encoding")
    want = ["gzip"] if site["web"].get("gzip") else []
    results.check(name, f"Content-Encoding {want[0] if want else 'none'} when asked for gzip on {address}",
                  encoding == want, encoding)


def raw_exchange(address, port, use_tls, name, seconds, limit):
    """Send a GET and collect what arrives within `seconds` (at most `limit` bytes)."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    data = b""
    deadline = time.monotonic() + seconds
    with socket.socket(family, socket.SOCK_STREAM) as raw:
        raw.settimeout(seconds)
        raw.connect((address, port))
        sock = raw
        if use_tls:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            sock = context.wrap_socket(raw, server_hostname=name)
        sock.sendall(f"GET / HTTP/1.1\r\nHost: {name}\r\n\r\n".encode())
        while len(data) < limit:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            sock.settimeout(remaining)
            try:
                chunk = sock.recv(65536)
            except (socket.timeout, TimeoutError):
                break
            if not chunk:
                break
            data += chunk
    return data


def check_site_hostile(site, state, results):
    name = site["name"]
    behaviour = site["web"]["behaviour"]
    for address in site["ipv4"] + site["ipv6"]:
        for port, use_tls in ((80, False), (443, True)):
            where = f"{address} port {port}"
            try:
                if behaviour == "silent":
                    data = raw_exchange(address, port, False, name, 2, 1024)
                    results.check(name, f"accepts TCP and stays silent on {where}", data == b"", data[:40])
                elif behaviour == "slow":
                    data = raw_exchange(address, port, use_tls, name, 3.5, 1024)
                    results.check(name, f"one byte a second on {where}", 2 <= len(data) <= 5, len(data))
                elif behaviour == "bigheaders":
                    data = raw_exchange(address, port, use_tls, name, 20, 2 * 1024 * 1024)
                    head_end = data.find(b"\r\n\r\n")
                    results.check(name, f"over 1 MiB of headers on {where}",
                                  len(data) >= 1024 * 1024 and (head_end == -1 or head_end > 1024 * 1024), len(data))
                elif behaviour == "renegotiation":
                    data = raw_exchange(address, port, use_tls, name, 5, 65536)
                    wanted = b"Strict-Transport-Security" if use_tls else b"301 Moved"
                    results.check(name, f"an ordinary answer on {where}", wanted in data, data[:80])
                elif behaviour == "xss":
                    data = raw_exchange(address, port, use_tls, name, 5, 65536)
                    payload = b"<script>alert(1)</script>" if use_tls else b'"><img src=x onerror=alert(1)>'
                    results.check(name, f"payload in the answer on {where}", payload in data, data[:80])
            except OSError as error:
                results.check(name, f"{behaviour} server reachable on {where}", False, error)


def check_infrastructure(world, state, dig, results):
    infra = world.infrastructure
    resolver = infra["resolver"]
    for address in resolver["ipv4"] + resolver["ipv6"]:
        answer = dig.query("good.example", "A", server=address)
        results.check("resolver", f"validating answers on {address}", "ad" in answer["flags"], answer["flags"])
    anchor = Path(state, "root.key").read_text().split()
    keys = dig.query(".", "DNSKEY", "+multiline")["raw"]
    results.check("root", "trust anchor's key tag is a root KSK", anchor[3] in re.findall(r"id = (\d+)", keys),
                  anchor[3])
    for host in infra["name_servers"]:
        for address in host["ipv4"] + host["ipv6"]:
            check_origin(host["name"], address, world, dig, results)
    check_mail_hosts(world, dig, results)
    check_mail_starttls(world, state, results)
    check_mail_dane(world, state, dig, results, run, SKIPPED)
    # The world is sealed: lo is its only interface and routes only to its own addresses.
    _, links = run(["ip", "-o", "link", "show"])
    names = sorted(re.findall(r"^\d+: ([^:@]+)", links, re.M))
    results.check("namespace", "lo is the only interface", names == ["lo"], names)
    _, routes4 = run(["ip", "-4", "route", "show", "table", "main"])
    _, routes6 = run(["ip", "-6", "route", "show", "table", "main"])
    outside = [r for r in (routes4 + routes6).splitlines() if r.strip() and " dev lo " not in f" {r} "]
    results.check("namespace", "no route leaves the namespace", outside == [] and "default" not in routes4 + routes6,
                  outside)

    check_revocation_answers(world, state, results)
    vrp = infra["vrp_host"]
    _, body = curl(f"http://{vrp['name']}{vrp['path']}")
    try:
        roas = json.loads(body)["roas"]
        got = sorted((r["asn"], r["prefix"], r["maxLength"]) for r in roas)
    except (ValueError, KeyError):
        got = body[:80]
    wanted = sorted((r["asn"], r["prefix"], r["maxLength"]) for r in world.routing["roas"])
    results.check("rpki", f"VRPs served at http://{vrp['name']}{vrp['path']}", got == wanted, got)
    rtr = infra["rtr_server"]
    results.check("rpki", f"stayrtr on {rtr['ipv4'][0]}:{rtr['port']} sends every VRP over RTR",
                  rtr_prefix_count(rtr["ipv4"][0], rtr["port"]) == len(world.routing["roas"]))
    for asn in world.routing["as_names"]:
        txt, _ = dig.rdata(f"AS{asn}.asn.cymru.com", "TXT")
        results.check("rpki", f"AS{asn}.asn.cymru.com TXT", len(txt) == 1, txt)


def check_mail_hosts(world, dig, results):
    """Each MX host has its addresses (on lo, in DNS), its zone's signing and its routes."""
    plan = zones.ZonePlan(world)
    _, lo = run(["ip", "-o", "address", "show", "dev", "lo"])
    on_lo = set(re.findall(r"inet6? ([0-9a-f.:]+)/", lo))
    for name, host in world.mail_hosts().items():
        for rtype, wanted in (("A", host["ipv4"]), ("AAAA", host["ipv6"])):
            got, answer = dig.rdata(name, rtype, "+dnssec")
            results.check(name, f"{rtype} = {wanted or 'none'}", answer["status"] == "NOERROR" and got == sorted(wanted),
                          (answer["status"], got))
            signatures = [r for _, t, r in answer["answers"] if t == "RRSIG"]
            if plan.signed(plan.zone_of(name)):
                # A NODATA answer (no AAAA) is validated too: the AD flag covers the denial.
                results.check(name, f"{rtype} answer validated (AD flag)", "ad" in answer["flags"], answer["flags"])
                if wanted:
                    results.check(name, f"{rtype} answer carries an RRSIG", bool(signatures), answer["answers"])
            else:
                results.check(name, f"{rtype} answer insecure (no AD flag, no RRSIG)",
                              "ad" not in answer["flags"] and not signatures, (answer["flags"], signatures))
        for address in host["ipv4"] + host["ipv6"]:
            results.check(name, f"{address} is on the namespace's lo", address in on_lo, sorted(on_lo)[:4])
            check_origin(name, address, world, dig, results)


def check_mail_starttls(world, state, results):
    """Postfix on port 25 of every MX host address: STARTTLS with the MX host's certificate
    (TLS 1.2 or 1.3), or no STARTTLS where the mail host says "starttls": false."""
    if not Path(state, "run", "postfix.pid").exists():
        SKIPPED.append("MX hosts: Postfix runs only in a root world (not rootless): no SMTP to check")
        return
    ca = f"{state}/pki/ca.pem"
    for name, host in world.mail_hosts().items():
        for address in host["ipv4"] + host["ipv6"]:
            target = f"[{address}]:25" if ":" in address else f"{address}:25"
            _, out = run(["openssl", "s_client", "-starttls", "smtp", "-connect", target, "-servername", name,
                          "-CAfile", ca, "-verify_hostname", name, "-brief"], input_text="QUIT\r\n")
            if host.get("starttls", True):
                ok = re.search(r"Protocol version: TLSv1\.[23]", out) and "Verification: OK" in out
                results.check(name, f"{target} STARTTLS, TLS 1.2+, certificate for {name}", bool(ok), out[-300:])
                check_mail_tls_weakness(name, host, target, results)
            else:
                results.check(name, f"{target} answers SMTP without STARTTLS",
                              "Didn't find STARTTLS" in out and "Protocol version" not in out, out[-300:])


def check_mail_tls_weakness(name, host, target, results):
    """A "weak_tls" mail host completes STARTTLS with TLS 1.0 and a CBC-SHA1 suite (our
    client at @SECLEVEL=0: Debian's OpenSSL refuses both at its default level); every other
    one refuses TLS 1.0 (smtpd_tls_protocols = >=TLSv1.2 in main.cf)."""
    _, out = run(["openssl", "s_client", "-starttls", "smtp", "-connect", target, "-servername", name, "-tls1",
                  "-cipher", "ECDHE-ECDSA-AES128-SHA:@SECLEVEL=0", "-brief"], input_text="QUIT\r\n")
    accepted = bool(re.search(r"Protocol version: TLSv1\n", out + "\n")) and "ECDHE-ECDSA-AES128-SHA" in out
    if host.get("weak_tls", False):
        results.check(name, f"{target} STARTTLS accepts TLS 1.0 with ECDHE-ECDSA-AES128-SHA (weak TLS)", accepted,
                      out[-300:])
    else:
        results.check(name, f"{target} STARTTLS refuses TLS 1.0", not accepted and "Protocol version" not in out,
                      out[-300:])


def rtr_prefix_count(address, port):
    """RFC 8210: send a Reset Query (version 1) and count the prefix PDUs until End of Data."""
    count = 0
    try:
        with socket.create_connection((address, port), timeout=TIMEOUT) as sock:
            sock.sendall(bytes([1, 2, 0, 0, 0, 0, 0, 8]))
            buffer = b""
            deadline = time.monotonic() + TIMEOUT
            while time.monotonic() < deadline:
                while len(buffer) >= 8:
                    length = int.from_bytes(buffer[4:8], "big")
                    if length < 8 or length > 65536:
                        return -1
                    if len(buffer) < length:
                        break
                    pdu_type = buffer[1]
                    buffer = buffer[length:]
                    if pdu_type in (4, 6):   # IPv4 / IPv6 Prefix
                        count += 1
                    elif pdu_type == 7:      # End of Data
                        return count
                    elif pdu_type == 10:     # Error Report
                        return -1
                chunk = sock.recv(65536)
                if not chunk:
                    break
                buffer += chunk
    except OSError:
        return -1
    return -1


def check_mta_sts_host(site, address, ca, results):
    """mta-sts.<site> serves the policy as text/plain; its certificate is valid for that name
    unless the site says otherwise (RFC 8461 section 3.3)."""
    name = site["name"]
    sts = site["mail"]["mta_sts"]
    host = f"mta-sts.{name}"
    target = f"{host}:443:{f'[{address}]' if ':' in address else address}"
    url = f"https://{host}/.well-known/mta-sts.txt"
    code, out = curl("-D", "-", "--cacert", ca, "--resolve", target, url)
    if sts.get("certificate_covers", True):
        headers, _, body = out.partition("\n\n")
        results.check(name, f"MTA-STS policy served as text/plain by {host} on {address}",
                      code == 0 and re.search(r"(?im)^content-type: text/plain", headers) is not None
                      and body.replace("\r", "") == daemons.mta_sts_policy(site).replace("\r", ""), out[-200:])
    else:
        results.check(name, f"the certificate of {host} on {address} does not cover its name (curl: 60)",
                      code == 60, out[-200:])


def check_site(site, world, state, verbose):
    dig = Dig(world.infrastructure["resolver"]["ipv4"][0])
    dig.recording = True
    check_site_dns(site, world, dig, Results(verbose))
    dig.prefetch()
    results = Results(verbose)
    check_site_dns(site, world, dig, results)
    web = site["web"]
    if site["role"] == "time":
        selfcheck_time.check_site_time(site, state, results, time_servers.settings)
    if web and web["server"] == "nginx":
        check_site_web(site, world, state, dig, results)
    if web and (web["server"] == "nginx" or web["behaviour"] == "renegotiation"):
        check_site_session(site, state, results)
    elif web and web["server"] == "hostile":
        check_site_hostile(site, state, results)
    elif web and web["server"] == "scripted":
        if SCRIPTED_SERVER.exists():
            check_site_scripted(site, results)
        else:
            SKIPPED.append(f"{site['name']}: {SCRIPTED_SERVER} missing, its TLS server is not running")
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--state", required=True)
    parser.add_argument("--sites", default=str(Path(__file__).resolve().parent / "sites.json"))
    parser.add_argument("--site", action="append", default=[])
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    world = World(args.sites)
    sites = [s for s in world.sites if not args.site or s["name"] in args.site]
    total = Results(args.verbose)
    infra = Results(args.verbose)
    if not args.site:
        check_infrastructure(world, args.state, Dig(world.infrastructure["resolver"]["ipv4"][0]), infra)
    with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:
        per_site = list(pool.map(lambda s: check_site(s, world, args.state, args.verbose), sites))
    for results in [infra] + per_site:
        for line in results.lines:
            print(line)
        total.passed += results.passed
        total.failed += results.failed
    for line in SKIPPED:
        print(f"skip {line}")
    print(f"selfcheck: {total.passed} passed, {total.failed} failed")
    return 0 if total.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
