// dane.web: TLSA parsing and matching (RFC 6698 §2), the DNSSEC rule, CNAME expansion
// (RFC 7671 §7), and every outcome.
#include <doctest/doctest.h>

#include "checks/certificate/dane_web.hpp"
#include "checks/certificate/dane_match.hpp"
#include "checks/certificate/tlsa_record.hpp"
#include "checks/common/dns_zone.hpp"
#include "tests/unit/checks_fixtures.hpp"

using namespace osescan;
using namespace osescan::checks::certificate;
using osescan::checks::Status;
using osescan::test::FactsFixture;

namespace {

constexpr const char* k_v4 = "198.51.100.10";
constexpr const char* k_v6 = "2001:db8::10";
// Two real certificates (openssl req -x509, EC P-256) and their digests as OpenSSL gives them:
// openssl x509 -noout -pubkey | openssl pkey -pubin -outform DER | sha256sum (SPKI), and
// openssl x509 -outform DER | sha256sum / sha512sum (the whole certificate). The engine
// records them (test_engine_tls_certificate_facts.cpp checks it computes these values).
const std::string k_leaf_pem =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBgzCCASmgAwIBAgIUcKgWbkDaEq2ri67WVmZAdtg/c7YwCgYIKoZIzj0EAwIw\n"
    "FzEVMBMGA1UEAwwMZXhhbXBsZS50ZXN0MB4XDTI2MTIwNjA4NDczMVoXDTM2MTIw\n"
    "MzA4NDczMVowFzEVMBMGA1UEAwwMZXhhbXBsZS50ZXN0MFkwEwYHKoZIzj0CAQYI\n"
    "KoZIzj0DAQcDQgAEnZR8gC0RRtbLXWbpR2krBmY74FJbXhCsnF25tyV2yMREfHy0\n"
    "Qv/WEbL63FaJTPcllIuGQxPNCdnci4DxZBCc1KNTMFEwHQYDVR0OBBYEFOHNsVa5\n"
    "pe9/JY9hDwWgLtMDczraMB8GA1UdIwQYMBaAFOHNsVa5pe9/JY9hDwWgLtMDczra\n"
    "MA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIgHyRGk/PrFZMTvMXc\n"
    "kWQ4ncMiDg2IQHVKa5gEhztKX18CIQCIDDEX0mcywCLksjgfmyWfVAudsTvW2N62\n"
    "eoLshNGttQ==\n"
    "-----END CERTIFICATE-----\n";
const std::string k_ca_pem =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBjTCCATOgAwIBAgIUGXMDcZ4J4mD3gn4fUCW3fRk2ZOIwCgYIKoZIzj0EAwIw\n"
    "HDEaMBgGA1UEAwwRVGVzdCBJbnRlcm1lZGlhdGUwHhcNMjYxMjA2MDg0ODA5WhcN\n"
    "MzYxMjAzMDg0ODA5WjAcMRowGAYDVQQDDBFUZXN0IEludGVybWVkaWF0ZTBZMBMG\n"
    "ByqGSM49AgEGCCqGSM49AwEHA0IABLtxwZKlCkvdlyQyeKJmdNrBvgfSQVeDxfHB\n"
    "QkTxaZZS3vO5p3f0/lMl2j5XotSShu8KIC/ejca0GeBUnCYwVPqjUzBRMB0GA1Ud\n"
    "DgQWBBS2Bqh6Z0i1hRE+Jwtok7eWovpMADAfBgNVHSMEGDAWgBS2Bqh6Z0i1hRE+\n"
    "Jwtok7eWovpMADAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIBE2\n"
    "xDN7wU8un6xZsxYCFonGcxl54Q7JJio2YxC2/7mEAiEA1w3ZlwakJFt9XaWXH82p\n"
    "L0RgDMHeIg4yvHDKL+cR+zw=\n"
    "-----END CERTIFICATE-----\n";
const std::string k_leaf_spki256 = "483e58d807f05b22725131e7e04af431f33bbe765e16b42b79cc310f2aec2cce";
const std::string k_leaf_spki512 =
    "16a1c8edd949735b89e51fa7ff4bbd04ea64f7e6861913ed393d278fa969cfeeccf9144a8c356960a413226631cd675e2057fdf69d434e4e36"
    "f055bc77ca847f";
const std::string k_leaf_spki =
    "3059301306072a8648ce3d020106082a8648ce3d030107034200049d947c802d1146d6cb5d66e947692b06663be0525b5e10ac9c5db9b725"
    "76c8c4447c7cb442ffd611b2fadc56894cf725948b864313cd09d9dc8b80f164109cd4";
const std::string k_leaf_cert256 = "97e6bc49c84ffdd6e2a702cc4b306a00cde440176cd7719448e214e5e2ce0934";
const std::string k_leaf_cert512 =
    "88c9539d1d9c9ade67d282a206646178cd81c50da8aa1d81d16515074ad62a1f5a6a860cee03a854995087b0fa9a11979e580dedafe17451"
    "d522ba954148ed23";
const std::string k_ca_spki256 = "73ee7e9c97ab87188bfd9f57769fc67a89c121a87624c7fe947760884d659b4c";
const std::string k_other(64, 'd');

facts::DnsRecord rr(const std::string& name, const std::string& type, const std::string& data) {
    return facts::DnsRecord{name, type, 300, data, {}};
}

void validated(FactsFixture& f, const std::string& name, const std::string& type, const std::string& security,
               std::vector<facts::DnsRecord> records, const std::string& rcode = "NOERROR") {
    facts::DnsAnswer answer;
    answer.rcode = rcode;
    answer.security = security;
    answer.answer = std::move(records);
    if (security == "bogus") answer.why_bogus = "signature expired";
    f.store.put({checks::common::validated(name, type), facts::Observed<facts::DnsAnswer>(answer), 1});
}

// The leaf and CA above as the engine records them.
facts::Certificate with_digests(facts::Certificate c, bool leaf) {
    c.pem = leaf ? k_leaf_pem : k_ca_pem;
    c.sha256 = leaf ? k_leaf_cert256 : std::string(64, 'c');
    c.sha512 = leaf ? k_leaf_cert512 : std::string(128, 'c');
    c.spki = leaf ? k_leaf_spki : std::string(182, 'c');
    c.spki_sha256 = leaf ? k_leaf_spki256 : k_ca_spki256;
    c.spki_sha512 = leaf ? k_leaf_spki512 : std::string(128, 'c');
    return c;
}

facts::TlsHandshake served() {
    facts::TlsHandshake h = test::accepted_handshake();
    h.verify_ok = true;
    h.name_matches = true;
    h.chain.at(0) = with_digests(h.chain.at(0), true);
    h.chain.at(1) = with_digests(h.chain.at(1), false);
    h.chain.at(1).subject = h.chain.at(0).issuer;
    return h;
}

// example.test, A and AAAA, TLSA records at _443._tcp.example.test with `security`.
void site(FactsFixture& f, const std::vector<std::string>& tlsa, const std::string& security = "secure",
          const facts::TlsHandshake& handshake = served()) {
    f.addresses({k_v4}, {k_v6});
    validated(f, "example.test", "A", "secure", {rr("example.test", "A", k_v4)});
    std::vector<facts::DnsRecord> records;
    for (const std::string& data : tlsa) records.push_back(rr("_443._tcp.example.test", "TLSA", data));
    validated(f, "_443._tcp.example.test", "TLSA", security, records);
    f.default_handshake(k_v4, handshake);
    f.default_handshake(k_v6, handshake);
}

}  // namespace

