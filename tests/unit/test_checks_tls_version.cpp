// tls.version: facts in, findings out; and the one-round batching in live mode.
#include <doctest/doctest.h>

#include <map>

#include "checks/tls/tls_version.hpp"
#include "tests/unit/checks_fixtures.hpp"

using namespace osescan;
using osescan::checks::Status;
using osescan::test::FactsFixture;

namespace {
constexpr const char* k_v4 = "198.51.100.10";
constexpr const char* k_v6 = "2001:db8::10";
const std::vector<std::string> k_versions{"TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1", "SSLv3"};

facts::Observed<facts::TlsHandshake> accepted(const std::string& version) {
    return test::accepted_handshake(version);
}
facts::Observed<facts::TlsHandshake> refused() { return test::refused_handshake("alert: protocol version"); }
facts::Observed<facts::TlsHandshake> ssl3_unprobeable() {
    return test::probe_error(facts::probe_error::client_unsupported,
                             "this OpenSSL build cannot send SSLv3");
}

// The IPv4 finding when the five version probes end as given (IPv6 records the same).
checks::Finding judge(const std::map<std::string, facts::Observed<facts::TlsHandshake>>& results) {
    FactsFixture f;
    f.addresses({k_v4}, {k_v6});
    for (const char* address : {k_v4, k_v6})
        for (const auto& [version, result] : results) f.tls(f.version_tls(address, version), result);
    const auto findings = checks::tls::check_tls_version(f.replay());
    REQUIRE(findings.size() == 2);
    CHECK(test::finding_for(findings, k_v6).outcome == test::finding_for(findings, k_v4).outcome);
    return test::finding_for(findings, k_v4);
}
}  // namespace

