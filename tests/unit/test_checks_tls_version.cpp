// tls.version over the tls-scan `versions` fact: facts in, findings out; one round in live mode.
#include <doctest/doctest.h>

#include "checks/tls/tls_version.hpp"
#include "tests/unit/tls_scan_fixtures.hpp"

using namespace osescan;
using osescan::checks::Status;
using osescan::test::FactsFixture;
using osescan::test::ScanServer;

namespace {
checks::Finding judge(const std::vector<std::string>& accepted) {
    ScanServer server;
    server.accepted = accepted;
    return test::judge_server(checks::tls::check_tls_version, server);
}
}  // namespace

TEST_CASE("tls.version: outcomes") {
    SUBCASE("TLS 1.3 and 1.2 only: pass, every version in evidence") {
        const auto f = judge({"TLSv1.3", "TLSv1.2"});
        CHECK(f.check_id == "tls.version");
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "good-versions");
        const auto& versions = f.evidence.at("versions");
        CHECK(versions.at("TLSv1.3").at("result") == "accepted");
        CHECK(versions.at("TLSv1.2").at("result") == "accepted");
        CHECK(versions.at("TLSv1.1").at("result") == "refused");
        CHECK(versions.at("TLSv1.1").at("failure") == "alert protocol_version (70)");
        CHECK(versions.at("SSLv3").at("result") == "refused");
        CHECK(versions.at("SSLv2").at("result") == "refused");
        CHECK(f.evidence.at("accepted") == nlohmann::json::array({"TLSv1.3", "TLSv1.2"}));
        CHECK_FALSE(f.evidence.contains("notes"));
    }
    SUBCASE("TLS 1.3 only: pass") {
        const auto f = judge({"TLSv1.3"});
        CHECK(f.status == Status::pass);
        CHECK(f.evidence.at("accepted") == nlohmann::json::array({"TLSv1.3"}));
    }
    SUBCASE("TLS 1.2 without 1.3: warn tls13-missing") {
        const auto f = judge({"TLSv1.2"});
        CHECK(f.status == Status::warn);
        CHECK(f.outcome == "tls13-missing");
    }
    SUBCASE("TLS 1.0 and 1.1 accepted: fail naming them") {
        const auto f = judge({"TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1"});
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "old-versions-accepted");
        CHECK(f.summary.find("TLSv1.1, TLSv1") != std::string::npos);
        CHECK(f.summary.find("TLSv1.2") == std::string::npos);
    }
    SUBCASE("SSLv3 accepted (now probed for real): fail") {
        const auto f = judge({"TLSv1.2", "SSLv3"});
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "old-versions-accepted");
        CHECK(f.summary.find("SSLv3") != std::string::npos);
    }
    SUBCASE("SSLv2 accepted: fail") {
        const auto f = judge({"TLSv1.3", "TLSv1.2", "SSLv2"});
        CHECK(f.status == Status::fail);
        CHECK(f.summary.find("SSLv2") != std::string::npos);
    }
    SUBCASE("nothing accepted: fail no-tls") {
        const auto f = judge({});
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "no-tls");
        CHECK(f.evidence.at("accepted") == nlohmann::json::array());
    }
    SUBCASE("the scanner's notes are quoted in the evidence") {
        FactsFixture fx;
        fx.addresses({test::k_scan_v4}, {});
        facts::TlsScan scan = test::versions_fact({"TLSv1.3"});
        scan.notes = {"SSLv2 hello answered with garbage"};
        fx.tls_scan(fx.scan_request(test::k_scan_v4, "versions"), scan);
        const auto findings = checks::tls::check_tls_version(fx.replay());
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].evidence.at("notes") == nlohmann::json::array({"SSLv2 hello answered with garbage"}));
    }
    SUBCASE("the version scan timed out: error, never pass or fail") {
        FactsFixture fx;
        fx.addresses({test::k_scan_v4}, {});
        fx.tls_scan(fx.scan_request(test::k_scan_v4, "versions"), test::probe_error(facts::probe_error::timeout, "10 s"));
        const auto findings = checks::tls::check_tls_version(fx.replay());
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].status == Status::error);
        CHECK(findings[0].outcome == "probe-timeout");
    }
    SUBCASE("connection refused: error (https.available reports the missing HTTPS)") {
        FactsFixture fx;
        fx.addresses({test::k_scan_v4}, {});
        fx.tls_scan(fx.scan_request(test::k_scan_v4, "versions"),
                    test::probe_error(facts::probe_error::connection_refused));
        const auto findings = checks::tls::check_tls_version(fx.replay());
        CHECK(findings.at(0).outcome == "probe-connection-refused");
    }
}

TEST_CASE("tls.version: live mode asks for the versions scan of all addresses in ONE round") {
    FactsFixture f;
    f.addresses({test::k_scan_v4, "198.51.100.21"}, {test::k_scan_v6});
    const facts::TargetFacts live = f.live();
    CHECK_THROWS_AS(checks::tls::check_tls_version(live), facts::FactsPending);
    std::vector<facts::Request> expected;
    for (const char* address : {test::k_scan_v4, "198.51.100.21", test::k_scan_v6})
        expected.push_back(f.scan_request(address, "versions"));
    CHECK(test::missing_keys(live) == test::sorted_keys(expected));
    CHECK(f.scan_request(test::k_scan_v4, "versions").sni == "example.test");
}

TEST_CASE("tls.version: an IP-literal target scans without SNI") {
    FactsFixture f = FactsFixture::ip_target(test::k_scan_v4);
    f.tls_scan(f.scan_request(test::k_scan_v4, "versions"), test::versions_fact({"TLSv1.3", "TLSv1.2"}));
    CHECK(f.scan_request(test::k_scan_v4, "versions").sni.empty());
    const auto findings = checks::tls::check_tls_version(f.replay());
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].outcome == "good-versions");
}

TEST_CASE("tls.version: live mode before the addresses are known asks only for A and AAAA") {
    FactsFixture f;
    const facts::TargetFacts live = f.live();
    CHECK_THROWS_AS(checks::tls::check_tls_version(live), facts::FactsPending);
    CHECK(test::missing_keys(live) ==
          test::sorted_keys({facts::DnsRequest{"example.test", "A", facts::DnsVia::stub, {}},
                             facts::DnsRequest{"example.test", "AAAA", facts::DnsVia::stub, {}}}));
}