TEST_CASE("dane.web: TLSA record data") {
    auto r = parse_tlsa_data("3 1 1 " + std::string(64, 'A'));
    REQUIRE(r);
    CHECK(r->usage == 3);
    CHECK(r->selector == 1);
    CHECK(r->matching_type == 1);
    CHECK(r->data == std::string(64, 'a'));
    CHECK(tlsa_unusable_reason(*r) == "");
    CHECK(tlsa_description(*r) == "DANE-EE(3) SPKI(1) SHA2-256(1)");
    CHECK(tlsa_unusable_reason(*parse_tlsa_data("4 1 1 " + k_other)).find("usage") != std::string::npos);
    CHECK(tlsa_unusable_reason(*parse_tlsa_data("3 2 1 " + k_other)).find("selector") != std::string::npos);
    CHECK(tlsa_unusable_reason(*parse_tlsa_data("3 1 3 " + k_other)).find("matching type") != std::string::npos);
    CHECK(tlsa_unusable_reason(*parse_tlsa_data("3 1 2 " + k_other)).find("64 bytes") != std::string::npos);
    CHECK_FALSE(parse_tlsa_data("3 1 1"));
    CHECK_FALSE(parse_tlsa_data("3 1 1 XYZ"));
    CHECK_FALSE(parse_tlsa_data("3 1 1 ABC"));  // odd number of hex digits
    CHECK_FALSE(parse_tlsa_data("300 1 1 AB"));
    CHECK(pem_der("garbage").empty());
    CHECK(pem_der("-----BEGIN CERTIFICATE-----\nAQID\n-----END CERTIFICATE-----\n") == std::vector<uint8_t>{1, 2, 3});
    facts::Certificate c = with_digests(facts::Certificate{}, true);
    CHECK(association_data(c, 0, 0).substr(0, 16) == "3082018330820129");
    CHECK(association_data(c, 0, 1) == k_leaf_cert256);
    CHECK(association_data(c, 0, 2) == k_leaf_cert512);
    CHECK(association_data(c, 1, 0) == k_leaf_spki);
    CHECK(association_data(c, 1, 1) == k_leaf_spki256);
    CHECK(association_data(c, 1, 2) == k_leaf_spki512);
    CHECK(association_data(c, 2, 0) == "");
    CHECK(association_data(c, 1, 3) == "");
    // Facts saved before the engine recorded the digests: nothing to compare, never a match.
    CHECK(association_data(facts::Certificate{}, 1, 1) == "");
    CHECK(association_data(facts::Certificate{}, 0, 0) == "");
    CHECK(tlsa_name("Example.TEST.", 8443) == "_8443._tcp.example.test");
}