TEST_CASE("tls.version: outcomes") {
    SUBCASE("TLS 1.3 and 1.2 only: pass, SSLv3 not probeable is only a note") {
        const auto f = judge({{"TLSv1.3", accepted("TLSv1.3")},
                              {"TLSv1.2", accepted("TLSv1.2")},
                              {"TLSv1.1", refused()},
                              {"TLSv1", refused()},
                              {"SSLv3", ssl3_unprobeable()}});
        CHECK(f.check_id == "tls.version");
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "good-versions");
        const auto& versions = f.evidence.at("versions");
        CHECK(versions.at("TLSv1.3").at("result") == "accepted");
        CHECK(versions.at("TLSv1.2").at("result") == "accepted");
        CHECK(versions.at("TLSv1.1").at("result") == "refused");
        CHECK(versions.at("TLSv1.1").at("failure") == "alert: protocol version");
        CHECK(versions.at("TLSv1").at("result") == "refused");
        CHECK(versions.at("SSLv3").at("result") == "not-probeable");
        CHECK(f.evidence.at("accepted") == nlohmann::json::array({"TLSv1.3", "TLSv1.2"}));
        CHECK(f.evidence.at("notes") ==
              nlohmann::json::array({"SSLv3 not probeable with this OpenSSL build"}));
    }
    SUBCASE("TLS 1.3 only, SSLv3 refused: pass") {
        const auto f = judge({{"TLSv1.3", accepted("TLSv1.3")},
                              {"TLSv1.2", refused()},
                              {"TLSv1.1", refused()},
                              {"TLSv1", refused()},
                              {"SSLv3", refused()}});
        CHECK(f.status == Status::pass);
        CHECK(f.evidence.at("accepted") == nlohmann::json::array({"TLSv1.3"}));
        CHECK_FALSE(f.evidence.contains("notes"));
    }
    SUBCASE("TLS 1.2 without 1.3: warn tls13-missing") {
        const auto f = judge({{"TLSv1.3", refused()},
                              {"TLSv1.2", accepted("TLSv1.2")},
                              {"TLSv1.1", refused()},
                              {"TLSv1", refused()},
                              {"SSLv3", ssl3_unprobeable()}});
        CHECK(f.status == Status::warn);
        CHECK(f.outcome == "tls13-missing");
    }
    SUBCASE("TLS 1.0 and 1.1 accepted: fail naming them") {
        const auto f = judge({{"TLSv1.3", accepted("TLSv1.3")},
                              {"TLSv1.2", accepted("TLSv1.2")},
                              {"TLSv1.1", accepted("TLSv1.1")},
                              {"TLSv1", accepted("TLSv1")},
                              {"SSLv3", ssl3_unprobeable()}});
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "old-versions-accepted");
        CHECK(f.summary.find("TLSv1.1, TLSv1") != std::string::npos);
        CHECK(f.summary.find("TLSv1.2") == std::string::npos);
    }
    SUBCASE("SSLv3 accepted (a client that can probe it): fail") {
        const auto f = judge({{"TLSv1.3", refused()},
                              {"TLSv1.2", accepted("TLSv1.2")},
                              {"TLSv1.1", refused()},
                              {"TLSv1", refused()},
                              {"SSLv3", accepted("SSLv3")}});
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "old-versions-accepted");
        CHECK(f.summary.find("SSLv3") != std::string::npos);
    }
    SUBCASE("nothing accepted: fail no-tls") {
        const auto f = judge({{"TLSv1.3", refused()},
                              {"TLSv1.2", refused()},
                              {"TLSv1.1", refused()},
                              {"TLSv1", refused()},
                              {"SSLv3", ssl3_unprobeable()}});
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "no-tls");
        CHECK(f.evidence.at("accepted") == nlohmann::json::array());
    }
    SUBCASE("a probe timed out: error, with the versions that answered in evidence") {
        const auto f = judge({{"TLSv1.3", accepted("TLSv1.3")},
                              {"TLSv1.2", test::probe_error(facts::probe_error::timeout, "10 s")},
                              {"TLSv1.1", refused()},
                              {"TLSv1", refused()},
                              {"SSLv3", ssl3_unprobeable()}});
        CHECK(f.status == Status::error);
        CHECK(f.outcome == "probe-timeout");
        CHECK(f.summary.find("TLSv1.2 probe") != std::string::npos);
        CHECK(f.evidence.at("versions").at("TLSv1.2").at("result") == "error");
        CHECK(f.evidence.at("versions").at("TLSv1.2").at("probe_error") == "timeout");
        CHECK(f.evidence.at("versions").at("TLSv1.3").at("result") == "accepted");
    }
    SUBCASE("TLS 1.3 timed out, 1.2 accepted: error, not a warning") {
        const auto f = judge({{"TLSv1.3", test::probe_error(facts::probe_error::timeout)},
                              {"TLSv1.2", accepted("TLSv1.2")},
                              {"TLSv1.1", refused()},
                              {"TLSv1", refused()},
                              {"SSLv3", refused()}});
        CHECK(f.status == Status::error);
    }
    SUBCASE("a probe timed out but TLS 1.0 was accepted: fail stands") {
        const auto f = judge({{"TLSv1.3", test::probe_error(facts::probe_error::timeout)},
                              {"TLSv1.2", accepted("TLSv1.2")},
                              {"TLSv1.1", refused()},
                              {"TLSv1", accepted("TLSv1")},
                              {"SSLv3", ssl3_unprobeable()}});
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "old-versions-accepted");
        CHECK(f.evidence.at("versions").at("TLSv1.3").at("result") == "error");
    }
    SUBCASE("SSLv3 probe timed out (not client-unsupported): error") {
        const auto f = judge({{"TLSv1.3", accepted("TLSv1.3")},
                              {"TLSv1.2", refused()},
                              {"TLSv1.1", refused()},
                              {"TLSv1", refused()},
                              {"SSLv3", test::probe_error(facts::probe_error::timeout)}});
        CHECK(f.status == Status::error);
        CHECK(f.evidence.at("versions").at("SSLv3").at("result") == "error");
    }
    SUBCASE("client-unsupported on a version other than SSLv3 is an error") {
        const auto f = judge({{"TLSv1.3", accepted("TLSv1.3")},
                              {"TLSv1.2", refused()},
                              {"TLSv1.1", refused()},
                              {"TLSv1", test::probe_error(facts::probe_error::client_unsupported)},
                              {"SSLv3", refused()}});
        CHECK(f.status == Status::error);
        CHECK(f.outcome == "probe-client-unsupported");
    }
    SUBCASE("connection refused on every probe: error (https.available reports the missing HTTPS)") {
        std::map<std::string, facts::Observed<facts::TlsHandshake>> all;
        for (const std::string& version : k_versions)
            all[version] = test::probe_error(facts::probe_error::connection_refused);
        const auto f = judge(all);
        CHECK(f.status == Status::error);
        CHECK(f.outcome == "probe-connection-refused");
    }
}

TEST_CASE("tls.version: live mode asks for all version probes of all addresses in ONE round") {
    FactsFixture f;
    f.addresses({k_v4, "198.51.100.11"}, {k_v6});
    const facts::TargetFacts live = f.live();
    CHECK_THROWS_AS(checks::tls::check_tls_version(live), facts::FactsPending);
    std::vector<facts::Request> expected;
    for (const char* address : {k_v4, "198.51.100.11", k_v6})
        for (const std::string& version : k_versions) expected.push_back(f.version_tls(address, version));
    CHECK(live.missing().size() == 15);
    CHECK(test::missing_keys(live) == test::sorted_keys(expected));
    // The probes are exact-version handshakes with SNI.
    CHECK(f.version_tls(k_v4, "TLSv1.1").version == "TLSv1.1");
    CHECK(f.version_tls(k_v4, "TLSv1.1").sni == "example.test");
}

TEST_CASE("tls.version: live mode before the addresses are known asks only for A and AAAA") {
    FactsFixture f;
    const facts::TargetFacts live = f.live();
    CHECK_THROWS_AS(checks::tls::check_tls_version(live), facts::FactsPending);
    CHECK(test::missing_keys(live) ==
          test::sorted_keys({facts::DnsRequest{"example.test", "A", facts::DnsVia::stub, {}},
                             facts::DnsRequest{"example.test", "AAAA", facts::DnsVia::stub, {}}}));
}
