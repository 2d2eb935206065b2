"""Selfcheck of the MX hosts' DANE (RFC 7672): the TLSA records at _25._tcp.<mx> are
DNSSEC-validated (AD flag), and OpenSSL's own DANE verifier (s_client -dane_tlsa_rrdata),
given each record alone, accepts the chain the world's Postfix serves after STARTTLS
("dane": "valid": both the 3 1 1 and the 2 1 1) or rejects it ("dane": "stale")."""

import re
from pathlib import Path

from worldgen import mta


def check_mail_dane(world, state, dig, results, run, skipped):
    for host in mta.dane_hosts(world):
        name = host["name"]
        records, answer = dig.rdata(f"_25._tcp.{name}", "TLSA", "+dnssec")
        wanted = 2 if host["dane"] == "valid" else 1
        results.check(name, f"{wanted} TLSA record(s) at _25._tcp, validated (AD flag)",
                      len(records) == wanted and "ad" in answer["flags"], (records, answer["flags"]))
        if not Path(state, "run", "postfix.pid").exists():
            skipped.append(f"{name}: Postfix runs only in a root world: DANE matching not checked")
            continue
        for address in host["ipv4"] + host["ipv6"]:
            target = f"[{address}]:25" if ":" in address else f"{address}:25"
            for record in records:
                kind = " ".join(record.split()[:3])
                _, out = run(["openssl", "s_client", "-starttls", "smtp", "-connect", target, "-servername", name,
                              "-dane_tlsa_domain", name, "-dane_tlsa_rrdata", record, "-brief"],
                             input_text="QUIT\r\n")
                verified = "Verification: OK" in out and re.search(r"DANE TLSA \d \d \d", out)
                if host["dane"] == "valid":
                    results.check(name, f"{target} chain matches TLSA {kind} (OpenSSL DANE)", bool(verified),
                                  out[-300:])
                else:
                    results.check(name, f"{target} chain matches no TLSA record (OpenSSL DANE rejects it)",
                                  "Protocol version" in out and not verified, out[-300:])
