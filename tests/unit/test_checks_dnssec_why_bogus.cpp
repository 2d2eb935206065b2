// unbound's why_bogus texts (as libunbound 1.17 writes them; the engine test
// test_dnssec_validator.cpp produces them for real) in plain words.
#include <doctest/doctest.h>

#include "checks/dnssec/why_bogus.hpp"

using namespace osescan::checks::dnssec;

TEST_CASE("why_bogus: expired signatures, with the query, the server and the broken zone") {
    const BogusReason r = parse_why_bogus(
        "validation failure <bogus.example. A IN>: signature expired from 198.51.100.3 for key bogus.example. "
        "while building chain of trust");
    CHECK(r.query_name == "bogus.example");
    CHECK(r.query_type == "A");
    CHECK(r.detail == "signature expired");
    CHECK(r.category == "signature-expired");
    CHECK(r.plain == "the signatures have expired");
    CHECK(r.zone == "bogus.example");
    CHECK(r.server == "198.51.100.3");
}

TEST_CASE("why_bogus: a nested earlier failure gives the cause; the key names the zone") {
    const BogusReason r = parse_why_bogus(
        "validation failure <www.bogus.example. AAAA IN>: key for validation bogus.example. is marked as invalid "
        "because of a previous validation failure <bogus.example. DNSKEY IN>: signature expired from "
        "2001:db8::3 while building chain of trust");
    CHECK(r.query_name == "www.bogus.example");
    CHECK(r.query_type == "AAAA");
    CHECK(r.detail == "signature expired");
    CHECK(r.category == "signature-expired");
    CHECK(r.zone == "bogus.example");
    CHECK(r.server == "2001:db8::3");
}

TEST_CASE("why_bogus: every category in plain words") {
    struct Case {
        const char* reason;
        const char* category;
    };
    const Case cases[] = {
        {"signature before inception date", "signature-not-yet-valid"},
        {"signature inception after expiration", "signature-dates-invalid"},
        {"no signatures", "missing-signatures"},
        {"signature missing", "missing-signatures"},
        {"DS hash mismatches key", "ds-mismatch"},
        {"No DNSKEY record", "missing-dnskey"},
        {"signature crypto failed", "bad-signature"},
        {"signatures from unknown keys", "unknown-key"},
        {"missing verification of DNSKEY signature with algorithm ECDSAP256SHA256", "algorithm-missing"},
        {"no signatures with algorithm ED25519", "algorithm-missing"},
        {"nxdomain proof failed", "denial-of-existence"},
        {"no NSEC3 records", "denial-of-existence"},
    };
    for (const Case& c : cases) {
        INFO(c.reason);
        const BogusReason r =
            parse_why_bogus(std::string("validation failure <x.example. A IN>: ") + c.reason + " from 127.0.0.1");
        CHECK(r.category == c.category);
        CHECK(r.detail == c.reason);
        CHECK_FALSE(r.plain.empty());
    }
}

TEST_CASE("why_bogus: DS named with 'for DS', unknown text, empty and hostile input") {
    CHECK(parse_why_bogus("validation failure <a.example. DS IN>: no signatures for DS a.example. while building "
                          "chain of trust")
              .zone == "a.example");

    const BogusReason other = parse_why_bogus("validation failure <a.example. A IN>: something new from 10.0.0.1");
    CHECK(other.category == "other");
    CHECK(other.detail == "something new");
    CHECK(other.plain == "the validator rejected the answer (something new)");
    CHECK(other.zone.empty());

    const BogusReason empty = parse_why_bogus("");
    CHECK(empty.category == "other");
    CHECK(empty.query_name.empty());

    const BogusReason unterminated = parse_why_bogus("validation failure <no closing bracket");
    CHECK(unterminated.query_name.empty());
    CHECK(unterminated.category == "other");

    // Longer than the bound: cut, parsed, no crash.
    const BogusReason long_text = parse_why_bogus("validation failure <a. A IN>: signature expired " +
                                                  std::string(100000, 'x'));
    CHECK(long_text.category == "signature-expired");
    CHECK(long_text.detail.size() <= k_max_why_bogus);
}
