// tls.ocsp_stapling, tls.certificate.lifetime and tls.certificate.transparency: one
// SUBCASE per outcome from recorded handshake facts.
#include <doctest/doctest.h>

#include "checks/certificate/certificate_lifetime.hpp"
#include "checks/certificate/certificate_transparency.hpp"
#include "checks/tls/tls_ocsp_stapling.hpp"
#include "tests/unit/checks_fixtures.hpp"

using namespace osescan;
using osescan::checks::Status;
using osescan::test::FactsFixture;
using osescan::test::k_day;
using osescan::test::k_test_now;

namespace {
constexpr const char* k_v4 = "198.51.100.10";

using CheckFn = std::vector<checks::Finding> (*)(const facts::TargetFacts&);

checks::Finding judge(CheckFn check, const facts::Observed<facts::TlsHandshake>& handshake) {
    FactsFixture f;
    f.addresses({k_v4}, {});
    f.default_handshake(k_v4, handshake);
    const auto findings = check(f.replay());
    REQUIRE(findings.size() == 1);
    return findings[0];
}

facts::TlsHandshake stapled(const std::string& status, const std::string& problem = "") {
    facts::TlsHandshake h = test::accepted_handshake();
    h.ocsp_status = status;
    h.ocsp_staple.status = status;
    h.ocsp_staple.problem = problem;
    h.ocsp_staple.this_update = k_test_now - 3600;
    h.ocsp_staple.next_update = k_test_now + k_day;
    return h;
}

facts::TlsHandshake with_leaf_dates(int64_t not_before, int64_t not_after) {
    facts::TlsHandshake h = test::accepted_handshake();
    h.chain.front().not_before = not_before;
    h.chain.front().not_after = not_after;
    return h;
}

facts::SignedTimestamp sct(const std::string& source, char log) {
    return facts::SignedTimestamp{source, 0, std::string(64, log), k_test_now * 1000};
}

// 2025-06-15T00:00:00Z and the 2026/2027/2029 CA/B dates.
constexpr int64_t k_2025_06_15 = 1749945600;
constexpr int64_t k_2026_03_15 = 1773532800;
constexpr int64_t k_2027_03_15 = 1805068800;
constexpr int64_t k_2029_03_15 = 1868227200;
}  // namespace

TEST_CASE("tls.ocsp_stapling: outcomes") {
    const CheckFn check = checks::tls::check_tls_ocsp_stapling;
    SUBCASE("a valid good staple: pass, dates in evidence") {
        const auto f = judge(check, stapled("good"));
        CHECK(f.check_id == "tls.ocsp_stapling");
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "staple-good");
        CHECK(f.evidence.at("staple").at("status") == "good");
        CHECK(f.evidence.at("staple").at("next_update") == "2025-06-16T15:06:40Z");
    }
    SUBCASE("no staple: info, never pass") {
        const auto f = judge(check, test::accepted_handshake());
        CHECK(f.status == Status::info);
        CHECK(f.outcome == "no-staple");
    }
    SUBCASE("a stale staple: warn") {
        const auto f = judge(check, stapled("invalid", "stale"));
        CHECK(f.status == Status::warn);
        CHECK(f.outcome == "staple-stale");
        CHECK(f.evidence.at("staple").at("problem") == "stale");
    }
    SUBCASE("a staple with a bad signature: warn with the reason") {
        const auto f = judge(check, stapled("invalid", "bad-signature"));
        CHECK(f.status == Status::warn);
        CHECK(f.outcome == "staple-invalid");
        CHECK(f.summary.find("not signed by the issuer") != std::string::npos);
    }
    SUBCASE("an old facts file with only ocsp_status invalid: warn") {
        facts::TlsHandshake h = test::accepted_handshake();
        h.ocsp_status = "invalid";
        const auto f = judge(check, h);
        CHECK(f.outcome == "staple-invalid");
    }
    SUBCASE("the responder does not know the certificate: warn") {
        const auto f = judge(check, stapled("unknown"));
        CHECK(f.status == Status::warn);
        CHECK(f.outcome == "staple-unknown");
    }
    SUBCASE("a staple saying revoked: fail with date and reason") {
        facts::TlsHandshake h = stapled("revoked");
        h.ocsp_staple.revoked_at = k_2025_06_15;
        h.ocsp_staple.reason = "keyCompromise";
        const auto f = judge(check, h);
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "staple-revoked");
        CHECK(f.summary.find("2025-06-15T00:00:00Z") != std::string::npos);
        CHECK(f.summary.find("keyCompromise") != std::string::npos);
    }
}

