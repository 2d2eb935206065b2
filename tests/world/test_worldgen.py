#!/usr/bin/python3
"""Unit tests of the demo world's generator (examples/world/worldgen): the pieces whose
mistakes would only show as a subtly wrong world. Run: python3 -m unittest test_worldgen"""

import hashlib
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "examples/world"))

from worldgen import der, routing, zones  # noqa: E402
from worldgen.model import World  # noqa: E402


class TxtRdata(unittest.TestCase):
    def test_short_text_is_one_quoted_string(self):
        self.assertEqual(zones.txt_rdata("v=spf1 -all"), '"v=spf1 -all"')

    def test_quotes_and_backslashes_are_escaped(self):
        self.assertEqual(zones.txt_rdata('a"b\\c'), '"a\\"b\\\\c"')

    def test_long_text_is_split_into_255_octet_strings(self):
        rdata = zones.txt_rdata("x" * 600)
        self.assertEqual(rdata, '"' + "x" * 255 + '" "' + "x" * 255 + '" "' + "x" * 90 + '"')

    def test_empty_text_is_one_empty_string(self):
        self.assertEqual(zones.txt_rdata(""), '""')


class OriginZones(unittest.TestCase):
    world = World()

    def records(self, family):
        return {owner: rdata for owner, _, rdata in routing.origin_records(self.world, family)}

    def test_octet_aligned_prefix_is_a_wildcard(self):
        records = self.records(4)
        self.assertEqual(records["*.100.51.198.origin.asn.cymru.com."],
                         '"64500 | 198.51.100.0/24 | ZZ | world | 2026-01-01"')

    def test_unaligned_prefixes_are_listed_per_address(self):
        records = self.records(4)
        self.assertEqual(records["127.113.0.203.origin.asn.cymru.com."],
                         '"64501 | 203.0.113.0/25 | ZZ | world | 2026-01-01"')
        self.assertEqual(records["128.113.0.203.origin.asn.cymru.com."],
                         '"64502 | 203.0.113.128/26 | ZZ | world | 2026-01-01"')
        self.assertEqual(records["223.113.0.203.origin.asn.cymru.com."],
                         '"64500 | 203.0.113.192/27 | ZZ | world | 2026-01-01"')
        # 203.0.113.224/27 is announced by nobody.
        self.assertNotIn("224.113.0.203.origin.asn.cymru.com.", records)

    def test_ipv6_prefixes_use_reversed_nibbles(self):
        records = self.records(6)
        self.assertEqual(records["*.0.0.0.0.4.0.8.b.d.0.1.0.0.2.origin6.asn.cymru.com."],
                         '"64500 | 2001:db8:400::/56 | ZZ | world | 2026-01-01"')
        self.assertIn("*.0.0.3.0.8.b.d.0.1.0.0.2.origin6.asn.cymru.com.", records)


class ZonePlan(unittest.TestCase):
    plan = zones.ZonePlan(World())

    def test_parents(self):
        self.assertEqual(self.plan.parent("good.example."), "example.")
        self.assertEqual(self.plan.parent("example."), ".")
        self.assertEqual(self.plan.parent("origin6.asn.cymru.com."), "cymru.com.")
        self.assertIsNone(self.plan.parent("."))

    def test_a_site_inside_another_zone(self):
        self.assertEqual(self.plan.zone_of("sub.orgdmarc.example."), "orgdmarc.example.")
        self.assertNotIn("sub.orgdmarc.example.", self.plan.zones)

    def test_root_zone_has_glue_for_its_servers_and_ds_for_tlds(self):
        records = zones.zone_records(self.plan, ".", {"example.": ["1 13 2 aa"], "com.": ["2 13 2 bb"]}, {}, {})
        self.assertIn(("a.root-servers.example.", "A", "198.51.100.1"), records)
        self.assertIn(("a.tld-servers.example.", "AAAA", "2001:db8:100::2"), records)
        self.assertIn(("example.", "DS", "1 13 2 aa"), records)
        # Name servers of the sites live in example., not in the root.
        self.assertFalse([r for r in records if r[0] == "ns1.dns.example."])

    def test_unsigned_child_gets_no_ds(self):
        records = zones.zone_records(self.plan, "example.", {"good.example.": ["3 13 2 cc"]}, {}, {})
        self.assertIn(("good.example.", "DS", "3 13 2 cc"), records)
        self.assertFalse([r for r in records if r[0] == "unsigned.example." and r[1] == "DS"])
        self.assertIn(("unsigned.example.", "NS", "ns1.dns.example."), records)


class SpkiDer(unittest.TestCase):
    def test_matches_openssl(self):
        with tempfile.TemporaryDirectory() as directory:
            key, cert = Path(directory, "key.pem"), Path(directory, "cert.pem")
            subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                            "-nodes", "-keyout", str(key), "-out", str(cert), "-subj", "/CN=t.example", "-days", "1"],
                           check=True, capture_output=True)
            pem = subprocess.run(["openssl", "x509", "-in", str(cert), "-noout", "-pubkey"], check=True,
                                 capture_output=True).stdout
            expected = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "DER"], input=pem, check=True,
                                      capture_output=True).stdout
            self.assertEqual(hashlib.sha256(der.spki_der(cert.read_text())).hexdigest(),
                             hashlib.sha256(expected).hexdigest())

    def test_rejects_garbage(self):
        with self.assertRaises(ValueError):
            der.spki_der("no certificate here")
        with self.assertRaises(ValueError):
            der.spki_der("-----BEGIN CERTIFICATE-----\nMAMCAQ==\n-----END CERTIFICATE-----")


if __name__ == "__main__":
    unittest.main()
