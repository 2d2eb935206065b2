"""The world's time servers: one chronyd per time site (role "time"), NTS (RFC 8915) with
the world's PKI, never touching the clock (`chronyd -x`).

A time site's `time` block:
  nts          true: NTS-KE on 4460 with a certificate for the site's name
  certificate  "valid" or "expired" (the leaf's validity period)
  ntp          "open": NTP on UDP 123; "closed": no NTP socket (chrony `port 0`), NTS-KE only
"""

NTS_KE_PORT = 4460
NTP_PORT = 123
TIME_DEFAULTS = {"nts": True, "certificate": "valid", "ntp": "open"}


def time_sites(world):
    return [s for s in world.sites if s["role"] == "time"]


def settings(site):
    merged = dict(TIME_DEFAULTS)
    merged.update(site.get("time") or {})
    return merged


def pki_lines(world, expired_not_before, expired_not_after):
    """`leaf NAME ARGS...` lines for the NTS-KE certificates."""
    lines = []
    for site in time_sites(world):
        t = settings(site)
        if not t["nts"]:
            continue
        args = ["--san", site["name"], "--key-type", "ec-p256", "--digest", "sha256"]
        if t["certificate"] == "expired":
            args += ["--not-before", expired_not_before, "--not-after", expired_not_after]
        lines.append("\t".join(["leaf", site["name"]] + args))
    return lines


def chrony_conf(site, state, pki):
    """chronyd's configuration for one time site: its own addresses, pid file and dump
    directory, no command port or socket (several instances share the namespace), a local
    reference clock at stratum 10 so that it serves time without upstream sources."""
    t = settings(site)
    name = site["name"]
    run = f"{state}/chrony/{name}"
    lines = [
        f"# {name}: {site.get('purpose', '')}",
        "local stratum 10",
        "allow all",
        "cmdport 0",
        "bindcmdaddress /",
        f"pidfile {state}/run/chrony-{name}.pid",
        f"driftfile {run}/drift",
        f"ntsdumpdir {run}",
        f"port {NTP_PORT if t['ntp'] == 'open' else 0}",
    ]
    for address in site["ipv4"] + site["ipv6"]:
        lines.append(f"bindaddress {address}")
    if t["nts"]:
        leaf = f"{pki}/leaves/{name}"
        lines += [f"ntsservercert {leaf}/fullchain.pem", f"ntsserverkey {leaf}/key.pem", f"ntsport {NTS_KE_PORT}"]
    return "\n".join(lines) + "\n"


def instances(world):
    return [s["name"] for s in time_sites(world)]