TEST_CASE("dane: certificate names for DANE-TA (RFC 6125 §6.4)") {
    facts::Certificate c;
    c.san_dns = {"mx.example.test", "*.mail.example.net", "*.com"};
    CHECK(certificate_has_name(c, "MX.example.test."));
    CHECK(certificate_has_name(c, "a.mail.example.net"));
    CHECK_FALSE(certificate_has_name(c, "a.b.mail.example.net"));
    CHECK_FALSE(certificate_has_name(c, "mail.example.net"));
    CHECK_FALSE(certificate_has_name(c, "example.com"));
    CHECK_FALSE(certificate_has_name(c, "other.example.test"));
}

TEST_CASE("dane.web: outcomes") {
    SUBCASE("3 1 1 of the served key, signed: pass on every address") {
        FactsFixture f;
        site(f, {"3 1 1 " + k_other, "3 1 1 " + k_leaf_spki256});
        const auto findings = check_dane_web(f.replay());
        REQUIRE(findings.size() == 2);
        const auto& v4 = test::finding_for(findings, k_v4);
        CHECK(v4.status == Status::pass);
        CHECK(v4.outcome == "match");
        CHECK(v4.evidence.at("records").at(0).at("result") == "does not match the leaf certificate");
        CHECK(v4.evidence.at("records").at(1).at("result") == "match");
        CHECK(v4.evidence.at("records").at(1).at("matches_role") == "leaf");
        CHECK(v4.summary.find("DANE-EE(3) SPKI(1) SHA2-256(1)") != std::string::npos);
        CHECK(test::finding_for(findings, k_v6).outcome == "match");
    }
    SUBCASE("a stale record (the key changed): fail, naming the record and the served key") {
        FactsFixture f;
        site(f, {"3 1 1 " + k_other});
        const auto findings = check_dane_web(f.replay());
        const auto& v4 = test::finding_for(findings, k_v4);
        CHECK(v4.status == Status::fail);
        CHECK(v4.outcome == "no-match");
        CHECK(v4.evidence.at("chain").at(0).at("spki_sha256") == k_leaf_spki256);
        CHECK(v4.summary.find("_443._tcp.example.test") != std::string::npos);
    }
    SUBCASE("3 0 0: the whole certificate, from its PEM") {
        FactsFixture f;
        site(f, {"3 0 0 " + association_data(served().chain.at(0), 0, 0)});
        CHECK(check_dane_web(f.replay()).at(0).outcome == "match");
    }
    SUBCASE("2 1 1 of the intermediate: pass; needs the name to match") {
        FactsFixture f;
        site(f, {"2 1 1 " + k_ca_spki256});
        auto findings = check_dane_web(f.replay());
        CHECK(findings.at(0).outcome == "match");
        CHECK(findings.at(0).evidence.at("records").at(0).at("matches_role") == "intermediate");
        facts::TlsHandshake wrong_name = served();
        wrong_name.name_matches = false;
        FactsFixture g;
        site(g, {"2 1 1 " + k_ca_spki256}, "secure", wrong_name);
        CHECK(check_dane_web(g.replay()).at(0).outcome == "no-match");
    }
    SUBCASE("2 x x: a chain that does not lead from the leaf to the anchor does not match") {
        facts::TlsHandshake unlinked = served();
        unlinked.chain.at(1).subject = "CN=Somebody Else";
        FactsFixture f;
        site(f, {"2 1 1 " + k_ca_spki256}, "secure", unlinked);
        const auto finding = check_dane_web(f.replay()).at(0);
        CHECK(finding.outcome == "no-match");
        CHECK(finding.evidence.at("records").at(0).at("result").get<std::string>().find("does not lead") !=
              std::string::npos);
    }
    SUBCASE("1 0 1 (PKIX-EE) needs PKIX validation too") {
        FactsFixture f;
        site(f, {"1 0 1 " + k_leaf_cert256});
        CHECK(check_dane_web(f.replay()).at(0).outcome == "match");
        facts::TlsHandshake untrusted = served();
        untrusted.verify_ok = false;
        untrusted.verify_message = "self-signed certificate";
        FactsFixture g;
        site(g, {"1 0 1 " + k_leaf_cert256}, "secure", untrusted);
        const auto finding = check_dane_web(g.replay()).at(0);
        CHECK(finding.outcome == "no-match");
        CHECK(finding.evidence.at("records").at(0).at("result").get<std::string>().find("PKIX") != std::string::npos);
    }
    SUBCASE("0 1 1 (PKIX-TA) matches a certificate above the leaf, not the leaf") {
        FactsFixture f;
        site(f, {"0 1 1 " + k_ca_spki256});
        CHECK(check_dane_web(f.replay()).at(0).outcome == "match");
        FactsFixture g;
        site(g, {"0 1 1 " + k_leaf_spki256});
        CHECK(check_dane_web(g.replay()).at(0).outcome != "match");
    }
    SUBCASE("0 x x naming no served certificate, root not sent: could not tell (the root is the client's)") {
        FactsFixture f;
        site(f, {"0 0 1 " + k_other});
        const auto finding = check_dane_web(f.replay()).at(0);
        CHECK(finding.status == Status::error);
        CHECK(finding.outcome == "trust-anchor-not-served");
        // With the root sent, a PKIX-TA record that matches nothing is a plain non-match.
        facts::TlsHandshake with_root = served();
        facts::Certificate root = test::root_certificate();
        root.self_signed = true;
        root.pem = k_ca_pem;
        with_root.chain.push_back(root);
        FactsFixture g;
        site(g, {"0 0 1 " + k_other}, "secure", with_root);
        CHECK(check_dane_web(g.replay()).at(0).outcome == "no-match");
    }
    SUBCASE("TLSA in an unsigned zone: warn, TLS not even asked") {
        FactsFixture f;
        site(f, {"3 1 1 " + k_leaf_spki256}, "insecure");
        const auto findings = check_dane_web(f.replay());
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].status == Status::warn);
        CHECK(findings[0].outcome == "not-signed");
        CHECK(findings[0].evidence.at("tlsa_records").size() == 1);
    }
    SUBCASE("only unusable records: warn") {
        FactsFixture f;
        site(f, {"4 1 1 " + k_leaf_spki256, "3 1 2 " + k_leaf_spki256});
        const auto findings = check_dane_web(f.replay());
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].status == Status::warn);
        CHECK(findings[0].outcome == "no-usable-records");
        CHECK(findings[0].evidence.at("unusable").size() == 2);
    }
    SUBCASE("no TLSA: info") {
        FactsFixture f;
        site(f, {});
        const auto findings = check_dane_web(f.replay());
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].status == Status::info);
        CHECK(findings[0].outcome == "no-tlsa");
    }
    SUBCASE("a bogus TLSA answer: could not tell (error), with the validator's reason") {
        FactsFixture f;
        site(f, {"3 1 1 " + k_leaf_spki256}, "bogus");
        const auto findings = check_dane_web(f.replay());
        CHECK(findings.at(0).status == Status::error);
        CHECK(findings.at(0).outcome == "probe-dns-error");
        CHECK(findings.at(0).evidence.dump().find("signature expired") != std::string::npos);
    }
    SUBCASE("the handshake refused on one address: error there") {
        FactsFixture f;
        site(f, {"3 1 1 " + k_leaf_spki256});
        f.default_handshake(k_v6, test::refused_handshake());
        const auto findings = check_dane_web(f.replay());
        CHECK(test::finding_for(findings, k_v6).outcome == "handshake-refused");
        CHECK(test::finding_for(findings, k_v4).outcome == "match");
    }
    SUBCASE("a certificate without recorded DER: could not tell, not a fail") {
        facts::TlsHandshake big = served();
        big.chain.at(1).pem = "";
        big.chain.at(1).spki_sha256 = "";
        FactsFixture f;
        site(f, {"2 1 1 " + k_other}, "secure", big);
        const auto finding = check_dane_web(f.replay()).at(0);
        CHECK(finding.status == Status::error);
        CHECK(finding.outcome == "certificate-not-recorded");
        // A match on what was recorded still counts.
        FactsFixture g;
        site(g, {"3 1 1 " + k_leaf_spki256}, "secure", big);
        CHECK(check_dane_web(g.replay()).at(0).outcome == "match");
    }
    SUBCASE("no certificate sent: error") {
        facts::TlsHandshake empty = served();
        empty.chain.clear();
        FactsFixture f;
        site(f, {"3 1 1 " + k_leaf_spki256}, "secure", empty);
        CHECK(check_dane_web(f.replay()).at(0).outcome == "no-certificate");
    }
}

