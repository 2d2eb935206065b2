#!/usr/bin/python3
"""Builds the demo world's files from sites.json (called by ./up; safe to run again).

  generate.py validate               check sites.json
  generate.py pki-plan               print the pki_leaf/pki_ocsp_response calls `up` makes
  generate.py build --state DIR      keys, signed zones, daemon configs, web roots, VRPs
  generate.py outputs --state DIR --netns NAME   world.json and world.env
"""

import argparse
import base64
import concurrent.futures
import hashlib
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from worldgen import daemons, der, dnssec, mta, outputs, revocation, routing, time_servers, zones  # noqa: E402
from worldgen.model import World  # noqa: E402

SOURCE_DIR = Path(__file__).resolve().parent.parent.parent
EXPIRED_NOT_BEFORE = "-120 days"
EXPIRED_NOT_AFTER = "-30 days"
# Signatures last dnssec.SIGNATURE_DAYS (30); an unchanged zone is signed again after a week.
RESIGN_AFTER = 7 * 86400


def web_sites(world):
    return [s for s in world.sites if s["web"]]


def pki_plan(world):
    """Lines of tab-separated words: `init ARGS...`, `leaf NAME ARGS...`, `ocsp NAME` and
    `revoke NAME REASON`."""
    lines = ["\t".join(["init"] + revocation.pki_init_args(world))]
    for site in web_sites(world):
        certificate = site["web"]["certificate"]
        args = ["--san", ",".join(certificate["names"]), "--key-type", certificate["key"],
                "--digest", certificate["digest"]]
        if certificate["issuer"] == "self":
            args.append("--self-signed")
        if certificate["validity"] == "expired":
            args += ["--not-before", EXPIRED_NOT_BEFORE, "--not-after", EXPIRED_NOT_AFTER]
        args += revocation.leaf_args(site)
        lines.append("\t".join(["leaf", site["name"]] + args))
        if site["web"]["ocsp_staple"]:
            lines.append("\t".join(["ocsp", site["name"]]))
    return (lines + revocation.plan_lines(world, web_sites(world)) +
            time_servers.pki_lines(world, EXPIRED_NOT_BEFORE, EXPIRED_NOT_AFTER) + mta.pki_plan(world))


def run(command, **kwargs):
    return subprocess.run(command, check=True, capture_output=True, **kwargs).stdout


def dkim_public_keys(state):
    """RSA keys for DKIM (RFC 6376 section 3.6.1: p= is the base64 SubjectPublicKeyInfo)."""
    directory = state / "dkim"
    directory.mkdir(parents=True, exist_ok=True)
    keys = {}
    for kind, bits in (("rsa2048", 2048), ("rsa1024", 1024)):
        private = directory / f"{kind}.pem"
        if not private.exists():
            run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", f"rsa_keygen_bits:{bits}",
                 "-out", str(private)])
        der = run(["openssl", "pkey", "-in", str(private), "-pubout", "-outform", "DER"])
        keys[kind] = base64.b64encode(der).decode()
    return keys


def dh_params(world, state):
    """The DH parameter files the sites ask for (web.dh_params), made once and kept in
    $STATE/dh (a 2048-bit safe prime takes seconds to a minute)."""
    directory = state / "dh"
    for kind in sorted({s["web"]["dh_params"] for s in web_sites(world) if s["web"]["dh_params"]}):
        target = directory / f"{kind}.pem"
        if not target.exists():
            directory.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(target.name + ".tmp")
            run(daemons.DH_PARAMS[kind][:2] + ["-out", str(tmp)] + daemons.DH_PARAMS[kind][2:])
            tmp.replace(target)


def scripted_certificates(world, state):
    """DER leaf certificates for the scripted TLS servers (--cert-der)."""
    for site in web_sites(world):
        cert = state / "pki" / "leaves" / site["name"] / "cert.pem"
        if site["web"]["server"] == "scripted" and cert.exists():
            target = state / "scripted" / f"{site['name']}.der"
            target.parent.mkdir(parents=True, exist_ok=True)
            data = der.pem_to_der(cert.read_text())
            if not target.exists() or target.read_bytes() != data:
                target.write_bytes(data)


def tlsa_hashes(world, pki):
    """Site -> SHA-256 of the served leaf's SubjectPublicKeyInfo (TLSA 3 1 1)."""
    hashes = {}
    for site in web_sites(world):
        cert = pki / "leaves" / site["name"] / "cert.pem"
        if not cert.exists():
            continue
        hashes[site["name"]] = hashlib.sha256(der.spki_der(cert.read_text())).hexdigest()
    return hashes


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text() != text:
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(text)
        tmp.replace(path)


