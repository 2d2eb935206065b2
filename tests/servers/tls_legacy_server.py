#!/usr/bin/env python3
"""A scripted TLS server for the wire-level tests: it reads a real ClientHello (TLS record
or SSLv2 CLIENT-HELLO, parsed byte by byte) and answers with what a server configured with
the given versions, cipher suites and groups would send first, then closes:

  TLS <= 1.2  ServerHello [Certificate] [ServerKeyExchange for ECDHE] ServerHelloDone
  TLS 1.3     ServerHello (supported_versions, key_share of the group's length, random
              bytes) or a HelloRetryRequest naming the group (RFC 8446 4.1.4)
  SSLv2       SERVER-HELLO with the intersecting cipher kinds, or ERROR NO-CIPHER
  otherwise   a fatal alert: handshake_failure (40), protocol_version (70),
              inappropriate_fallback (86, RFC 7507), decode_error (50)

It never completes a handshake (no key agreement, signatures are filler): it exists to
play SSLv2/SSLv3/EXPORT/RC4 and ML-KEM servers that Debian's OpenSSL cannot.

  tls_legacy_server.py --host 127.0.0.1 --port 0 --versions ssl3,tls1.2 --ciphers 0005,002F
prints "LISTENING <port>" once ready. Options may also come from --config FILE, a JSON object
overriding the flags: versions, ciphers, sslv2_ciphers, groups (lists of strings),
prefer_server_order, ems, reneg_info, compression, honour_fallback_scsv (booleans),
cert_der (path). Python standard library only.
"""
import argparse
import json
import os
import signal
import socket
import socketserver
import struct
import sys
import threading

VERSIONS = {"ssl2": 0x0002, "ssl3": 0x0300, "tls1.0": 0x0301, "tls1.1": 0x0302, "tls1.2": 0x0303, "tls1.3": 0x0304}
HRR_RANDOM = bytes.fromhex("cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c")
FALLBACK_SCSV = 0x5600
RENEGOTIATION_SCSV = 0x00FF
SSLV2_KINDS = [0x010080, 0x020080, 0x030080, 0x040080, 0x050080, 0x060040, 0x0700C0]
# Server key_share / ServerKeyExchange point lengths (RFC 8446 4.2.8.2, RFC 7919,
# draft-ietf-tls-ecdhe-mlkem: ML-KEM ciphertexts are 768/1088/1568 bytes).
SERVER_SHARE = {0x0017: 65, 0x0018: 97, 0x0019: 133, 0x001D: 32, 0x001E: 56,
                0x0100: 256, 0x0101: 384, 0x0102: 512, 0x0103: 768, 0x0104: 1024,
                0x0200: 768, 0x0201: 1088, 0x0202: 1568,
                0x11EB: 65 + 1088, 0x11EC: 1088 + 32, 0x11ED: 97 + 1568, 0x6399: 32 + 1088}
EC_CURVES = {0x0017, 0x0018, 0x0019, 0x001D, 0x001E}
# TLS 1.2 ECDHE suites (these need a common curve and get a ServerKeyExchange).
ECDHE_SUITES = set(range(0xC006, 0xC00B)) | set(range(0xC010, 0xC015)) | {
    0xC023, 0xC024, 0xC027, 0xC028, 0xC02B, 0xC02C, 0xC02F, 0xC030, 0xC048, 0xC049, 0xC04C, 0xC04D,
    0xC05C, 0xC05D, 0xC060, 0xC061, 0xC072, 0xC073, 0xC076, 0xC077, 0xC086, 0xC087, 0xC08A, 0xC08B,
    0xC0AC, 0xC0AD, 0xC0AE, 0xC0AF, 0xCCA8, 0xCCA9}
ALERT_HANDSHAKE_FAILURE, ALERT_PROTOCOL_VERSION, ALERT_DECODE_ERROR, ALERT_INAPPROPRIATE_FALLBACK = 40, 70, 50, 86
MAX_HELLO = 64 * 1024


