"""The selfcheck of the world's time servers (role "time"): each property proved from inside
with the standard tools, never with osescan: `openssl s_client` for the NTS-KE endpoint
(TLS 1.3, ALPN ntske/1, the certificate's verification) and chrony's own client
(`chronyd -Q`, which never sets the clock) for plain NTP and for NTS."""

import subprocess
import tempfile
from pathlib import Path

TIMEOUT = 20


def _run(command):
    try:
        done = subprocess.run(command, input="", capture_output=True, text=True, timeout=TIMEOUT, errors="replace")
        return done.returncode, done.stdout + done.stderr
    except subprocess.TimeoutExpired:
        return 124, "timeout"


def _chrony_client(server_line, ca_file):
    """chronyd -Q with one source: True when it got a usable sample (it prints the offset
    it would have corrected, "System clock wrong by ...")."""
    with tempfile.TemporaryDirectory() as tmp:
        conf = Path(tmp) / "client.conf"
        conf.write_text(f"{server_line}\nntstrustedcerts {ca_file}\ncmdport 0\nbindcmdaddress /\n"
                        f"pidfile {tmp}/chronyd.pid\nntsdumpdir {tmp}\n")
        _, out = _run(["chronyd", "-Q", "-t", "8", "-u", "root", "-f", str(conf)])
        return "System clock wrong by" in out, out.strip().splitlines()[-1:] or [""]


def check_site_time(site, state, results, settings):
    name = site["name"]
    t = settings(site)
    ca_file = f"{state}/pki/ca.pem"
    address = site["ipv4"][0]
    code, out = _run(["openssl", "s_client", "-connect", f"{address}:4460", "-servername", name, "-tls1_3",
                      "-alpn", "ntske/1", "-CAfile", ca_file, "-verify_hostname", name])
    if not t["nts"]:
        results.check(name, "no NTS-KE on 4460", "Connection refused" in out or "connect:errno" in out, out[-200:])
    else:
        results.check(name, "NTS-KE: TLS 1.3 with ALPN ntske/1", "ALPN protocol: ntske/1" in out
                      and "TLSv1.3" in out, out[-200:])
        wanted = "Verify return code: 10" if t["certificate"] == "expired" else "Verify return code: 0 (ok)"
        results.check(name, f"NTS-KE certificate ({t['certificate']})", wanted in out, out[-200:])
    ntp_ok, last = _chrony_client(f"server {address} iburst maxsamples 1", ca_file)
    results.check(name, f"plain NTP {'answers' if t['ntp'] == 'open' else 'closed'}",
                  ntp_ok == (t["ntp"] == "open"), last[0])
    if t["nts"] and t["certificate"] == "valid":
        nts_ok, last = _chrony_client(f"server {name} nts iburst maxsamples 1", ca_file)
        results.check(name, f"NTS time {'served' if t['ntp'] == 'open' else 'not served'} (chronyd -Q ... nts)",
                      nts_ok == (t["ntp"] == "open"), last[0])
