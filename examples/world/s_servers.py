#!/usr/bin/python3
"""The demo world's `openssl s_server` sites: what no Debian web server can be made to do
(let clients renegotiate: tls.client_renegotiation fails there).

  s_servers.py SERVERS_JSON READY_FILE

SERVERS_JSON (written by generate.py) lists {name, address, port, args, directory}; for each
entry this starts `openssl s_server ARGS` in DIRECTORY, waits until every one accepts TCP
connections, then writes READY_FILE. SIGTERM stops them all (and each child dies with this
process: PR_SET_PDEATHSIG).
"""

import ctypes
import json
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

START_TIMEOUT = 15
PR_SET_PDEATHSIG = 1


def die_with_parent():
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def accepts(address, port):
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.settimeout(1)
        try:
            probe.connect((address, port))
            return True
        except OSError:
            return False


def main(config_file, ready_file):
    entries = json.load(open(config_file))["servers"]
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    children = []
    for entry in entries:
        Path(entry["directory"]).mkdir(parents=True, exist_ok=True)
        child = subprocess.Popen(["openssl", "s_server"] + entry["args"], cwd=entry["directory"],
                                 stdin=subprocess.DEVNULL, preexec_fn=die_with_parent)
        children.append((entry, child))
    deadline = time.monotonic() + START_TIMEOUT
    for entry, child in children:
        while not accepts(entry["address"], entry["port"]):
            if child.poll() is not None or time.monotonic() > deadline:
                print(f"s_server: {entry['name']} on {entry['address']} did not start", flush=True)
                for _, other in children:
                    other.terminate()
                return 1
            time.sleep(0.1)
        print(f"s_server: {entry['name']} listening on {entry['address']}:{entry['port']}", flush=True)
    Path(ready_file).write_text(f"{len(children)} servers\n")
    while not stop:
        if any(child.poll() is not None for _, child in children):
            print("s_server: a server exited; stopping", flush=True)
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
