// https.available: facts in, findings out, one SUBCASE per outcome.
#include <doctest/doctest.h>

#include "checks/https/https_available.hpp"
#include "tests/unit/checks_fixtures.hpp"

using namespace osescan;
using osescan::checks::Status;
using osescan::test::FactsFixture;

namespace {
constexpr const char* k_v4 = "198.51.100.10";
constexpr const char* k_v6 = "2001:db8::10";
}  // namespace

TEST_CASE("https.available: per address verdicts") {
    FactsFixture f;
    f.addresses({k_v4}, {k_v6});

    SUBCASE("handshake and response on both addresses: pass") {
        for (const char* address : {k_v4, k_v6}) {
            f.default_handshake(address, test::accepted_handshake("TLSv1.3"));
            f.http(f.https_first(address), test::http_response(200));
        }
        const auto findings = checks::https::check_https_available(f.replay());
        REQUIRE(findings.size() == 2);
        const auto& v4 = test::finding_for(findings, k_v4);
        CHECK(v4.check_id == "https.available");
        CHECK(v4.status == Status::pass);
        CHECK(v4.outcome == "https-available");
        CHECK(v4.evidence.at("endpoint") == "198.51.100.10:443");
        CHECK(v4.evidence.at("tls_version") == "TLSv1.3");
        CHECK(v4.evidence.at("http_status") == 200);
        const auto& v6 = test::finding_for(findings, k_v6);
        CHECK(v6.status == Status::pass);
        CHECK(v6.evidence.at("endpoint") == "[2001:db8::10]:443");
    }

    SUBCASE("connection refused on the HTTPS port: fail no-https") {
        f.default_handshake(k_v4, test::probe_error(facts::probe_error::connection_refused, "refused"));
        f.http(f.https_first(k_v4), test::probe_error(facts::probe_error::connection_refused, "refused"));
        f.default_handshake(k_v6, test::accepted_handshake());
        f.http(f.https_first(k_v6), test::http_response(301, {{"Location", "https://example.test/x"}}));
        const auto findings = checks::https::check_https_available(f.replay());
        const auto& v4 = test::finding_for(findings, k_v4);
        CHECK(v4.status == Status::fail);
        CHECK(v4.outcome == "no-https");
        CHECK(v4.evidence.at("probe_error") == "connection-refused");
        const auto& v6 = test::finding_for(findings, k_v6);
        CHECK(v6.status == Status::pass);
        CHECK(v6.evidence.at("http_status") == 301);
    }

    SUBCASE("handshake refused: fail handshake-refused with the reason") {
        for (const char* address : {k_v4, k_v6}) {
            f.default_handshake(address, test::refused_handshake("alert: handshake failure"));
            f.http(f.https_first(address), test::probe_error(facts::probe_error::tls_handshake_error, "ssl"));
        }
        const auto findings = checks::https::check_https_available(f.replay());
        const auto& v4 = test::finding_for(findings, k_v4);
        CHECK(v4.status == Status::fail);
        CHECK(v4.outcome == "handshake-refused");
        CHECK(v4.evidence.at("handshake_failure") == "alert: handshake failure");
        CHECK(v4.summary.find("alert: handshake failure") != std::string::npos);
    }

    SUBCASE("handshake timeout: error, never pass or fail") {
        for (const char* address : {k_v4, k_v6}) {
            f.default_handshake(address, test::probe_error(facts::probe_error::timeout, "10 s"));
            f.http(f.https_first(address), test::probe_error(facts::probe_error::timeout, "10 s"));
        }
        const auto findings = checks::https::check_https_available(f.replay());
        const auto& v6 = test::finding_for(findings, k_v6);
        CHECK(v6.status == Status::error);
        CHECK(v6.outcome == "probe-timeout");
        CHECK(v6.evidence.at("probe_error") == "timeout");
    }

    SUBCASE("handshake fine but the HTTPS request timed out: error") {
        for (const char* address : {k_v4, k_v6}) {
            f.default_handshake(address, test::accepted_handshake());
            f.http(f.https_first(address), test::probe_error(facts::probe_error::timeout));
        }
        const auto findings = checks::https::check_https_available(f.replay());
        const auto& v4 = test::finding_for(findings, k_v4);
        CHECK(v4.status == Status::error);
        CHECK(v4.outcome == "probe-timeout");
        CHECK(v4.evidence.at("tls_version") == "TLSv1.3");
    }

    SUBCASE("facts missing from a replay: error not-recorded") {
        const auto findings = checks::https::check_https_available(f.replay());
        REQUIRE(findings.size() == 2);
        CHECK(test::finding_for(findings, k_v4).status == Status::error);
        CHECK(test::finding_for(findings, k_v4).outcome == "probe-not-recorded");
    }
}

TEST_CASE("https.available: the host's addresses cannot be determined") {
    SUBCASE("NXDOMAIN: one error finding with subject \"\" naming the reason") {
        FactsFixture f;
        f.nxdomain();
        const auto findings = checks::https::check_https_available(f.replay());
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].subject == "");
        CHECK(findings[0].status == Status::error);
        CHECK(findings[0].outcome == "probe-dns-error");
        CHECK(findings[0].summary.find("NXDOMAIN") != std::string::npos);
    }
    SUBCASE("resolver timeout") {
        FactsFixture f;
        f.addresses_error(test::probe_error(facts::probe_error::timeout, "no answer from resolver"));
        const auto findings = checks::https::check_https_available(f.replay());
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].subject == "");
        CHECK(findings[0].outcome == "probe-timeout");
    }
    SUBCASE("no A or AAAA") {
        FactsFixture f;
        f.addresses({}, {});
        const auto findings = checks::https::check_https_available(f.replay());
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].status == Status::error);
        CHECK(findings[0].summary.find("no A or AAAA") != std::string::npos);
    }
}

TEST_CASE("https.available: live mode asks for every address's handshake and request in one round") {
    FactsFixture f;
    f.addresses({k_v4}, {k_v6});
    const facts::TargetFacts live = f.live();
    CHECK_THROWS_AS(checks::https::check_https_available(live), facts::FactsPending);
    CHECK(test::missing_keys(live) ==
          test::sorted_keys({f.default_tls(k_v4), f.https_first(k_v4), f.default_tls(k_v6), f.https_first(k_v6)}));
}

TEST_CASE("https.available: IP-literal target uses the literal, no DNS") {
    FactsFixture f = FactsFixture::ip_target("2001:db8::77");
    f.default_handshake("2001:db8::77", test::accepted_handshake());
    f.http(f.https_first("2001:db8::77"), test::http_response(200));
    const auto findings = checks::https::check_https_available(f.replay());
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].subject == "2001:db8::77");
    CHECK(findings[0].status == Status::pass);
    CHECK(f.default_tls("2001:db8::77").sni == "");
}
