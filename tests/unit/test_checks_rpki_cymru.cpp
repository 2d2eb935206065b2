// Team Cymru origin answers (untrusted DNS text) and the prefixes the RPKI checks use.
#include <doctest/doctest.h>

#include "checks/rpki/cymru_origin.hpp"
#include "checks/common/name_servers.hpp"

using namespace osescan::checks::rpki;
using osescan::checks::common::zone_candidates;
using osescan::facts::parse_ip_address;
using osescan::facts::parse_ip_prefix;

TEST_CASE("cymru: a normal answer") {
    const auto p = parse_cymru_origin("64500 | 198.51.100.0/24 | ZZ | world | 2026-01-01");
    REQUIRE(p.origin);
    CHECK(p.error == "");
    CHECK(p.origin->asns == std::vector<uint32_t>{64500});
    CHECK(to_string(p.origin->prefix) == "198.51.100.0/24");
    CHECK(p.origin->country == "ZZ");
    CHECK(p.origin->registry == "world");
    CHECK(p.origin->allocated == "2026-01-01");
}

TEST_CASE("cymru: MOAS, IPv6, missing trailing fields, odd spacing") {
    const auto moas = parse_cymru_origin("64500 64501  64500 | 2001:DB8::/32 | ZZ | world |");
    REQUIRE(moas.origin);
    CHECK(moas.origin->asns == std::vector<uint32_t>{64500, 64501});
    CHECK(to_string(moas.origin->prefix) == "2001:db8::/32");
    CHECK(moas.origin->allocated == "");
    const auto short_form = parse_cymru_origin("4294967295|203.0.113.0/24");
    REQUIRE(short_form.origin);
    CHECK(short_form.origin->asns == std::vector<uint32_t>{4294967295u});
    CHECK(short_form.origin->country == "");
    // Host bits in the announced prefix are cleared, not rejected.
    const auto host_bits = parse_cymru_origin("64500 | 198.51.100.7/24 | ZZ | world | x");
    REQUIRE(host_bits.origin);
    CHECK(to_string(host_bits.origin->prefix) == "198.51.100.0/24");
}

TEST_CASE("cymru: malformed answers are rejected with a reason") {
    struct Case {
        std::string text;
        std::string error;
    };
    const std::vector<Case> cases{
        {"", "expected \"ASN | prefix | ...\""},
        {"64500", "expected \"ASN | prefix | ...\""},
        {" | 198.51.100.0/24 | ZZ", "no origin AS number"},
        {"NA | 198.51.100.0/24 | ZZ", "not an AS number: \"NA\""},
        {"AS64500 | 198.51.100.0/24", "not an AS number: \"AS64500\""},
        {"4294967296 | 198.51.100.0/24", "not an AS number: \"4294967296\""},
        {"-1 | 198.51.100.0/24", "not an AS number: \"-1\""},
        {"64500 | 198.51.100.0", "not an IP prefix: \"198.51.100.0\""},
        {"64500 | 198.51.100.0/33", "not an IP prefix: \"198.51.100.0/33\""},
        {"64500 | 2001:db8::/129", "not an IP prefix: \"2001:db8::/129\""},
        {"64500 | 198.51.100.0/24 | a | b | c | d", "more than 5 '|'-separated fields"},
        {"64500 | 198.51.100.0/24 | Z\x01", "record contains control or non-ASCII bytes"},
        {"64500 | 198.51.100.0/24 | \xc3\xa9", "record contains control or non-ASCII bytes"},
        {std::string(600, '1'), "record longer than 512 bytes"},
        {"1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 | 198.51.100.0/24", "more than 16 origin ASNs"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.text);
        const auto p = parse_cymru_origin(c.text);
        CHECK_FALSE(p.origin);
        CHECK(p.error == c.error);
    }
}

TEST_CASE("cymru: query names") {
    CHECK(cymru_origin_name("198.51.100.10") == "10.100.51.198.origin.asn.cymru.com");
    CHECK(cymru_origin_name("2001:db8::1") ==
          "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.origin6.asn.cymru.com");
    CHECK_FALSE(cymru_origin_name("example.com"));
    CHECK_FALSE(cymru_origin_name("198.51.100"));
    CHECK_FALSE(cymru_origin_name(""));
}

TEST_CASE("ip prefixes: parsing, canonical text, containment") {
    CHECK(to_string(*parse_ip_prefix("2001:0DB8:0:0::/32")) == "2001:db8::/32");
    CHECK(to_string(*parse_ip_prefix("0.0.0.0/0")) == "0.0.0.0/0");
    CHECK_FALSE(parse_ip_prefix("198.51.100.1/24"));
    CHECK(to_string(*parse_ip_prefix("198.51.100.1/24", true)) == "198.51.100.0/24");
    for (const char* bad : {"198.51.100.0/", "198.51.100.0/024", "198.51.100.0/-1", "/24", "01.2.3.4/8",
                            "1.2.3.4.5/8", "256.0.0.0/8", "1.2.3/8", "1..2.3/8", "::/x", "::1%eth0/128",
                            "1.2.3.4/8 "})
        CHECK_MESSAGE(!parse_ip_prefix(bad, true), bad);
    const auto p = *parse_ip_prefix("198.51.100.0/23");
    CHECK(contains(p, *parse_ip_address("198.51.101.255")));
    CHECK_FALSE(contains(p, *parse_ip_address("198.51.102.0")));
    CHECK_FALSE(contains(p, *parse_ip_address("::ffff:198.51.100.1")));
    CHECK(contains(*parse_ip_prefix("::/0"), *parse_ip_address("2001:db8::1")));
}

TEST_CASE("name servers: the names asked, closest first, never a TLD") {
    CHECK(zone_candidates("www.shop.example.co.uk") ==
          std::vector<std::string>{"www.shop.example.co.uk", "shop.example.co.uk", "example.co.uk", "co.uk"});
    CHECK(zone_candidates("example.com") == std::vector<std::string>{"example.com"});
    CHECK(zone_candidates("localhost") == std::vector<std::string>{"localhost"});
    CHECK(zone_candidates("a.b.c.d.e.f.g.h.i.j.example") ==
          std::vector<std::string>{"a.b.c.d.e.f.g.h.i.j.example", "b.c.d.e.f.g.h.i.j.example", "c.d.e.f.g.h.i.j.example",
                                   "d.e.f.g.h.i.j.example", "e.f.g.h.i.j.example", "f.g.h.i.j.example",
                                   "g.h.i.j.example", "h.i.j.example"});
}
