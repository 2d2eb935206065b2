// tls.certificate.trust and the shared served-chain rules.
#include <doctest/doctest.h>

#include "checks/certificate/certificate_trust.hpp"
#include "tests/unit/checks_fixtures.hpp"
#include "tests/unit/mail_tls_fixtures.hpp"

using namespace osescan;
using osescan::checks::Status;
using osescan::test::FactsFixture;

namespace {
constexpr const char* k_v4 = "198.51.100.10";
constexpr const char* k_v6 = "2001:db8::10";

checks::Finding judge(facts::Observed<facts::TlsHandshake> handshake) {
    FactsFixture f;
    f.addresses({k_v4}, {k_v6});
    f.default_handshake(k_v4, handshake);
    f.default_handshake(k_v6, handshake);
    const auto findings = checks::certificate::check_certificate_trust(f.replay());
    REQUIRE(findings.size() == 2);
    test::check_mail_certificate_twin(checks::certificate::check_certificate_trust, handshake,
                                      test::finding_for(findings, k_v4));
    return test::finding_for(findings, k_v4);
}

facts::TlsHandshake unverified(int code, const std::string& message, std::vector<facts::Certificate> chain) {
    facts::TlsHandshake h = test::accepted_handshake();
    h.verify_ok = false;
    h.verify_code = code;
    h.verify_message = message;
    h.chain = std::move(chain);
    return h;
}
}  // namespace

TEST_CASE("tls.certificate.trust: outcomes") {
    SUBCASE("verified chain: pass") {
        const auto f = judge(test::accepted_handshake());
        CHECK(f.check_id == "tls.certificate.trust");
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "trusted");
        CHECK(f.evidence.at("verify_ok") == true);
        CHECK(f.evidence.at("chain_length") == 2);
        CHECK(f.evidence.at("chain").at(0).at("role") == "leaf");
        CHECK(f.evidence.at("chain").at(1).at("role") == "intermediate");
    }
    SUBCASE("self-signed leaf (18): fail self-signed") {
        facts::Certificate leaf = test::leaf_certificate();
        leaf.issuer = leaf.subject;
        leaf.self_signed = true;
        const auto f = judge(unverified(18, "self-signed certificate", {leaf}));
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "self-signed");
        CHECK(f.evidence.at("verify_code") == 18);
        CHECK(f.evidence.at("verify_message") == "self-signed certificate");
        CHECK(f.evidence.at("chain").at(0).at("self_signed") == true);
        CHECK(f.summary.find("self-signed") != std::string::npos);
    }
    SUBCASE("unknown root sent in the chain (19): fail untrusted-root") {
        const auto f = judge(unverified(19, "self-signed certificate in certificate chain",
                                        {test::leaf_certificate(), test::intermediate_certificate(),
                                         test::root_certificate()}));
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "untrusted-root");
        CHECK(f.evidence.at("chain").at(2).at("role") == "root");
        CHECK(f.evidence.at("reason").get<std::string>().find("CN=Test Root") != std::string::npos);
    }
    SUBCASE("intermediate not sent (20): fail issuer-not-found, says the server did not send it") {
        const auto f = judge(unverified(20, "unable to get local issuer certificate", {test::leaf_certificate()}));
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "issuer-not-found");
        CHECK(f.evidence.at("verify_code") == 20);
        CHECK(f.evidence.at("reason").get<std::string>().find("the server did not send the intermediate") !=
              std::string::npos);
        CHECK(f.summary.find("code 20") != std::string::npos);
    }
    SUBCASE("unable to verify the leaf signature (21): same plain-words reason") {
        const auto f = judge(unverified(21, "unable to verify the first certificate", {test::leaf_certificate()}));
        CHECK(f.outcome == "issuer-not-found");
        CHECK(f.evidence.at("reason").get<std::string>().find("did not send the intermediate") != std::string::npos);
    }
    SUBCASE("other verification errors: fail with OpenSSL's message") {
        CHECK(judge(unverified(7, "certificate signature failure", {test::leaf_certificate()})).outcome ==
              "bad-signature");
        CHECK(judge(unverified(26, "unsupported certificate purpose", {test::leaf_certificate()})).outcome ==
              "wrong-purpose");
        CHECK(judge(unverified(23, "certificate revoked", {test::leaf_certificate()})).outcome == "revoked");
        CHECK(judge(unverified(24, "invalid CA certificate", {test::leaf_certificate()})).outcome == "invalid-ca");
        CHECK(judge(unverified(2, "unable to get issuer certificate", {test::leaf_certificate()})).outcome ==
              "issuer-not-found");
        const auto f = judge(unverified(65, "some new error", {test::leaf_certificate()}));
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "untrusted");
        CHECK(f.summary.find("some new error") != std::string::npos);
    }
}

TEST_CASE("certificate checks: no chain to judge is an error") {
    SUBCASE("handshake refused") {
        const auto f = judge(test::refused_handshake("alert: handshake failure"));
        CHECK(f.status == Status::error);
        CHECK(f.outcome == "handshake-refused");
        CHECK(f.evidence.at("handshake_failure") == "alert: handshake failure");
    }
    SUBCASE("probe error") {
        const auto f = judge(test::probe_error(facts::probe_error::connection_refused, "refused"));
        CHECK(f.status == Status::error);
        CHECK(f.outcome == "probe-connection-refused");
    }
    SUBCASE("accepted without certificates") {
        facts::TlsHandshake h = test::accepted_handshake();
        h.chain.clear();
        const auto f = judge(h);
        CHECK(f.status == Status::error);
        CHECK(f.outcome == "no-certificate");
    }
}

TEST_CASE("tls.certificate.trust: live mode asks for the default handshake of every address") {
    FactsFixture f;
    f.addresses({k_v4}, {k_v6});
    const facts::TargetFacts live = f.live();
    CHECK_THROWS_AS(checks::certificate::check_certificate_trust(live), facts::FactsPending);
    CHECK(test::missing_keys(live) == test::sorted_keys({f.default_tls(k_v4), f.default_tls(k_v6)}));
    CHECK(f.default_tls(k_v4).alpn == std::vector<std::string>{"h2", "http/1.1"});
}
