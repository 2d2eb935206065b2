#!/usr/bin/python3
"""The demo world's scripted TLS servers: what no Debian server can be (SSLv3 with RC4, a
TLS 1.3 server with the hybrid post-quantum group X25519MLKEM768).

  scripted.py SERVERS_JSON READY_FILE

SERVERS_JSON (written by generate.py) lists {name, address, port, options}; for each entry
this starts the project's scripted server tests/servers/tls_legacy_server.py with the
options as its --config file (it answers the first flight of a handshake byte-correctly,
then closes), waits until every one says "LISTENING", then writes READY_FILE. SIGTERM
stops them all (and each child dies with this process: PR_SET_PDEATHSIG). Without
tls_legacy_server.py (it is developed on another branch) nothing is started: the log says
so and READY_FILE says "0 servers (tls_legacy_server.py missing)".
"""

import ctypes
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SERVER = Path(__file__).resolve().parent.parent.parent / "tests" / "servers" / "tls_legacy_server.py"
START_TIMEOUT = 15
PR_SET_PDEATHSIG = 1


def die_with_parent():
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def main(config_file, ready_file):
    entries = json.load(open(config_file))["servers"]
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    children = []
    if entries and not SERVER.exists():
        print(f"scripted: {SERVER} missing: the scripted sites are not served", flush=True)
        Path(ready_file).write_text("0 servers (tls_legacy_server.py missing)\n")
    else:
        configs = tempfile.TemporaryDirectory(prefix="world-scripted-")
        for index, entry in enumerate(entries):
            config = Path(configs.name) / f"{index}.json"
            config.write_text(json.dumps(entry["options"]))
            child = subprocess.Popen([sys.executable, str(SERVER), "--host", entry["address"],
                                      "--port", str(entry["port"]), "--config", str(config)],
                                     stdout=subprocess.PIPE, text=True, preexec_fn=die_with_parent)
            children.append((entry, child))
        deadline = time.monotonic() + START_TIMEOUT
        for entry, child in children:
            line = child.stdout.readline() if time.monotonic() < deadline else ""
            if not line.startswith("LISTENING"):
                print(f"scripted: {entry['name']} on {entry['address']} did not start: {line!r}", flush=True)
                for _, other in children:
                    other.terminate()
                return 1
            print(f"scripted: {entry['name']} listening on {entry['address']}:{entry['port']}", flush=True)
        Path(ready_file).write_text(f"{len(children)} servers\n")
    while not stop:
        if any(child.poll() is not None for _, child in children):
            print("scripted: a server exited; stopping", flush=True)
            break
        time.sleep(0.5)
    for _, child in children:
        child.terminate()
    for _, child in children:
        try:
            child.wait(timeout=5)
        except subprocess.TimeoutExpired:
            child.kill()
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
