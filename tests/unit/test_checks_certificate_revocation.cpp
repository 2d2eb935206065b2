// tls.certificate.revocation: OCSP first, the CRL when the responder gives no usable
// answer, every certificate but a trust anchor; one SUBCASE per outcome, and the rounds a
// live scan goes through.
#include <doctest/doctest.h>

#include "checks/certificate/certificate_revocation.hpp"
#include "tests/unit/checks_fixtures.hpp"

using namespace osescan;
using osescan::checks::Status;
using osescan::test::FactsFixture;
using osescan::test::k_test_now;

namespace {
constexpr const char* k_v4 = "198.51.100.10";
constexpr const char* k_ocsp_url = "http://ocsp.pki.test/";
constexpr const char* k_crl_url = "http://crl.pki.test:8080/ca.crl";
constexpr const char* k_root_crl_url = "http://198.51.100.99/root.crl";
constexpr const char* k_responder = "198.51.100.90";
constexpr const char* k_crl_host = "2001:db8::91";

facts::TlsHandshake pki_handshake() {
    facts::TlsHandshake h = test::accepted_handshake();
    h.chain.front().ocsp_urls = {"ldap://ignored.test/", k_ocsp_url};
    h.chain.front().crl_urls = {k_crl_url};
    h.chain.front().pem = "LEAF PEM";
    h.chain.at(1).crl_urls = {k_root_crl_url};
    h.chain.at(1).pem = "INTERMEDIATE PEM";
    return h;
}

facts::RevocationRequest request(const std::string& method, const std::string& url, const std::string& address,
                                 size_t position) {
    const facts::TlsHandshake h = pki_handshake();
    facts::RevocationRequest r;
    r.method = method;
    r.url = url;
    r.address = address;
    r.certificate_sha256 = h.chain.at(position).sha256;
    r.certificate_pem = h.chain.at(position).pem;
    if (position == 0) {
        r.issuer_sha256 = h.chain.at(1).sha256;
        r.issuer_pem = h.chain.at(1).pem;
    }
    return r;
}
facts::RevocationRequest leaf_ocsp() { return request("ocsp", k_ocsp_url, k_responder, 0); }
facts::RevocationRequest leaf_crl() { return request("crl", k_crl_url, k_crl_host, 0); }
facts::RevocationRequest intermediate_crl() { return request("crl", k_root_crl_url, "198.51.100.99", 1); }

facts::RevocationAnswer answer(const std::string& status, const std::string& problem = "") {
    facts::RevocationAnswer a;
    a.status = status;
    a.problem = problem;
    a.this_update = k_test_now - 60;
    a.next_update = k_test_now + 3600;
    return a;
}
facts::RevocationAnswer revoked() {
    facts::RevocationAnswer a = answer("revoked");
    a.revoked_at = 1749945600;  // 2025-06-15T00:00:00Z
    a.reason = "keyCompromise";
    return a;
}

void put(FactsFixture& f, const facts::RevocationRequest& r, facts::Observed<facts::RevocationAnswer> result) {
    f.store.put({r, std::move(result), 1});
}

void dns(FactsFixture& f, const std::string& name, const std::vector<std::string>& v4,
         const std::vector<std::string>& v6) {
    facts::DnsAnswer a;
    for (const auto& address : v4) a.answer.push_back({name, "A", 300, address, {}});
    facts::DnsAnswer aaaa;
    for (const auto& address : v6) aaaa.answer.push_back({name, "AAAA", 300, address, {}});
    f.store.put({facts::DnsRequest{name, "A", facts::DnsVia::stub, {}}, facts::Observed<facts::DnsAnswer>(a), 1});
    f.store.put({facts::DnsRequest{name, "AAAA", facts::DnsVia::stub, {}}, facts::Observed<facts::DnsAnswer>(aaaa), 1});
}

// The world of these tests: the handshake and the responders' names resolved.
void base(FactsFixture& f, const facts::TlsHandshake& handshake = pki_handshake()) {
    f.addresses({k_v4}, {});
    f.default_handshake(k_v4, handshake);
    dns(f, "ocsp.pki.test", {k_responder}, {});
    dns(f, "crl.pki.test", {}, {k_crl_host});
}

checks::Finding judge(const FactsFixture& f) {
    const auto findings = checks::certificate::check_certificate_revocation(f.replay());
    REQUIRE(findings.size() == 1);
    return findings[0];
}
}  // namespace

