// mail.dane (RFC 7672): every outcome from recorded facts: the validated TLSA set at
// _25._tcp.<mx>, the usable usages for SMTP, the chain each MX address serves after
// STARTTLS (the SMTP facts mail.starttls shares), the rollover note, and the MX bounds.
#include <doctest/doctest.h>

#include "checks/common/dns_zone.hpp"
#include "checks/mail/dane_check.hpp"
#include "tests/unit/checks_fixtures.hpp"
#include "tests/unit/test_checks_mail_world.hpp"

using namespace osescan;
using namespace osescan::checks::mail;
using checks::Status;
using test::mail::MailWorld;

namespace {

const std::string k_leaf_spki = std::string(64, 'a');  // the served leaf's SPKI SHA-256
const std::string k_ca_spki = std::string(64, 'b');    // the intermediate's
const std::string k_other = std::string(64, 'd');
const std::string k_mx = "mx.example.com";
const std::string k_v4 = "198.51.100.25";
const std::string k_v6 = "2001:db8::25";

facts::SmtpSession session() {
    facts::SmtpSession s;
    s.greeting = {220, "220 mx.example.com ESMTP"};
    s.ehlo = {250, "250 mx.example.com\n250 STARTTLS"};
    s.extensions = {"STARTTLS"};
    s.starttls_offered = true;
    s.starttls = {220, "220 2.0.0 Ready to start TLS"};
    s.tls_attempted = true;
    s.tls = test::accepted_handshake();
    s.tls.name_matches = true;
    s.tls.chain.at(0).spki_sha256 = k_leaf_spki;
    s.tls.chain.at(1).spki_sha256 = k_ca_spki;
    s.tls.chain.at(1).subject = s.tls.chain.at(0).issuer;
    return s;
}

void validated(MailWorld& w, const std::string& name, const std::string& type, const std::string& security,
               const std::vector<std::string>& data) {
    facts::DnsAnswer answer;
    answer.rcode = "NOERROR";
    answer.security = security;
    for (const std::string& d : data) answer.answer.push_back({name, type, 300, d, {}});
    if (security == "bogus") answer.why_bogus = "signature expired";
    w.store.put({checks::common::validated(name, type), facts::Observed<facts::DnsAnswer>(answer), 1});
}

// example.com with one MX host, both addresses serving `s`, TLSA `tlsa` with `security`.
void mx_host(MailWorld& w, const std::string& host, const std::vector<std::string>& tlsa,
             const std::string& security = "secure", const facts::SmtpSession& s = session()) {
    w.dns(host, "A", {k_v4});
    w.dns(host, "AAAA", {k_v6});
    validated(w, host, "A", security == "bogus" ? "secure" : security, {k_v4});
    validated(w, "_25._tcp." + host, "TLSA", security, tlsa);
    w.store.put({facts::SmtpRequest{k_v4, 25, host}, facts::Observed<facts::SmtpSession>(s), 1});
    w.store.put({facts::SmtpRequest{k_v6, 25, host}, facts::Observed<facts::SmtpSession>(s), 1});
}

MailWorld one_mx(const std::vector<std::string>& tlsa, const std::string& security = "secure",
                 const facts::SmtpSession& s = session()) {
    MailWorld w("example.com");
    w.dns("example.com", "MX", {"10 " + k_mx});
    mx_host(w, k_mx, tlsa, security, s);
    return w;
}

std::vector<std::string> outcomes(const std::vector<checks::Finding>& findings) {
    std::vector<std::string> out;
    for (const auto& f : findings) out.push_back(std::string(checks::status_name(f.status)) + " " + f.outcome);
    return out;
}

}  // namespace

TEST_CASE("mail.dane: 3 1 1 + 2 1 1 matching on every address: pass, each MX and address named") {
    const auto findings = one_mx({"3 1 1 " + k_leaf_spki, "2 1 1 " + k_ca_spki}).run(check_dane);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].status == Status::pass);
    CHECK(findings[0].outcome == "dane-valid");
    CHECK(findings[0].subject == k_mx);
    CHECK(findings[0].summary.find("mx.example.com") != std::string::npos);
    CHECK(findings[0].summary.find("2 address(es)") != std::string::npos);
    CHECK(findings[0].evidence.at("addresses").size() == 2);
    CHECK(findings[0].evidence.at("addresses").at(1).at("address") == k_v6);
    CHECK(findings[0].evidence.at("addresses").at(0).at("result") == "match");
    CHECK(findings[0].evidence.at("tlsa_name") == "_25._tcp.mx.example.com");
}

