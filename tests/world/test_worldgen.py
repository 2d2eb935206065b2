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

from worldgen import der, routing, web_headers, zones  # noqa: E402
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


class MailHosts(unittest.TestCase):
    world = World()
    plan = zones.ZonePlan(world)

    def records(self, zone):
        return zones.zone_records(self.plan, zone, {}, {}, {"rsa2048": "AA", "rsa1024": "BB"})

    def test_each_mail_host_lives_in_its_zone(self):
        self.assertEqual(self.plan.zone_of("mx1.mail-unsigned.example."), "mail-unsigned.example.")
        self.assertEqual(self.plan.zone_of("mxinv.mail.example."), "mail.example.")
        self.assertIn(("mx1.mail-unsigned.example.", "AAAA", "2001:db8:100::8"), self.records("mail-unsigned.example."))
        mail = self.records("mail.example.")
        self.assertIn(("mxinv.mail.example.", "A", "203.0.113.142"), mail)
        self.assertIn(("mxnotfound.mail.example.", "AAAA", "2001:db8:200::25"), mail)

    def test_v4_only_mail_host_has_no_aaaa(self):
        mail = self.records("mail.example.")
        self.assertIn(("mxv4only.mail.example.", "A", "198.51.100.7"), mail)
        self.assertFalse([r for r in mail if r[0] == "mxv4only.mail.example." and r[1] == "AAAA"])

    def test_unsigned_mail_zone_is_not_signed_and_has_no_ds(self):
        self.assertFalse(self.plan.signed("mail-unsigned.example."))
        self.assertTrue(self.plan.signed("mail.example."))
        parent = zones.zone_records(self.plan, "example.", {"mail.example.": ["4 13 2 dd"]}, {}, {})
        self.assertIn(("mail-unsigned.example.", "NS", "ns1.dns.example."), parent)
        self.assertFalse([r for r in parent if r[0] == "mail-unsigned.example." and r[1] == "DS"])

    def test_sites_point_at_their_mail_host(self):
        self.assertEqual(self.world.mx_targets(self.world.by_name["mxnov6.example"]), ["mxv4only.mail.example"])
        self.assertEqual(self.world.mx_targets(self.world.by_name["nullmx.example"]), [])
        self.assertIn(("mxrpki-invalid.example.", "MX", "10 mxinv.mail.example."),
                      self.records("mxrpki-invalid.example."))

    def test_mail_host_addresses_get_origin_records(self):
        v4 = {owner: rdata for owner, _, rdata in routing.origin_records(self.world, 4)}
        self.assertEqual(v4["142.113.0.203.origin.asn.cymru.com."], '"64502 | 203.0.113.128/26 | ZZ | world | 2026-01-01"')
        self.assertEqual(v4["25.113.0.203.origin.asn.cymru.com."], '"64501 | 203.0.113.0/25 | ZZ | world | 2026-01-01"')

    def test_an_mx_host_outside_mail_hosts_is_rejected(self):
        world = World()
        world.by_name["good.example"]["mail"]["mx"] = ["10 mx9.mail.example."]
        with self.assertRaisesRegex(ValueError, "mx9.mail.example is not in infrastructure.mail_hosts"):
            world.validate()


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


class WebHeaders(unittest.TestCase):
    @staticmethod
    def site(**web):
        return {"web": {"headers": {}, "cookies": [], "gzip": False, **web}}

    def test_defaults_are_the_strong_set(self):
        lines = web_headers.header_lines(self.site())
        self.assertEqual(len(lines), len(web_headers.SECURITY_HEADERS))
        self.assertIn("        add_header X-Content-Type-Options \"nosniff\" always;", lines)

    def test_replace_drop_cookies_gzip(self):
        site = self.site(headers={"X-Frame-Options": None, "Referrer-Policy": "unsafe-url"},
                         cookies=["a=1; Secure"], gzip=True)
        headers = dict(web_headers.site_headers(site))
        self.assertNotIn("X-Frame-Options", headers)
        self.assertEqual(headers["Referrer-Policy"], "unsafe-url")
        lines = web_headers.header_lines(site)
        self.assertIn("        add_header Set-Cookie \"a=1; Secure\" always;", lines)
        self.assertIn("        gzip on;", lines)

    def test_values_nginx_would_misread_are_refused(self):
        for bad in ('say "hi"', "$host", "a\\b"):
            with self.assertRaises(ValueError):
                web_headers.header_lines(self.site(headers={"X-Test": bad}))


if __name__ == "__main__":
    unittest.main()
