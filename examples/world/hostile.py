#!/usr/bin/python3
"""Hostile web servers of the demo world, for robustness tests of the scanner.

  hostile.py SERVERS_JSON READY_FILE

SERVERS_JSON (written by generate.py) lists {name, behaviour, addresses, certificate, key}.
Each server listens on port 80 (plain HTTP) and 443 (TLS, except `silent`) of its addresses:
  silent      accepts TCP connections and never sends a byte (nor reads one)
  slow        answers HTTP one byte a second
  bigheaders  sends megabytes of response headers
  xss         answers with HTML/JS payloads in headers, redirect target and body
  renegotiation  an ordinary site (HSTS; port 80 redirects) whose TLS lets clients
              renegotiate at will (SSL_OP_ALLOW_CLIENT_RENEGOTIATION: tls.client_renegotiation)
Everything is bounded: connections per server, the life of a connection, bytes sent.
READY_FILE is written once every socket is listening. SIGTERM stops the process.
TLS is configured like the world's good nginx sites (TLS 1.2+1.3, ECDHE with AEAD only, server
order; `up` runs this with OPENSSL_CONF=hostile/openssl.cnf for the signature algorithms and
groups), so that the TLS checks judge these servers' HTTP behaviour, not their TLS.
"""

import asyncio
import json
import signal
import ssl
import sys

MAX_CONNECTIONS = 64          # per server and port; more are closed at once
CONNECTION_LIFETIME = 300     # seconds before any connection is closed
REQUEST_LIMIT = 16 * 1024     # bytes of request head read
REQUEST_TIMEOUT = 10          # seconds to send the request head
SLOW_INTERVAL = 1.0           # seconds between two bytes of the slow answer
BIG_HEADER_BYTES = 4 * 1024 * 1024
BIG_HEADER_LINE = 1000

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_ATTRIBUTE = '"><img src=x onerror=alert(1)>'


async def read_request(reader):
    """The request head (up to the blank line), bounded in size and time; b"" if none."""
    data = b""
    try:
        while b"\r\n\r\n" not in data and len(data) < REQUEST_LIMIT:
            chunk = await asyncio.wait_for(reader.read(4096), REQUEST_TIMEOUT)
            if not chunk:
                break
            data += chunk
    except (asyncio.TimeoutError, ConnectionError, ssl.SSLError):
        pass
    return data


def response(status, headers, body):
    head = f"HTTP/1.1 {status}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers)
    head += f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    return head.encode() + body


def page(site, text):
    return (f"<!doctype html><title>{site}</title><h1>{site}</h1><p>{text}</p>\n").encode()


async def silent(site, tls, reader, writer):
    await asyncio.sleep(CONNECTION_LIFETIME)


async def slow(site, tls, reader, writer):
    await read_request(reader)
    body = page(site, "This answer arrives one byte a second.")
    data = response("200 OK", [("Content-Type", "text/html")], body)
    for index in range(len(data)):
        writer.write(data[index:index + 1])
        await writer.drain()
        await asyncio.sleep(SLOW_INTERVAL)