def build(world, state):
    pki = state / "pki"
    plan = zones.ZonePlan(world)
    keys = {z: dnssec.ensure_keys(state, z, info["signing"])
            for z, info in plan.zones.items() if info["signing"] != "none"}
    ds = {z: dnssec.ds_records(k) for z, k in keys.items()}
    tlsa = tlsa_hashes(world, pki)
    dkim = dkim_public_keys(state)
    serial = int(time.time())

    zone_dir = state / "zones"
    zone_dir.mkdir(parents=True, exist_ok=True)
    signing_jobs = []
    wanted_files = set()
    for zone, info in plan.zones.items():
        records = zones.zone_records(plan, zone, ds, tlsa, dkim) + mta.tlsa_records(world, pki, plan, zone)
        base = zone_dir / daemons.zone_file_name(zone)
        unsigned, signed, stamp = (Path(f"{base}.zone"), Path(f"{base}.zone.signed"), Path(f"{base}.zone.stamp"))
        wanted_files.update(p.name for p in (unsigned, signed, stamp))
        # Unchanged content, keys and parameters, signed less than RESIGN_AFTER ago: keep
        # the signed zone (and its serial) as it is.
        fingerprint = hashlib.sha256(json.dumps([zones.master_file(zone, info["name_servers"][0], 0, records),
                                                 keys.get(zone), info]).encode()).hexdigest()
        if (stamp.exists() and stamp.read_text() == fingerprint and signed.exists()
                and time.time() - signed.stat().st_mtime < RESIGN_AFTER):
            continue
        unsigned.write_text(zones.master_file(zone, info["name_servers"][0], serial, records))
        stamp.unlink(missing_ok=True)
        if zone in keys:
            signing_jobs.append((zone, unsigned, signed, keys[zone], info["nsec3"], stamp, fingerprint))
        else:
            shutil.copyfile(unsigned, signed)
            stamp.write_text(fingerprint)
    for stale in zone_dir.iterdir():
        if stale.name not in wanted_files:
            stale.unlink()

    def sign(zone, unsigned, signed, zone_keys, nsec3, stamp, fingerprint):
        dnssec.sign(zone, unsigned, signed, zone_keys, nsec3)
        stamp.write_text(fingerprint)

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for job in [pool.submit(sign, *args) for args in signing_jobs]:
            job.result()
    write(state / "root.key", dnssec.dnskey_ds_anchor(keys["."], "."))

    for name, instance in daemons.nsd_instances(world, plan).items():
        (state / "nsd" / name).mkdir(parents=True, exist_ok=True)
        write(state / "nsd" / name / "nsd.conf", daemons.nsd_conf(name, instance, state))
    write(state / "unbound" / "unbound.conf", daemons.unbound_conf(world, state))
    write(state / "unbound" / "root.hints", daemons.root_hints(world))

    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (state / "nginx" / "tmp" / sub).mkdir(parents=True, exist_ok=True)
    write(state / "nginx" / "nginx.conf", daemons.nginx_conf(world, state, pki))
    for site in world.sites:
        if site["web"] and site["web"]["server"] == "nginx":
            for root, files in daemons.site_pages(site).items():
                for relative, content in files.items():
                    write(state / "www" / root / relative, content)
    write(state / "rpki" / "vrps.json", routing.vrp_json(world))
    write(state / "hostile" / "servers.json", daemons.hostile_config(world, pki))
    write(state / "hostile" / "openssl.cnf", daemons.hostile_openssl_conf())
    dh_params(world, state)
    scripted_certificates(world, state)
    write(state / "scripted" / "servers.json", daemons.scripted_config(world, state, pki))
    for name in time_servers.instances(world):
        (state / "chrony" / name).mkdir(parents=True, exist_ok=True)
        write(state / "chrony" / name / "chrony.conf", time_servers.chrony_conf(world.by_name[name], state, pki))
    write(state / "chrony" / "instances", "".join(f"{name}\n" for name in time_servers.instances(world)))
    for sub in ("conf", "queue", "data"):
        (state / "postfix" / sub).mkdir(parents=True, exist_ok=True)
    write(state / "postfix" / "conf" / "main.cf", mta.main_cf(state))
    write(state / "postfix" / "conf" / "master.cf", mta.master_cf(world, pki))
    write(state / "postfix" / "conf" / "openssl.cnf", mta.openssl_cnf())
    write(state / "addresses.batch", outputs.address_batch(world))
    write(state / "daemons.env", outputs.daemons_env(world))
    for sub in ("run", "log"):
        (state / sub).mkdir(parents=True, exist_ok=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["validate", "pki-plan", "build", "outputs"])
    parser.add_argument("--sites", default=str(Path(__file__).resolve().parent / "sites.json"))
    parser.add_argument("--state")
    parser.add_argument("--netns")
    args = parser.parse_args()
    world = World(args.sites)
    world.validate()
    if args.command == "pki-plan":
        print("\n".join(pki_plan(world)))
    elif args.command == "build":
        build(world, Path(args.state).resolve())
    elif args.command == "outputs":
        state = Path(args.state).resolve()
        settings = outputs.world_settings(world, state, args.netns, SOURCE_DIR)
        write(state / "world.env", outputs.world_env(settings))
        write(state / "world.json", outputs.world_json(settings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