class DecodeError(Exception):
    pass


class Reader:
    def __init__(self, data):
        self.data, self.pos = data, 0

    def take(self, n):
        if self.pos + n > len(self.data):
            raise DecodeError("truncated")
        self.pos += n
        return self.data[self.pos - n:self.pos]

    def num(self, n):
        return int.from_bytes(self.take(n), "big")

    def vec(self, n):
        return self.take(self.num(n))

    def left(self):
        return len(self.data) - self.pos


def is_grease(value):
    return value & 0x0F0F == 0x0A0A and value >> 8 == value & 0xFF


def u16s(data):
    return [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data) - 1, 2)]


def parse_client_hello(body):
    """RFC 8446 4.1.2 / RFC 5246 7.4.1.2 ClientHello body -> dict."""
    r = Reader(body)
    hello = {"legacy_version": r.num(2)}
    r.take(32)
    hello["session_id"] = r.vec(1)
    hello["ciphers"] = u16s(r.vec(2))
    hello["compression"] = list(r.vec(1))
    hello["extensions"] = {}
    if r.left():
        ext = Reader(r.vec(2))
        while ext.left():
            kind = ext.num(2)
            hello["extensions"][kind] = ext.vec(2)
    ext = hello["extensions"]
    hello["groups"] = u16s(ext[10][2:]) if 10 in ext else []
    hello["versions"] = u16s(ext[43][1:]) if 43 in ext else None
    hello["shares"] = {}
    if 51 in ext:
        shares = Reader(ext[51])
        shares = Reader(shares.vec(2))
        while shares.left():
            group = shares.num(2)
            hello["shares"][group] = shares.vec(2)
    return hello


