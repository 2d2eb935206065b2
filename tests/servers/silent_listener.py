#!/usr/bin/python3
"""A TCP server that accepts connections and never sends a byte.

It stands for a host whose firewall or overloaded server lets the TCP handshake through
and then says nothing: a scanner must bound every read with its own timeout.

Usage: silent_listener.py ADDRESS:PORT [ADDRESS:PORT ...]   (IPv6 as [::1]:443)
Runs until SIGTERM/SIGINT. It reads and discards what clients send and holds at most
k_max_held connections (the oldest is closed first), so it cannot be made to exhaust fds.
"""

import selectors
import signal
import socket
import sys
from collections import OrderedDict

k_max_held = 256
k_read_chunk = 4096


def parse_endpoint(text):
    if text.startswith("["):
        host, _, port = text[1:].partition("]:")
        return socket.AF_INET6, host, int(port)
    host, _, port = text.rpartition(":")
    return socket.AF_INET, host, int(port)


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    selector = selectors.DefaultSelector()
    for endpoint in argv[1:]:
        family, host, port = parse_endpoint(endpoint)
        listener = socket.socket(family, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
        listener.listen(64)
        listener.setblocking(False)
        selector.register(listener, selectors.EVENT_READ, "listener")

    held = OrderedDict()  # socket -> None, oldest first

    def stop(_signum, _frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    while True:
        for key, _ in selector.select():
            sock = key.fileobj
            if key.data == "listener":
                try:
                    conn, _ = sock.accept()
                except OSError:
                    continue
                conn.setblocking(False)
                if len(held) >= k_max_held:
                    oldest, _ = held.popitem(last=False)
                    selector.unregister(oldest)
                    oldest.close()
                held[conn] = None
                selector.register(conn, selectors.EVENT_READ, "client")
                continue
            try:
                data = sock.recv(k_read_chunk)
            except OSError:
                data = b""
            if not data:  # the client gave up: forget it
                held.pop(sock, None)
                selector.unregister(sock)
                sock.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