async def bigheaders(site, tls, reader, writer):
    await read_request(reader)
    writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
    filler = "a" * (BIG_HEADER_LINE - 20)
    for number in range(BIG_HEADER_BYTES // BIG_HEADER_LINE):
        writer.write(f"X-Filler-{number:06d}: {filler}\r\n".encode())
        if number % 64 == 0:
            await writer.drain()
    body = page(site, "Megabytes of headers came first.")
    writer.write(f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode() + body)
    await writer.drain()


async def xss(site, tls, reader, writer):
    await read_request(reader)
    if not tls:
        # A redirect to the same host, over https, whose path carries a payload.
        location = f"https://{site}/{XSS_ATTRIBUTE}"
        writer.write(response("301 Moved Permanently", [("Location", location)], b""))
    else:
        headers = [
            ("Content-Type", "text/html"),
            ("Server", XSS_SCRIPT),
            ("Strict-Transport-Security", f"max-age=31536000; {XSS_SCRIPT}"),
            ("X-Frame-Options", XSS_ATTRIBUTE),
            ("Content-Security-Policy", f"default-src 'none'; script-src {XSS_ATTRIBUTE}"),
            ("Referrer-Policy", "<svg onload=alert(1)>"),
            ("X-Payload", f"{XSS_SCRIPT}{XSS_ATTRIBUTE}"),
        ]
        body = (f"<!doctype html><title>{XSS_SCRIPT}</title><h1>{XSS_ATTRIBUTE}</h1>"
                f"<p>{XSS_SCRIPT}</p><a href=\"javascript:alert(1)\">x</a>\n").encode()
        writer.write(response("200 OK", headers, body))
    await writer.drain()


async def renegotiation(site, tls, reader, writer):
    """An ordinary site (HSTS, a page; port 80 redirects) whose TLS lets clients renegotiate
    at will (tls_context): the renegotiations happen inside the TLS layer, unseen here."""
    await read_request(reader)
    if not tls:
        writer.write(response("301 Moved Permanently", [("Location", f"https://{site}/")], b""))
    else:
        headers = [("Content-Type", "text/html"), ("Strict-Transport-Security", "max-age=31536000")]
        writer.write(response("200 OK", headers, page(site, "Clients may renegotiate here as often as they like.")))
    await writer.drain()


BEHAVIOURS = {"silent": silent, "slow": slow, "bigheaders": bigheaders, "xss": xss, "renegotiation": renegotiation}
# SSL_OP_ALLOW_CLIENT_RENEGOTIATION (OpenSSL 3.0 ssl.h): Python's ssl has no name for it.
# openssl s_server -client_renegotiation sets the same option, but its -WWW/-HTTP modes
# sleep a second per renegotiation in a server that serves one connection at a time.
OP_ALLOW_CLIENT_RENEGOTIATION = 0x100


def make_handler(site, behaviour, tls):
    active = {"count": 0}

    async def handle(reader, writer):
        if active["count"] >= MAX_CONNECTIONS:
            writer.close()
            return
        active["count"] += 1
        try:
            await asyncio.wait_for(behaviour(site, tls, reader, writer), CONNECTION_LIFETIME)
        except (asyncio.TimeoutError, ConnectionError, ssl.SSLError, OSError):
            pass
        finally:
            active["count"] -= 1
            try:
                writer.close()
            except Exception:  # the peer may be gone already; nothing left to do
                pass

    return handle


def tls_context(certificate, key, allow_renegotiation=False):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    if allow_renegotiation:
        context.options |= OP_ALLOW_CLIENT_RENEGOTIATION
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    # Python's default list would add CBC suites (SHA-1 and SHA-2 MACs) for TLS 1.2.
    context.set_ciphers("ECDHE+AESGCM:ECDHE+CHACHA20")
    context.options |= ssl.OP_CIPHER_SERVER_PREFERENCE
    context.load_cert_chain(certificate, key)
    context.set_alpn_protocols(["http/1.1"])
    return context


async def main(config_file, ready_file):
    config = json.load(open(config_file))
    servers = []
    for entry in config["servers"]:
        behaviour = BEHAVIOURS[entry["behaviour"]]
        context = None if entry["behaviour"] == "silent" else tls_context(
            entry["certificate"], entry["key"], entry["behaviour"] == "renegotiation")
        for address in entry["addresses"]:
            servers.append(await asyncio.start_server(
                make_handler(entry["name"], behaviour, False), address, 80))
            servers.append(await asyncio.start_server(
                make_handler(entry["name"], behaviour, context is not None), address, 443,
                ssl=context, ssl_handshake_timeout=REQUEST_TIMEOUT if context else None))
    with open(ready_file, "w") as ready:
        ready.write(f"{len(servers)} listeners\n")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    for server in servers:
        server.close()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    asyncio.run(main(sys.argv[1], sys.argv[2]))