TEST_CASE("mail.dane: a single record passes with the rollover note (RFC 7671 §8.1)") {
    auto findings = one_mx({"3 1 1 " + k_leaf_spki}).run(check_dane);
    CHECK(outcomes(findings) == std::vector<std::string>{"pass dane-valid", "info dane-no-rollover"});
    // DANE-TA alone also passes, with the name check done.
    findings = one_mx({"2 1 1 " + k_ca_spki}).run(check_dane);
    CHECK(outcomes(findings) == std::vector<std::string>{"pass dane-valid", "info dane-no-rollover"});
}

TEST_CASE("mail.dane: DANE-TA(2) needs the MX name, DANE-EE(3) does not (RFC 7672 §3.1, §3.2.2)") {
    facts::SmtpSession wrong_name = session();
    wrong_name.tls.name_matches = false;
    wrong_name.tls.verify_ok = false;
    CHECK(one_mx({"3 1 1 " + k_leaf_spki}, "secure", wrong_name).run(check_dane).at(0).outcome == "dane-valid");
    const auto findings = one_mx({"2 1 1 " + k_ca_spki}, "secure", wrong_name).run(check_dane);
    CHECK(findings.at(0).outcome == "dane-no-match");
    // An expired leaf: forgiven under DANE-EE(3) only.
    facts::SmtpSession expired = session();
    expired.tls.chain.at(0).not_after = test::k_test_now - test::k_day;
    CHECK(one_mx({"3 1 1 " + k_leaf_spki}, "secure", expired).run(check_dane).at(0).outcome == "dane-valid");
    CHECK(one_mx({"2 1 1 " + k_ca_spki}, "secure", expired).run(check_dane).at(0).outcome == "dane-no-match");
}

TEST_CASE("mail.dane: a secure CNAME of the MX host: the target's TLSA and name (RFC 7672 §2.2.2)") {
    MailWorld w("example.com");
    w.dns("example.com", "MX", {"10 " + k_mx});
    w.dns(k_mx, "A", {k_v4});
    w.dns(k_mx, "AAAA", {});
    facts::DnsAnswer a;
    a.rcode = "NOERROR";
    a.security = "secure";
    a.answer = {{k_mx, "CNAME", 300, "smtp.provider.example", {}}, {"smtp.provider.example", "A", 300, k_v4, {}}};
    w.store.put({checks::common::validated(k_mx, "A"), facts::Observed<facts::DnsAnswer>(a), 1});
    validated(w, "_25._tcp." + k_mx, "TLSA", "secure", {});
    validated(w, "_25._tcp.smtp.provider.example", "TLSA", "secure", {"2 1 1 " + k_ca_spki});
    facts::SmtpSession s = session();
    s.tls.name_matches = false;  // the certificate names the provider's host only
    s.tls.chain.at(0).san_dns = {"smtp.provider.example"};
    w.store.put({facts::SmtpRequest{k_v4, 25, k_mx}, facts::Observed<facts::SmtpSession>(s), 1});
    const auto findings = w.run(check_dane);
    CHECK(findings.at(0).outcome == "dane-valid");
    CHECK(findings.at(0).evidence.at("tlsa_name") == "_25._tcp.smtp.provider.example");
    CHECK(findings.at(0).evidence.at("cname_target") == "smtp.provider.example");
}

TEST_CASE("mail.dane: failures, each naming the MX host") {
    SUBCASE("a stale record on one address: fail naming it") {
        facts::SmtpSession new_key = session();
        new_key.tls.chain.at(0).spki_sha256 = k_other;
        MailWorld w = one_mx({"3 1 1 " + k_leaf_spki, "3 1 1 " + k_leaf_spki});
        w.store.put({facts::SmtpRequest{k_v6, 25, k_mx}, facts::Observed<facts::SmtpSession>(new_key), 1});
        const auto f = w.one(check_dane);
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "dane-no-match");
        CHECK(f.summary.find(k_v6) != std::string::npos);
        CHECK(f.summary.find(k_v4) == std::string::npos);
        CHECK(f.evidence.at("addresses").at(1).at("chain").at(0).at("spki_sha256") == k_other);
    }
    SUBCASE("TLSA in an unsigned zone: fail") {
        const auto f = one_mx({"3 1 1 " + k_leaf_spki}, "insecure").one(check_dane);
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "dane-tlsa-not-secure");
    }
    SUBCASE("a bogus TLSA answer: fail (DANE senders hold the mail, RFC 7672 §2.1.1)") {
        const auto f = one_mx({"3 1 1 " + k_leaf_spki}, "bogus").one(check_dane);
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "dane-tlsa-bogus");
        CHECK(f.summary.find("signature expired") != std::string::npos);
    }
    SUBCASE("only PKIX usages: unusable for SMTP (RFC 7672 §3.1.3)") {
        const auto f = one_mx({"1 1 1 " + k_leaf_spki, "0 1 1 " + k_ca_spki, "3 1 1 abcd"}).one(check_dane);
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "dane-no-usable-tlsa");
        CHECK(f.evidence.at("unusable").size() == 3);
        CHECK(f.evidence.at("unusable").at(0).at("reason").get<std::string>().find("7672") != std::string::npos);
    }
    SUBCASE("TLSA published but STARTTLS gone: fail") {
        facts::SmtpSession plain = session();
        plain.starttls_offered = false;
        plain.tls_attempted = false;
        plain.tls = {};
        const auto f = one_mx({"3 1 1 " + k_leaf_spki}, "secure", plain).one(check_dane);
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "dane-no-starttls");
        CHECK(f.evidence.at("addresses").at(0).at("result") == "STARTTLS not offered");
    }
}