TEST_CASE("tls.certificate.lifetime: CA/B day counting") {
    using checks::certificate::max_validity_days;
    using checks::certificate::validity_days;
    // Inclusive of both ends: 00:00:00 .. 23:59:59 is one day.
    CHECK(validity_days(k_2025_06_15, k_2025_06_15 + k_day - 1) == 1);
    CHECK(validity_days(k_2025_06_15, k_2025_06_15 + k_day) == 2);
    CHECK(validity_days(k_2025_06_15, k_2025_06_15 + 398 * k_day - 1) == 398);
    CHECK(validity_days(k_2025_06_15, k_2025_06_15 + 398 * k_day) == 399);
    CHECK(validity_days(10, 5) == 0);
    CHECK(validity_days(INT64_MIN, INT64_MAX) > 0);  // untrusted dates: no overflow
    CHECK(max_validity_days(k_2025_06_15) == 398);
    CHECK(max_validity_days(k_2026_03_15 - 1) == 398);
    CHECK(max_validity_days(k_2026_03_15) == 200);
    CHECK(max_validity_days(k_2027_03_15 - 1) == 200);
    CHECK(max_validity_days(k_2027_03_15) == 100);
    CHECK(max_validity_days(k_2029_03_15 - 1) == 100);
    CHECK(max_validity_days(k_2029_03_15) == 47);
    CHECK(max_validity_days(1500000000) == 825);  // 2017
}

TEST_CASE("tls.certificate.lifetime: outcomes") {
    const CheckFn check = checks::certificate::check_certificate_lifetime;
    SUBCASE("90 days: pass") {
        const auto f = judge(check, test::accepted_handshake());
        CHECK(f.check_id == "tls.certificate.lifetime");
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "within-limit");
        CHECK(f.evidence.at("validity_days") == 91);  // 90 days of seconds plus the last second
        CHECK(f.evidence.at("max_days") == 398);
    }
    SUBCASE("exactly 398 days issued in 2025: pass") {
        const auto f = judge(check, with_leaf_dates(k_2025_06_15, k_2025_06_15 + 398 * k_day - 1));
        CHECK(f.outcome == "within-limit");
    }
    SUBCASE("398 days and a second: warn") {
        const auto f = judge(check, with_leaf_dates(k_2025_06_15, k_2025_06_15 + 398 * k_day));
        CHECK(f.status == Status::warn);
        CHECK(f.outcome == "too-long");
        CHECK(f.evidence.at("validity_days") == 399);
    }
    SUBCASE("300 days issued on 2026-03-15: warn (200 allowed)") {
        const auto f = judge(check, with_leaf_dates(k_2026_03_15, k_2026_03_15 + 300 * k_day - 1));
        CHECK(f.outcome == "too-long");
        CHECK(f.evidence.at("max_days") == 200);
        CHECK(f.summary.find("issued on 2026-03-15") != std::string::npos);
    }
}

TEST_CASE("tls.certificate.transparency: outcomes") {
    const CheckFn check = checks::certificate::check_certificate_transparency;
    SUBCASE("SCTs in the certificate and the TLS extension: pass, counted per log") {
        facts::TlsHandshake h = test::accepted_handshake();
        h.chain.front().scts = {sct("certificate", 'a'), sct("certificate", 'b')};
        h.scts = {sct("tls-extension", 'a')};
        const auto f = judge(check, h);
        CHECK(f.check_id == "tls.certificate.transparency");
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "scts-present");
        CHECK(f.evidence.at("count") == 3);
        CHECK(f.evidence.at("logs") == 2);
        CHECK(f.evidence.at("scts").at(0).at("log_id") == std::string(64, 'a'));
        CHECK(f.evidence.at("scts").at(2).at("source") == "tls-extension");
        CHECK(f.summary.find("certificate, tls-extension") != std::string::npos);
    }
    SUBCASE("an SCT from the OCSP staple only: pass") {
        facts::TlsHandshake h = test::accepted_handshake();
        h.scts = {sct("ocsp", 'c')};
        CHECK(judge(check, h).outcome == "scts-present");
    }
    SUBCASE("none: info") {
        const auto f = judge(check, test::accepted_handshake());
        CHECK(f.status == Status::info);
        CHECK(f.outcome == "no-scts");
    }
}

TEST_CASE("certificate status checks: no certificate seen") {
    for (CheckFn check : {checks::tls::check_tls_ocsp_stapling, checks::certificate::check_certificate_lifetime,
                          checks::certificate::check_certificate_transparency}) {
        const auto refused = judge(check, test::refused_handshake());
        CHECK(refused.status == Status::error);
        CHECK(refused.outcome == "handshake-refused");
        facts::TlsHandshake empty = test::accepted_handshake();
        empty.chain.clear();
        CHECK(judge(check, empty).outcome == "no-certificate");
        CHECK(judge(check, test::probe_error("timeout")).status == Status::error);
    }
}
