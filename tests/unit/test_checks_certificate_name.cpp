// tls.certificate.name
#include <doctest/doctest.h>

#include "checks/certificate/certificate_name.hpp"
#include "tests/unit/checks_fixtures.hpp"

using namespace osescan;
using osescan::checks::Status;
using osescan::test::FactsFixture;

namespace {
constexpr const char* k_v4 = "198.51.100.10";
}  // namespace

TEST_CASE("tls.certificate.name: outcomes") {
    FactsFixture f;
    f.addresses({k_v4}, {});

    SUBCASE("name matches: pass") {
        f.default_handshake(k_v4, test::accepted_handshake());
        const auto findings = checks::certificate::check_certificate_name(f.replay());
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].check_id == "tls.certificate.name");
        CHECK(findings[0].subject == k_v4);
        CHECK(findings[0].status == Status::pass);
        CHECK(findings[0].outcome == "name-matches");
        CHECK(findings[0].evidence.at("host") == "example.test");
        CHECK(findings[0].evidence.at("san_dns") == nlohmann::json::array({"example.test"}));
    }
    SUBCASE("mismatch: fail listing the SANs") {
        facts::TlsHandshake h = test::accepted_handshake();
        h.name_matches = false;
        h.chain[0].subject = "CN=other.test";
        h.chain[0].san_dns = {"other.test", "www.other.test"};
        h.chain[0].san_ip = {"198.51.100.99"};
        f.default_handshake(k_v4, h);
        const auto findings = checks::certificate::check_certificate_name(f.replay());
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].status == Status::fail);
        CHECK(findings[0].outcome == "name-mismatch");
        CHECK(findings[0].evidence.at("san_dns") == nlohmann::json::array({"other.test", "www.other.test"}));
        CHECK(findings[0].evidence.at("san_ip") == nlohmann::json::array({"198.51.100.99"}));
        CHECK(findings[0].evidence.at("san_count") == 3);
        CHECK(findings[0].summary.find("other.test, www.other.test, 198.51.100.99") != std::string::npos);
    }
    SUBCASE("mismatch with hundreds of SANs: bounded evidence and summary") {
        facts::TlsHandshake h = test::accepted_handshake();
        h.name_matches = false;
        h.chain[0].san_dns.clear();
        for (int i = 0; i < 300; ++i) h.chain[0].san_dns.push_back("n" + std::to_string(i) + ".test");
        f.default_handshake(k_v4, h);
        const auto findings = checks::certificate::check_certificate_name(f.replay());
        CHECK(findings[0].evidence.at("san_dns").size() == 100);
        CHECK(findings[0].evidence.at("san_count") == 300);
        CHECK(findings[0].summary.find("and 295 more") != std::string::npos);
    }
    SUBCASE("handshake timeout: error") {
        f.default_handshake(k_v4, test::probe_error(facts::probe_error::timeout));
        const auto findings = checks::certificate::check_certificate_name(f.replay());
        CHECK(findings[0].status == Status::error);
    }
}

TEST_CASE("tls.certificate.name: IP target is not applicable") {
    const FactsFixture f = FactsFixture::ip_target("198.51.100.7");
    CHECK(checks::certificate::certificate_name_check().info.needs_name);
    const auto findings = checks::certificate::check_certificate_name(f.replay());
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].status == Status::not_applicable);
    CHECK(findings[0].outcome == "ip-target");
    CHECK(findings[0].subject == "");
}
