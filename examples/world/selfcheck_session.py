"""Self-check of what only a full TLS session shows (tls.client_renegotiation, tls.zero_rtt),
with openssl s_client inside the world:

- every nginx site refuses a client-initiated renegotiation; the hostile "renegotiation"
  site completes two;
- an early-data site (web.early_data) accepts early data on a resumption and answers the
  GET in it 200 ("on") or 425 ("too-early"); the other nginx sites' tickets allow none.
"""

import os
import re
import subprocess
import tempfile

TIMEOUT = 15


def _s_client(address, name, flags, script):
    """openssl s_client fed `script` (a shell snippet printing to its stdin, with sleeps so
    that s_client acts on a line before the next comes and sees the server's answer)."""
    host = f"[{address}]" if ":" in address else address
    command = (f"({script}) | openssl s_client -connect {host}:443 -servername {name} " + " ".join(flags))
    try:
        done = subprocess.run(["sh", "-c", command], capture_output=True, text=True, timeout=TIMEOUT,
                              errors="replace")
        return done.stdout + done.stderr
    except subprocess.TimeoutExpired:
        return "timeout"


def renegotiations(address, name, ca, count):
    """How many handshakes one TLS 1.2 connection saw after asking `count` renegotiations
    (s_client's "R" command); a refusal shows as "no renegotiation"."""
    script = "; ".join(["printf 'R\\n'; sleep 0.5"] * count + ["sleep 0.5"])
    # Security level 0: some sites have SHA-1 certificates or 1024-bit DH on purpose.
    out = _s_client(address, name, ["-tls1_2", "-CAfile", ca, "-cipher", "DEFAULT:@SECLEVEL=0"], script)
    return out.count("depth=0 "), "no renegotiation" in out, out


def early_data(address, name, ca, workdir):
    """(early data status line of s_client, HTTP status line of the answer, max early data)."""
    request = f"GET / HTTP/1.1\\r\\nHost: {name}\\r\\nConnection: close\\r\\n\\r\\n"
    session = os.path.join(workdir, f"{address}.session")
    first = _s_client(address, name, ["-tls1_3", "-CAfile", ca, "-sess_out", session],
                      f"printf '{request}'; sleep 1")
    limit = re.search(r"Max Early Data: (\d+)", first)
    if not os.path.exists(session):
        return "no session", "", limit.group(1) if limit else "?"
    early_file = os.path.join(workdir, f"{address}.request")
    with open(early_file, "w") as handle:
        handle.write(request.replace("\\r\\n", "\r\n"))
    second = _s_client(address, name, ["-tls1_3", "-CAfile", ca, "-sess_in", session, "-early_data", early_file],
                       "sleep 1")
    status = re.search(r"Early data was (\w+( \w+)?)", second)
    answer = re.search(r"^HTTP/1\.1 \d{3}[^\r\n]*", second, re.M)
    return (status.group(0) if status else second[-200:], answer.group(0) if answer else "",
            limit.group(1) if limit else "?")


def check_site_session(site, state, results):
    """Renegotiation and 0-RTT properties of an nginx or the hostile "renegotiation" site, per
    address."""
    name = site["name"]
    web = site["web"]
    ca = f"{state}/pki/ca.pem"
    v6 = site["ipv6"] if web["listen_ipv6"] else []
    with tempfile.TemporaryDirectory(prefix="world-selfcheck-") as workdir:
        for address in site["ipv4"] + v6:
            if "TLSv1.2" in web["tls_protocols"]:
                allowed = web["behaviour"] == "renegotiation"
                handshakes, refused, out = renegotiations(address, name, ca, 2 if allowed else 1)
                if allowed:
                    results.check(name, f"client renegotiation allowed twice on {address}",
                                  handshakes == 3 and not refused, out[-300:])
                else:
                    results.check(name, f"client renegotiation refused on {address}", refused, out[-300:])
            if web["server"] == "nginx" and "TLSv1.3" in web["tls_protocols"]:
                status, answer, limit = early_data(address, name, ca, workdir)
                if web["early_data"]:
                    wanted = "HTTP/1.1 425" if web["early_data"] == "too-early" else "HTTP/1.1 200"
                    # nginx's $ssl_early_data is 1 only while the handshake is incomplete, and
                    # s_client sends its Finished at once (osescan withholds it, as a replay
                    # would): the 425 guard shows in some tries, not always.
                    for _ in range(5 if web["early_data"] == "too-early" else 1):
                        if status == "Early data was accepted" and answer.startswith(wanted):
                            break
                        status, answer, limit = early_data(address, name, ca, workdir)
                    results.check(name, f"early data accepted and answered {wanted[9:]} on {address}",
                                  status == "Early data was accepted" and answer.startswith(wanted),
                                  f"{status}; {answer}")
                else:
                    results.check(name, f"no early data offered (max_early_data 0) on {address}",
                                  status != "Early data was accepted", f"{status}; max {limit}")
