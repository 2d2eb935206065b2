"""Revocation and Certificate Transparency in the world: the OCSP responder (`openssl
ocsp`, a daemon started by `up`), the intermediate's CRL served by nginx, and the
certificate knobs that use them (web.certificate.revoked / days / scts).

Every leaf the intermediate issues names both in its AIA (RFC 5280 section 4.2.2.1) and
its CRL distribution points (section 4.2.1.13), so tls.certificate.revocation asks them
for every site."""

from . import daemons


def responder(world):
    return world.infrastructure["ocsp_responder"]


def crl_host(world):
    return world.infrastructure["crl_host"]


def ocsp_url(world):
    host = responder(world)
    return f"http://{host['name']}:{host['port']}/"


def crl_url(world):
    host = crl_host(world)
    return f"http://{host['name']}{host['path']}"


def pki_init_args(world):
    """The pki_init options that put the responder and the CRL into every leaf."""
    return ["--leaf-ocsp-url", ocsp_url(world), "--leaf-crl-url", crl_url(world)]


# RFC 6962 section 3.3: an OCTET STRING holding a SignedCertificateTimestampList. The two
# SCTs are well-formed v1 structures from two made-up logs (log ids 0x77.. and 0x78..,
# timestamp 2026-01-01T00:00:00Z) with placeholder signatures: no real log signed them, and
# nothing in the world can check a CT log signature; tls.certificate.transparency counts
# and names them.
def _sct(log_byte):
    timestamp = 1767225600000
    body = bytes([0]) + bytes([log_byte]) * 32 + timestamp.to_bytes(8, "big") + bytes([0, 0, 4, 3, 0, 4]) + b"\x01\x02\x03\x04"
    return len(body).to_bytes(2, "big") + body


def sct_extension():
    scts = _sct(0x77) + _sct(0x78)
    sct_list = len(scts).to_bytes(2, "big") + scts
    der = bytes([0x04, len(sct_list)]) + sct_list
    return "1.3.6.1.4.1.11129.2.4.2 = DER:" + ":".join(f"{b:02X}" for b in der)


def leaf_args(site):
    """pki_leaf options for a site's certificate knobs."""
    certificate = site["web"]["certificate"]
    args = []
    if certificate.get("days"):
        args += ["--days", str(certificate["days"])]
    if certificate.get("scts"):
        args += ["--extension", sct_extension()]
    return args


def plan_lines(world, sites):
    """`revoke NAME REASON` for each site whose certificate the CA has revoked."""
    return ["\t".join(["revoke", s["name"], s["web"]["certificate"]["revoked"]])
            for s in sites if s["web"]["certificate"].get("revoked")]


def nginx_crl_block(world, state):
    host = crl_host(world)
    return "\n".join(
        ["    server {"] + daemons._listen_lines(host["ipv4"] + host["ipv6"], 80, False) +
        [f"        server_name {host['name']};",
         f"        location = {host['path']} {{ default_type application/pkix-crl;"
         f" alias {state}/pki/intermediate/crl.der; }}",
         "        location / { return 404; }", "    }"])