TEST_CASE("mail.dane: no TLSA warns; nothing to judge; could not tell") {
    CHECK(outcomes(one_mx({}).run(check_dane)) == std::vector<std::string>{"warn dane-no-tlsa"});

    MailWorld null_mx("example.com");
    null_mx.dns("example.com", "MX", {"0 ."});
    CHECK(null_mx.one(check_dane).outcome == "no-mail-hosts");

    // Digests not recorded (facts saved before they existed): error, never a match or a fail.
    facts::SmtpSession old = session();
    old.tls.chain.at(0).spki_sha256 = "";
    const auto f = one_mx({"3 1 1 " + k_leaf_spki}, "secure", old).one(check_dane);
    CHECK(f.status == Status::error);
    CHECK(f.outcome == "dane-certificate-not-recorded");

    // An SMTP conversation that timed out: error for that MX host.
    MailWorld timeout = one_mx({"3 1 1 " + k_leaf_spki});
    timeout.store.put({facts::SmtpRequest{k_v4, 25, k_mx},
                       facts::Observed<facts::SmtpSession>(test::probe_error("timeout", "no greeting")), 1});
    CHECK(timeout.one(check_dane).status == Status::error);

    // A TLSA lookup that failed: error.
    MailWorld servfail = one_mx({"3 1 1 " + k_leaf_spki});
    servfail.store.put({checks::common::validated("_25._tcp." + k_mx, "TLSA"),
                        facts::Observed<facts::DnsAnswer>(test::probe_error("timeout", "validator")), 1});
    CHECK(servfail.one(check_dane).status == Status::error);
}

TEST_CASE("mail.dane: an MX host without addresses, and more than 10 MX hosts") {
    MailWorld w("example.com");
    w.dns("example.com", "MX", {"10 gone.example.com"});
    w.dns("gone.example.com", "A", {});
    w.dns("gone.example.com", "AAAA", {});
    validated(w, "gone.example.com", "A", "secure", {});
    validated(w, "_25._tcp.gone.example.com", "TLSA", "secure", {"3 1 1 " + k_leaf_spki});
    CHECK(w.one(check_dane).outcome == "dane-mx-no-address");

    MailWorld many("example.com");
    std::vector<std::string> mx;
    for (int i = 0; i < 12; ++i) mx.push_back(std::to_string(i) + " mx" + std::to_string(i) + ".example.com");
    many.dns("example.com", "MX", mx);
    for (int i = 0; i < 12; ++i) mx_host(many, "mx" + std::to_string(i) + ".example.com", {});
    const auto findings = many.run(check_dane);
    REQUIRE(findings.size() == 11);
    CHECK(findings.back().outcome == "dane-not-checked");
    CHECK(findings.back().summary.find("mx10.example.com, mx11.example.com") != std::string::npos);
}

TEST_CASE("mail.dane: asks for the TLSA sets with the MX addresses, then the SMTP conversations") {
    MailWorld w("example.com");
    w.dns("example.com", "MX", {"10 " + k_mx});
    const auto first = w.next_round(check_dane);
    CHECK(std::find(first.begin(), first.end(),
                    facts::request_key(checks::common::validated("_25._tcp." + k_mx, "TLSA"))) != first.end());
    CHECK(std::find(first.begin(), first.end(), MailWorld::key(k_mx, "AAAA")) != first.end());
}
