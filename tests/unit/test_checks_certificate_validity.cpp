// tls.certificate.validity: dates judged against the scan time recorded with the facts.
#include <doctest/doctest.h>

#include "checks/certificate/certificate_validity.hpp"
#include "facts/iso_time.hpp"
#include "tests/unit/checks_fixtures.hpp"
#include "tests/unit/mail_tls_fixtures.hpp"

using namespace osescan;
using osescan::checks::Status;
using osescan::test::FactsFixture;
using osescan::test::k_day;
using osescan::test::k_test_now;

namespace {
constexpr const char* k_v4 = "198.51.100.10";

checks::Finding judge(std::vector<facts::Certificate> chain) {
    FactsFixture f;
    f.addresses({k_v4}, {});
    facts::TlsHandshake h = test::accepted_handshake();
    h.chain = std::move(chain);
    f.default_handshake(k_v4, h);
    const auto findings = checks::certificate::check_certificate_validity(f.replay());
    REQUIRE(findings.size() == 1);
    test::check_mail_certificate_twin(checks::certificate::check_certificate_validity, h, findings[0]);
    return findings[0];
}

facts::Certificate leaf_until(int64_t not_after) {
    facts::Certificate c = test::leaf_certificate();
    c.not_after = not_after;
    return c;
}
}  // namespace

TEST_CASE("tls.certificate.validity: outcomes") {
    SUBCASE("60 days left: pass, dates in ISO 8601 UTC") {
        const auto f = judge({test::leaf_certificate(), test::intermediate_certificate()});
        CHECK(f.check_id == "tls.certificate.validity");
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "valid");
        CHECK(f.evidence.at("now") == "2025-06-15T15:06:40Z");
        CHECK(f.evidence.at("leaf_not_after") == "2025-08-14T15:06:40Z");
        CHECK(f.evidence.at("leaf_days_left") == 60);
        const auto& leaf = f.evidence.at("certificates").at(0);
        CHECK(leaf.at("not_before") == "2025-05-16T15:06:40Z");
        CHECK(leaf.at("not_after") == "2025-08-14T15:06:40Z");
        CHECK(leaf.at("days_left") == 60);
        CHECK(leaf.at("state") == "valid");
        CHECK(f.evidence.at("certificates").at(1).at("role") == "intermediate");
    }
    SUBCASE("exactly 14 days left: warn expires-soon") {
        const auto f = judge({leaf_until(k_test_now + 14 * k_day)});
        CHECK(f.status == Status::warn);
        CHECK(f.outcome == "expires-soon");
        CHECK(f.evidence.at("leaf_days_left") == 14);
        CHECK(f.evidence.at("certificates").at(0).at("state") == "expires-soon");
    }
    SUBCASE("14 days and one second left: pass") {
        const auto f = judge({leaf_until(k_test_now + 14 * k_day + 1)});
        CHECK(f.status == Status::pass);
    }
    SUBCASE("expires this very second: still valid (notAfter is inclusive), warn") {
        const auto f = judge({leaf_until(k_test_now)});
        CHECK(f.status == Status::warn);
        CHECK(f.evidence.at("leaf_days_left") == 0);
    }
    SUBCASE("expired a second ago: fail expired") {
        const auto f = judge({leaf_until(k_test_now - 1), test::intermediate_certificate()});
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "expired");
        CHECK(f.evidence.at("leaf_days_left") == -1);
        CHECK(f.evidence.at("certificates").at(0).at("state") == "expired");
        CHECK(f.summary.find("leaf certificate") != std::string::npos);
    }
    SUBCASE("not yet valid: fail not-yet-valid") {
        facts::Certificate leaf = test::leaf_certificate();
        leaf.not_before = k_test_now + 3600;
        const auto f = judge({leaf});
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "not-yet-valid");
        CHECK(f.evidence.at("certificates").at(0).at("not_before") == "2025-06-15T16:06:40Z");
    }
    SUBCASE("expired intermediate: fail, naming the intermediate") {
        facts::Certificate intermediate = test::intermediate_certificate();
        intermediate.not_after = k_test_now - 10 * k_day;
        const auto f = judge({test::leaf_certificate(), intermediate});
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "expired");
        CHECK(f.summary.find("intermediate certificate CN=Test Intermediate") != std::string::npos);
        CHECK(f.evidence.at("certificates").at(1).at("days_left") == -10);
    }
    SUBCASE("intermediate expiring soon: only the leaf's date warns") {
        facts::Certificate intermediate = test::intermediate_certificate();
        intermediate.not_after = k_test_now + 2 * k_day;
        const auto f = judge({test::leaf_certificate(), intermediate});
        CHECK(f.status == Status::pass);
        CHECK(f.evidence.at("certificates").at(1).at("state") == "valid");
    }
    SUBCASE("an expired root the server sends along is not judged") {
        facts::Certificate root = test::root_certificate();
        root.not_after = k_test_now - k_day;
        const auto f = judge({test::leaf_certificate(), test::intermediate_certificate(), root});
        CHECK(f.status == Status::pass);
        CHECK(f.evidence.at("certificates").at(2).at("judged") == false);
        CHECK(f.evidence.at("certificates").at(2).at("state") == "expired");
    }
    SUBCASE("an expired self-signed leaf is judged") {
        facts::Certificate leaf = leaf_until(k_test_now - k_day);
        leaf.self_signed = true;
        const auto f = judge({leaf});
        CHECK(f.outcome == "expired");
    }
    SUBCASE("absurd dates from the server do not overflow") {
        facts::Certificate leaf = test::leaf_certificate();
        leaf.not_before = INT64_MIN;
        leaf.not_after = INT64_MAX;
        const auto f = judge({leaf});
        CHECK(f.status == Status::pass);
        CHECK(f.evidence.at("leaf_days_left").get<int64_t>() > 0);
    }
}

TEST_CASE("tls.certificate.validity: judged at the recorded scan time, not the clock") {
    FactsFixture f;
    f.addresses({k_v4}, {});
    f.default_handshake(k_v4, test::accepted_handshake());
    f.context.now = k_test_now + 61 * k_day;  // a later scan: the leaf has expired by then
    auto findings = checks::certificate::check_certificate_validity(f.replay());
    CHECK(findings[0].outcome == "expired");
    f.context.now = 0;  // a facts file without a scan time
    findings = checks::certificate::check_certificate_validity(f.replay());
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].status == Status::error);
    CHECK(findings[0].outcome == "no-scan-time");
}

TEST_CASE("iso8601_utc and days_between") {
    using facts::days_between;
    using facts::iso8601_utc;
    CHECK(iso8601_utc(0) == "1970-01-01T00:00:00Z");
    CHECK(iso8601_utc(951782400) == "2000-02-29T00:00:00Z");
    CHECK(iso8601_utc(253402300799) == "9999-12-31T23:59:59Z");
    CHECK(iso8601_utc(-1) == "1969-12-31T23:59:59Z");
    CHECK(iso8601_utc(4102444800) == "2100-01-01T00:00:00Z");
    CHECK_NOTHROW((void)iso8601_utc(INT64_MAX));
    CHECK_NOTHROW((void)iso8601_utc(INT64_MIN));
    CHECK(days_between(100, 100) == 0);
    CHECK(days_between(0, 86399) == 0);
    CHECK(days_between(0, 86400) == 1);
    CHECK(days_between(0, -1) == -1);
    CHECK(days_between(0, -86400) == -1);
    CHECK(days_between(0, -86401) == -2);
}