def read_exact(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise DecodeError("closed")
        data += chunk
    return data


def read_client_hello(sock):
    """Returns ("sslv2", body) or ("tls", record_version, body)."""
    first = read_exact(sock, 2)
    if first[0] & 0x80:  # SSLv2 2-byte header (draft-hickman-netscape-ssl-00)
        return ("sslv2", read_exact(sock, ((first[0] & 0x7F) << 8) | first[1]))
    header = first + read_exact(sock, 3)
    if header[0] != 22:
        raise DecodeError("not a handshake record")
    record_version = int.from_bytes(header[1:3], "big")
    data = read_exact(sock, int.from_bytes(header[3:5], "big"))
    # RFC 8446 5.1: the ClientHello may span records.
    while len(data) < 4 or len(data) < 4 + int.from_bytes(data[1:4], "big"):
        if len(data) > MAX_HELLO:
            raise DecodeError("too large")
        header = read_exact(sock, 5)
        data += read_exact(sock, int.from_bytes(header[3:5], "big"))
    if data[0] != 1:
        raise DecodeError("not a ClientHello")
    return ("tls", record_version, data[4:4 + int.from_bytes(data[1:4], "big")])


def record(content_type, version, payload):
    return struct.pack(">BHH", content_type, version, len(payload)) + payload


def handshake(kind, body):
    return bytes([kind]) + len(body).to_bytes(3, "big") + body


def ext(kind, data):
    return struct.pack(">HH", kind, len(data)) + data


def alert(version, description):
    return record(21, version, bytes([2, description]))


class Server:
    def __init__(self, config):
        self.versions = [VERSIONS[v] for v in config["versions"]]
        self.ciphers = [int(c, 16) for c in config["ciphers"]]
        self.sslv2_ciphers = [int(c, 16) for c in config["sslv2_ciphers"]]
        self.groups = [int(g, 16) for g in config["groups"]]
        self.server_order = config["prefer_server_order"]
        self.ems = config["ems"]
        self.reneg_info = config["reneg_info"]
        self.compression = config["compression"]
        self.honour_fallback = config["honour_fallback_scsv"]
        self.certificate = open(config["cert_der"], "rb").read() if config.get("cert_der") else None

    def pick(self, server_list, client_list):
        if self.server_order:
            return [x for x in server_list if x in client_list]
        return [x for x in client_list if x in server_list]

    def answer(self, sock):
        try:
            hello = read_client_hello(sock)
        except DecodeError:
            return alert(0x0301, ALERT_DECODE_ERROR)
        if hello[0] == "sslv2":
            return self.answer_sslv2(hello[1])
        try:
            return self.answer_tls(hello[1], parse_client_hello(hello[2]))
        except DecodeError:
            return alert(0x0301, ALERT_DECODE_ERROR)

    def answer_sslv2(self, body):
        r = Reader(body)
        if r.num(1) != 1:
            return bytes([0x80, 3, 0, 0, 1])
        version, specs_length, sid_length, challenge_length = r.num(2), r.num(2), r.num(2), r.num(2)
        specs = [int.from_bytes(r.take(3), "big") for _ in range(specs_length // 3)]
        r.take(sid_length)
        r.take(challenge_length)
        if VERSIONS["ssl2"] not in self.versions:
            # An SSLv2-compatible hello offering SSLv3/TLS (RFC 5246 E.2): negotiate TLS.
            tls_ciphers = [s for s in specs if s >> 16 == 0]
            hello = {"legacy_version": version, "session_id": b"", "ciphers": tls_ciphers, "compression": [0],
                     "extensions": {}, "groups": [], "versions": None, "shares": {}}
            return self.answer_tls(min(version, 0x0301), hello)
        common = self.pick(self.sslv2_ciphers, specs)
        if not common:
            return bytes([0x80, 3, 0, 0, 1])  # ERROR, NO-CIPHER-ERROR
        certificate = self.certificate or b""
        message = struct.pack(">BBBHHHH", 4, 0, 1, 0x0002, len(certificate), 3 * len(common), 16)
        message += certificate + b"".join(c.to_bytes(3, "big") for c in common) + os.urandom(16)
        return struct.pack(">H", 0x8000 | len(message)) + message

    def answer_tls(self, record_version, hello):
        if hello["versions"] is not None:
            offered = [v for v in hello["versions"] if not is_grease(v)]
        else:
            offered = [v for v in VERSIONS.values() if 0x0300 <= v <= min(hello["legacy_version"], 0x0303)]
        alert_version = min(max(record_version, 0x0300), 0x0303)
        common = [v for v in offered if v in self.versions and v != 0x0002]
        if not common:
            return alert(alert_version, ALERT_PROTOCOL_VERSION)
        version = max(common)
        if self.honour_fallback and FALLBACK_SCSV in hello["ciphers"] and version < max(self.versions):
            return alert(alert_version, ALERT_INAPPROPRIATE_FALLBACK)
        if version == 0x0304:
            return self.answer_tls13(hello)
        return self.answer_tls12(version, hello)

    def answer_tls13(self, hello):
        suites = self.pick([c for c in self.ciphers if c >> 8 == 0x13], hello["ciphers"])
        groups = self.pick(self.groups, hello["groups"])
        if not suites or not groups:
            return alert(0x0303, ALERT_HANDSHAKE_FAILURE)
        versions = ext(43, struct.pack(">H", 0x0304))
        group = groups[0]
        if group not in hello["shares"]:
            # RFC 8446 4.1.4: ask for a share of the group we want.
            extensions = versions + ext(51, struct.pack(">H", group))
            random = HRR_RANDOM
        else:
            share = os.urandom(SERVER_SHARE.get(group, 32))
            extensions = versions + ext(51, struct.pack(">HH", group, len(share)) + share)
            random = os.urandom(32)
        body = struct.pack(">H", 0x0303) + random + bytes([len(hello["session_id"])]) + hello["session_id"]
        body += struct.pack(">HB", suites[0], 0) + struct.pack(">H", len(extensions)) + extensions
        # RFC 8446 D.4: the compatibility-mode change_cipher_spec follows.
        return record(22, 0x0303, handshake(2, body)) + record(20, 0x0303, b"\x01")

    def answer_tls12(self, version, hello):
        curves = self.pick([g for g in self.groups if g in EC_CURVES], hello["groups"]) if hello["groups"] else \
            [g for g in self.groups if g in EC_CURVES][:1]
        candidates = [c for c in self.ciphers if c >> 8 != 0x13 and (c not in ECDHE_SUITES or curves)]
        suites = self.pick(candidates, hello["ciphers"])
        if not suites:
            return alert(version, ALERT_HANDSHAKE_FAILURE)
        suite = suites[0]
        compression = 1 if self.compression and 1 in hello["compression"] else 0
        extensions = b""
        offered_reneg = 0xFF01 in hello["extensions"] or RENEGOTIATION_SCSV in hello["ciphers"]
        if self.reneg_info and offered_reneg:
            extensions += ext(0xFF01, b"\x00")  # RFC 5746 3.6
        if self.ems and 23 in hello["extensions"]:
            extensions += ext(23, b"")  # RFC 7627 5.1
        body = struct.pack(">H", version) + os.urandom(32) + b"\x00" + struct.pack(">HB", suite, compression)
        if extensions:
            body += struct.pack(">H", len(extensions)) + extensions
        flight = handshake(2, body)
        if self.certificate:
            entry = len(self.certificate).to_bytes(3, "big") + self.certificate
            flight += handshake(11, len(entry).to_bytes(3, "big") + entry)
        if suite in ECDHE_SUITES:
            curve = curves[0]
            point = os.urandom(SERVER_SHARE[curve])
            params = struct.pack(">BHB", 3, curve, len(point)) + point
            signature = os.urandom(64)  # filler: the client never verifies it
            if version >= 0x0303:
                params += struct.pack(">H", 0x0804)
            flight += handshake(12, params + struct.pack(">H", len(signature)) + signature)
        flight += handshake(14, b"")
        return record(22, version, flight)


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        sock = self.request
        sock.settimeout(10)
        try:
            sock.sendall(self.server.tls.answer(sock))
            sock.shutdown(socket.SHUT_WR)
            sock.settimeout(1)
            while sock.recv(4096):
                pass
        except OSError:
            pass


class ThreadingServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", help="JSON file with the options below")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--versions", default="tls1.2,tls1.3")
    parser.add_argument("--ciphers", default="1301,1302,1303,C02F,C030,009C,002F,0035",
                        help="cipher suite ids (hex) in server preference order")
    parser.add_argument("--sslv2-ciphers", default=",".join("%06X" % k for k in SSLV2_KINDS))
    parser.add_argument("--groups", default="001D,0017,0018", help="group ids (hex) in server preference order")
    order = parser.add_mutually_exclusive_group()
    order.add_argument("--prefer-server-order", dest="prefer_server_order", action="store_true", default=True)
    order.add_argument("--prefer-client-order", dest="prefer_server_order", action="store_false")
    parser.add_argument("--no-ems", dest="ems", action="store_false")
    parser.add_argument("--no-reneg-info", dest="reneg_info", action="store_false")
    parser.add_argument("--compression", action="store_true", help="accept DEFLATE (1) when offered")
    parser.add_argument("--honour-fallback-scsv", dest="honour_fallback_scsv", action="store_true")
    parser.add_argument("--cert-der", help="DER certificate sent in TLS <= 1.2 and SSLv2")
    args = vars(parser.parse_args())
    config = dict(args)
    for key in ("versions", "ciphers", "sslv2_ciphers", "groups"):
        config[key] = [x.strip() for x in config[key].split(",") if x.strip()]
    if args["config"]:
        with open(args["config"]) as f:
            for key, value in json.load(f).items():
                config[key.replace("-", "_")] = value
    family = socket.AF_INET6 if ":" in config["host"] else socket.AF_INET
    ThreadingServer.address_family = family
    server = ThreadingServer((config["host"], int(config["port"])), Handler)
    server.tls = Server(config)

    def stop(*_):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print("LISTENING %d" % server.server_address[1], flush=True)
    server.serve_forever(poll_interval=0.1)
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
