"""DNSSEC keys and signing with ldns (ldnsutils).

Keys are cached per zone in STATE/dnssec/keys/<zone>/ with a manifest, so a world that is
brought up again keeps its chain of trust (and its root trust anchor) stable. Zones are
signed afresh at every bring-up: it takes milliseconds and keeps signatures current.
"""

import json
import subprocess
import time
from pathlib import Path

# RFC 8624 section 3.1: 13 (ECDSAP256SHA256) is the RECOMMENDED signing algorithm;
# 5 (RSASHA1) is NOT RECOMMENDED, which is what rsasha1.example demonstrates.
ALGORITHMS = {
    "ecdsa": ("ECDSAP256SHA256", None),
    "expired": ("ECDSAP256SHA256", None),
    "ds-mismatch": ("ECDSAP256SHA256", None),
    "rsasha1": ("RSASHA1", "2048"),
}
SIGNATURE_DAYS = 30
# bogus.example: signatures valid only in January 2020, long expired (RFC 4035 section 5.3.1).
EXPIRED_INCEPTION = "20200101000000"
EXPIRED_EXPIRATION = "20200201000000"


def _key_dir(state, zone):
    label = "root" if zone == "." else zone.rstrip(".")
    return Path(state) / "dnssec" / "keys" / label


def _keygen(directory, zone, algorithm, bits, ksk):
    command = ["ldns-keygen", "-a", algorithm]
    if bits:
        command += ["-b", bits]
    if ksk:
        command.append("-k")
    command.append(zone)
    base = subprocess.run(command, cwd=directory, check=True, capture_output=True, text=True).stdout.strip()
    return str(Path(directory) / base)


def ensure_keys(state, zone, signing):
    """The zone's key set {"ksk", "zsk", ["decoy"]}: key file base names (no extension),
    as absolute paths; the manifest keeps bare file names so a state directory can move."""
    directory = _key_dir(state, zone)
    manifest = directory / "keys.json"
    roles = ("ksk", "zsk", "decoy")
    if manifest.exists():
        stored = json.loads(manifest.read_text())
        keys = {k: str(directory / Path(v).name) if k in roles else v for k, v in stored.items()}
        if keys.get("signing") == signing and "ds" in keys and all(
                Path(keys[k] + ".private").exists() for k in roles if k in keys):
            return keys
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob("K*"):
        old.unlink()
    algorithm, bits = ALGORITHMS[signing]
    keys = {"signing": signing,
            "ksk": _keygen(directory, zone, algorithm, bits, ksk=True),
            "zsk": _keygen(directory, zone, algorithm, bits, ksk=False)}
    if signing == "ds-mismatch":
        # A key-signing key the zone never publishes: its DS goes to the parent, so the
        # parent's DS matches no DNSKEY of the zone (RFC 4035 section 5.2).
        keys["decoy"] = _keygen(directory, zone, algorithm, bits, ksk=True)
    keys["ds"] = _ds_rdata(keys["decoy"] if signing == "ds-mismatch" else keys["ksk"])
    stored = {k: Path(v).name if k in roles else v for k, v in keys.items()}
    manifest.write_text(json.dumps(stored, indent=1) + "\n")
    return keys


def _ds_rdata(key_base):
    line = subprocess.run(["ldns-key2ds", "-n", "-2", key_base + ".key"], check=True,
                          capture_output=True, text=True).stdout.split()
    # "<owner> <class> DS <tag> <alg> <digest type> <digest>" (a TTL may come first)
    index = line.index("DS")
    return " ".join(line[index + 1:])


def ds_records(keys):
    """The DS rdata the parent publishes (SHA-256 digest, RFC 4509); cached with the keys."""
    return [keys["ds"]]


def dnskey_ds_anchor(keys, zone):
    """A trust anchor line for `zone` (unbound's trust-anchor-file format: a DS RR)."""
    return f"{zone} IN DS {ds_records(keys)[0]}\n"


def sign(zone, unsigned_file, signed_file, keys, nsec3=None):
    if keys["signing"] == "expired":
        inception, expiration = EXPIRED_INCEPTION, EXPIRED_EXPIRATION
    else:
        now = int(time.time())
        inception = time.strftime("%Y%m%d%H%M%S", time.gmtime(now - 3600))
        expiration = time.strftime("%Y%m%d%H%M%S", time.gmtime(now + SIGNATURE_DAYS * 86400))
    command = ["ldns-signzone", "-o", zone, "-f", str(signed_file), "-i", inception, "-e", expiration]
    if nsec3:
        # RFC 5155 NSEC3 parameters; nsec3iter.example uses 50 iterations and a salt, which
        # RFC 9276 section 3.1 advises against (0 iterations, empty salt).
        command += ["-n", "-t", str(nsec3["iterations"]), "-s", nsec3["salt"] or "-"]
    command += [str(unsigned_file), keys["zsk"], keys["ksk"]]
    subprocess.run(command, check=True, capture_output=True, text=True)