TEST_CASE("tls.certificate.revocation: outcomes") {
    FactsFixture f;
    base(f);
    SUBCASE("OCSP good for the leaf, CRL good for the intermediate: pass") {
        put(f, leaf_ocsp(), answer("good"));
        put(f, intermediate_crl(), answer("good"));
        const auto finding = judge(f);
        CHECK(finding.check_id == "tls.certificate.revocation");
        CHECK(finding.status == Status::pass);
        CHECK(finding.outcome == "not-revoked");
        const auto& leaf = finding.evidence.at("certificates").at(0);
        CHECK(leaf.at("ocsp_url") == k_ocsp_url);
        CHECK(leaf.at("ocsp").at("status") == "good");
        CHECK(leaf.at("state") == "good");
        CHECK_FALSE(leaf.contains("crl"));  // the responder answered: no CRL fetched
        CHECK(finding.evidence.at("certificates").at(1).at("state") == "good");
        CHECK(finding.summary.find("2 checked") != std::string::npos);
    }
    SUBCASE("OCSP says revoked: fail with reason, date and source") {
        put(f, leaf_ocsp(), revoked());
        put(f, intermediate_crl(), answer("good"));
        const auto finding = judge(f);
        CHECK(finding.status == Status::fail);
        CHECK(finding.outcome == "revoked");
        CHECK(finding.evidence.at("revoked").at("reason") == "keyCompromise");
        CHECK(finding.evidence.at("revoked").at("revoked_at") == "2025-06-15T00:00:00Z");
        CHECK(finding.evidence.at("revoked").at("source") == "OCSP responder");
        CHECK(finding.summary.find("leaf certificate CN=example.test") != std::string::npos);
    }
    SUBCASE("responder unreachable, the CRL lists the leaf: fail, source CRL") {
        put(f, leaf_ocsp(), facts::ProbeError{"connection-refused", "refused"});
        put(f, leaf_crl(), revoked());
        put(f, intermediate_crl(), answer("good"));
        const auto finding = judge(f);
        CHECK(finding.outcome == "revoked");
        CHECK(finding.evidence.at("revoked").at("source") == "CRL");
        CHECK(finding.evidence.at("certificates").at(0).at("ocsp").at("error") == "connection-refused");
    }
    SUBCASE("the intermediate is revoked: fail naming the intermediate") {
        put(f, leaf_ocsp(), answer("good"));
        put(f, intermediate_crl(), revoked());
        const auto finding = judge(f);
        CHECK(finding.outcome == "revoked");
        CHECK(finding.evidence.at("revoked").at("position") == 1);
        CHECK(finding.summary.find("intermediate certificate") != std::string::npos);
    }
    SUBCASE("stale OCSP answer and an unreachable CRL: info, never pass") {
        put(f, leaf_ocsp(), answer("invalid", "stale"));
        put(f, leaf_crl(), facts::ProbeError{"timeout", "no answer"});
        put(f, intermediate_crl(), answer("good"));
        const auto finding = judge(f);
        CHECK(finding.status == Status::info);
        CHECK(finding.outcome == "could-not-check");
        CHECK(finding.evidence.at("certificates").at(0).at("state") == "unchecked");
    }
    SUBCASE("the responder does not know the leaf, the CRL says good: pass") {
        put(f, leaf_ocsp(), answer("unknown"));
        put(f, leaf_crl(), answer("good"));
        put(f, intermediate_crl(), answer("good"));
        CHECK(judge(f).outcome == "not-revoked");
    }
}

TEST_CASE("tls.certificate.revocation: what cannot be checked") {
    SUBCASE("a leaf without OCSP or CRL pointers: info") {
        FactsFixture f;
        base(f, test::accepted_handshake());
        const auto finding = judge(f);
        CHECK(finding.status == Status::info);
        CHECK(finding.outcome == "could-not-check");
        CHECK(finding.summary.find("names no OCSP responder or CRL") != std::string::npos);
    }
    SUBCASE("an intermediate without pointers has nothing to check; a sent root is skipped") {
        FactsFixture f;
        facts::TlsHandshake h = pki_handshake();
        h.chain.at(1).crl_urls.clear();
        h.chain.push_back(test::root_certificate());
        base(f, h);
        put(f, leaf_ocsp(), answer("good"));
        const auto finding = judge(f);
        CHECK(finding.outcome == "not-revoked");
        CHECK(finding.evidence.at("certificates").size() == 2);
        CHECK(finding.evidence.at("certificates").at(1).at("state") == "no-pointers");
    }
    SUBCASE("the responder's name does not resolve: CRL asked instead") {
        FactsFixture f;
        f.addresses({k_v4}, {});
        f.default_handshake(k_v4, pki_handshake());
        dns(f, "ocsp.pki.test", {}, {});
        dns(f, "crl.pki.test", {}, {k_crl_host});
        put(f, leaf_crl(), answer("good"));
        put(f, intermediate_crl(), answer("good"));
        const auto finding = judge(f);
        CHECK(finding.outcome == "not-revoked");
        CHECK(finding.evidence.at("certificates").at(0).at("ocsp").at("error") == "responder host has no address");
    }
    SUBCASE("no certificate seen") {
        FactsFixture f;
        f.addresses({k_v4}, {});
        f.default_handshake(k_v4, test::refused_handshake());
        CHECK(judge(f).outcome == "handshake-refused");
        facts::TlsHandshake empty = test::accepted_handshake();
        empty.chain.clear();
        FactsFixture g;
        g.addresses({k_v4}, {});
        g.default_handshake(k_v4, empty);
        CHECK(judge(g).outcome == "no-certificate");
    }
}

TEST_CASE("tls.certificate.revocation: live rounds ask DNS, then OCSP, then only the CRLs still needed") {
    FactsFixture f;
    f.addresses({k_v4}, {});
    f.default_handshake(k_v4, pki_handshake());
    auto missing = [&] {
        const facts::TargetFacts live = f.live();
        CHECK_THROWS_AS(checks::certificate::check_certificate_revocation(live), facts::FactsPending);
        return test::missing_keys(live);
    };
    CHECK(missing() == test::sorted_keys({facts::DnsRequest{"crl.pki.test", "A", facts::DnsVia::stub, {}},
                                          facts::DnsRequest{"crl.pki.test", "AAAA", facts::DnsVia::stub, {}},
                                          facts::DnsRequest{"ocsp.pki.test", "A", facts::DnsVia::stub, {}},
                                          facts::DnsRequest{"ocsp.pki.test", "AAAA", facts::DnsVia::stub, {}}}));
    dns(f, "ocsp.pki.test", {k_responder}, {});
    dns(f, "crl.pki.test", {}, {k_crl_host});
    CHECK(missing() == test::sorted_keys({leaf_ocsp()}));
    put(f, leaf_ocsp(), answer("good"));
    CHECK(missing() == test::sorted_keys({intermediate_crl()}));
    put(f, intermediate_crl(), answer("good"));
    const auto findings = checks::certificate::check_certificate_revocation(f.live());
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].outcome == "not-revoked");
}