TEST_CASE("dane.web: a secure CNAME is expanded first, the original name is the fallback (RFC 7671 §7)") {
    FactsFixture f("www.example.test");
    f.addresses({k_v4}, {});
    validated(f, "www.example.test", "A", "secure",
              {rr("www.example.test", "CNAME", "web.example.net"), rr("web.example.net", "A", k_v4)});
    validated(f, "_443._tcp.www.example.test", "TLSA", "secure",
              {rr("_443._tcp.www.example.test", "TLSA", "3 1 1 " + k_other)});
    validated(f, "_443._tcp.web.example.net", "TLSA", "secure",
              {rr("_443._tcp.web.example.net", "TLSA", "3 1 1 " + k_leaf_spki256)});
    f.default_handshake(k_v4, served());
    auto findings = check_dane_web(f.replay());
    CHECK(findings.at(0).outcome == "match");
    CHECK(findings.at(0).evidence.at("tlsa_name") == "_443._tcp.web.example.net");
    CHECK(findings.at(0).evidence.at("cname_target") == "web.example.net");

    // The target has no TLSA: the original name's records are used.
    validated(f, "_443._tcp.web.example.net", "TLSA", "secure", {});
    findings = check_dane_web(f.replay());
    CHECK(findings.at(0).outcome == "no-match");
    CHECK(findings.at(0).evidence.at("tlsa_name") == "_443._tcp.www.example.test");

    // An insecure expansion is not followed.
    validated(f, "www.example.test", "A", "insecure",
              {rr("www.example.test", "CNAME", "web.example.net"), rr("web.example.net", "A", k_v4)});
    findings = check_dane_web(f.replay());
    CHECK_FALSE(findings.at(0).evidence.contains("cname_target"));
}
