// Shared helpers of the checks: display/evidence text, probe error findings, DNS answers
// that cannot be used, the web host's addresses.
#include <doctest/doctest.h>

#include "checks/common/display_text.hpp"
#include "checks/common/dns_answer.hpp"
#include "checks/common/web_host.hpp"
#include "checks/common/findings.hpp"

using namespace osescan;
using checks::common::display_text;
using checks::common::evidence_text;

TEST_CASE("display_text and evidence_text make remote text valid UTF-8 and bounded") {
    CHECK(display_text("plain") == "plain");
    CHECK(display_text("caf\xc3\xa9") == "caf\xc3\xa9");                  // valid UTF-8 kept
    CHECK(display_text("a\x01" "b\x7f") == "a\\x01b\\x7f");               // controls escaped
    CHECK(display_text("bad\xff\xfe") == "bad\\xff\\xfe");                // invalid bytes escaped
    CHECK(display_text("\xc3") == "\\xc3");                               // truncated sequence
    CHECK(display_text("\xed\xa0\x80") == "\\xed\\xa0\\x80");             // UTF-16 surrogate
    CHECK(display_text("\xf4\x90\x80\x80") == "\\xf4\\x90\\x80\\x80");    // beyond U+10FFFF
    CHECK(display_text("\xe0\x80\xaf") == "\\xe0\\x80\\xaf");             // overlong
    CHECK(display_text("\xf0\x9f\x94\x92") == "\xf0\x9f\x94\x92");        // 4-byte emoji kept
    CHECK(display_text("abcdef", 3) == "abc...");
    CHECK(display_text("ab\xc3\xa9", 3) == "ab...");                      // never cut inside a character
    CHECK(evidence_text(std::string(5000, 'x')).size() == 4096 + 3);
    for (const std::string& text : {std::string("\xff\xc3(\x80"), std::string("\x00\x01", 2)})
        CHECK_NOTHROW((void)nlohmann::json(evidence_text(text)).dump());
}

TEST_CASE("probe_error_finding: error status, stable outcome, safe detail") {
    const checks::Finding f = checks::common::probe_error_finding(
        "x.y", "198.51.100.1", facts::ProbeError{"timeout", "no answer\xff in 10 s"}, "the probe");
    CHECK(f.status == checks::Status::error);
    CHECK(f.outcome == "probe-timeout");
    CHECK(f.subject == "198.51.100.1");
    CHECK(f.evidence.at("probe_error") == "timeout");
    CHECK(f.evidence.at("detail") == "no answer\\xff in 10 s");
    CHECK(f.summary == "Could not tell: the probe failed (timeout): no answer\\xff in 10 s");
}

namespace {
facts::DnsAnswer answer_with(const std::string& rcode, const std::vector<facts::DnsRecord>& records = {}) {
    facts::DnsAnswer a;
    a.rcode = rcode;
    a.answer = records;
    return a;
}
}  // namespace

TEST_CASE("usable_answer and web_addresses: SERVFAIL says 'could not tell', never 'no addresses'") {
    using checks::common::usable_answer;
    CHECK(usable_answer(answer_with("NOERROR"), "A x").ok());
    CHECK(usable_answer(answer_with("NXDOMAIN"), "A x").ok());
    const auto bad = usable_answer(answer_with("SERVFAIL"), "A x.example");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().kind == facts::probe_error::dns_error);
    CHECK(bad.error().detail == "A x.example: SERVFAIL");
    CHECK_FALSE(usable_answer(answer_with("REFUSED"), "A x").ok());

    facts::Target target;
    target.input = target.host = "x.example";
    facts::ScanContext context;
    auto put = [](facts::FactStore& store, const std::string& type, const facts::DnsAnswer& a) {
        store.put({facts::DnsRequest{"x.example", type, facts::DnsVia::stub, {}}, facts::Observed<facts::DnsAnswer>(a), 1});
    };
    auto addresses = [&](const facts::FactStore& store) {
        return checks::common::web_addresses(facts::TargetFacts(target, context, store, facts::FactsMode::replay));
    };
    {
        facts::FactStore store;  // both SERVFAIL (a validating resolver and bogus DNSSEC)
        put(store, "A", answer_with("SERVFAIL"));
        put(store, "AAAA", answer_with("SERVFAIL"));
        const auto w = addresses(store);
        REQUIRE(w.problem);
        CHECK(w.problem->detail == "A x.example: SERVFAIL");
    }
    {
        facts::FactStore store;  // A SERVFAIL, AAAA NODATA: the IPv4 side is unknown
        put(store, "A", answer_with("SERVFAIL"));
        put(store, "AAAA", answer_with("NOERROR"));
        const auto w = addresses(store);
        REQUIRE(w.problem);
        CHECK(w.problem->detail == "A x.example: SERVFAIL");
    }
    {
        facts::FactStore store;  // NODATA both: really no addresses
        put(store, "A", answer_with("NOERROR"));
        put(store, "AAAA", answer_with("NOERROR"));
        const auto w = addresses(store);
        REQUIRE(w.problem);
        CHECK(w.problem->detail == "x.example has no A or AAAA records");
    }
    {
        facts::FactStore store;
        put(store, "A", answer_with("NOERROR", {facts::DnsRecord{"x.example", "A", 300, "198.51.100.7", {}}}));
        put(store, "AAAA", answer_with("NOERROR"));
        const auto w = addresses(store);
        CHECK_FALSE(w.problem);
        CHECK(w.v4 == std::vector<std::string>{"198.51.100.7"});
    }
}
