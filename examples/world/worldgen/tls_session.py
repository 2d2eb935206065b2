"""What only a full TLS session shows (tls.client_renegotiation, tls.zero_rtt): nginx's early
data knobs, and the openssl s_server sites that allow client-initiated renegotiation (no
Debian web server can be made to: nginx always refuses it)."""

import json

# The TLS settings every nginx site has, for s_server (see daemons.py).
_MODERN_CIPHERS = ":".join([
    "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-ECDSA-AES128-GCM-SHA256",
    "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-CHACHA20-POLY1305", "ECDHE-RSA-AES128-GCM-SHA256"])


def early_data_lines(web):
    """web.early_data "on" or "too-early": nginx accepts TLS 1.3 early data (0-RTT)."""
    return ["        ssl_early_data on;"] if web["early_data"] else []


def too_early_lines(web):
    """web.early_data "too-early": requests that came as early data are answered 425 Too Early
    (RFC 8470 section 5.2); the rest as usual."""
    if web["early_data"] != "too-early":
        return []
    return ["        if ($ssl_early_data) { return 425; }"]


def s_server_config(world, state, pki, signature_algorithms, groups):
    """The `openssl s_server` of the s_server sites, one per address on port 443, for
    s_servers.py: -client_renegotiation (what the sites are for), -HTTP (serves files of its
    directory as complete HTTP answers; GET / finds none and gets a constant 200 text, the
    same on IPv4 and IPv6), TLS 1.2 and 1.3 with the nginx sites' suites, groups and
    signature algorithms, and the leaf with its intermediate."""
    servers = []
    for site in world.sites:
        web = site["web"]
        if not web or web["server"] != "s_server":
            continue
        leaf = f"{pki}/leaves/{site['name']}"
        for address in site["ipv4"] + site["ipv6"]:
            host = f"[{address}]" if ":" in address else address
            args = ["-accept", f"{host}:443", "-6" if ":" in address else "-4",
                    "-cert", f"{leaf}/cert.pem", "-key", f"{leaf}/key.pem", "-cert_chain", f"{leaf}/chain.pem",
                    "-no_tls1", "-no_tls1_1", "-cipher", _MODERN_CIPHERS, "-serverpref",
                    "-groups", groups, "-sigalgs", signature_algorithms, "-HTTP", "-quiet"]
            if web.get("client_renegotiation", True):
                args.append("-client_renegotiation")
            servers.append({"name": site["name"], "address": address, "port": 443, "args": args,
                            "directory": f"{state}/s_server/{site['name']}"})
    return json.dumps({"servers": servers}, indent=1) + "\n"
