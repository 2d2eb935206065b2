// mail.starttls: every outcome from recorded SMTP facts (one conversation per MX address),
// the requests it asks for, and the bound of 10 MX hosts.
#include <doctest/doctest.h>

#include "checks/mail/starttls_check.hpp"
#include "tests/unit/test_checks_mail_world.hpp"

using namespace osescan;
using namespace osescan::checks::mail;
using checks::Status;
using test::mail::MailWorld;

namespace {

facts::SmtpSession session_with_starttls() {
    facts::SmtpSession s;
    s.greeting = {220, "220 mx.example.com ESMTP"};
    s.ehlo = {250, "250 mx.example.com\n250 SIZE 10240000\n250 STARTTLS"};
    s.extensions = {"SIZE 10240000", "STARTTLS"};
    s.starttls_offered = true;
    s.starttls = {220, "220 2.0.0 Ready to start TLS"};
    s.tls_attempted = true;
    s.tls.accepted = true;
    s.tls.version = "TLSv1.3";
    s.tls.cipher = "TLS_AES_256_GCM_SHA384";
    return s;
}

void smtp(MailWorld& w, const std::string& host, const std::string& address,
          facts::Observed<facts::SmtpSession> result) {
    w.store.put({facts::SmtpRequest{address, 25, host}, std::move(result), 1});
}

MailWorld one_mx(facts::Observed<facts::SmtpSession> v4, facts::Observed<facts::SmtpSession> v6) {
    MailWorld w("example.com");
    w.dns("example.com", "MX", {"10 mx.example.com"});
    w.dns("mx.example.com", "A", {"198.51.100.25"});
    w.dns("mx.example.com", "AAAA", {"2001:db8::25"});
    smtp(w, "mx.example.com", "198.51.100.25", std::move(v4));
    smtp(w, "mx.example.com", "2001:db8::25", std::move(v6));
    return w;
}

const std::string k_v4 = "mx.example.com [198.51.100.25]";
const std::string k_v6 = "mx.example.com [2001:db8::25]";

}  // namespace

TEST_CASE("mail.starttls: every address of every MX, each outcome") {
    auto findings = one_mx(session_with_starttls(), session_with_starttls()).run(check_starttls);
    REQUIRE(findings.size() == 2);
    CHECK(MailWorld::outcome_of(findings, k_v4) == "pass starttls-ok");
    CHECK(MailWorld::outcome_of(findings, k_v6) == "pass starttls-ok");
    CHECK(findings[0].summary.find("TLSv1.3") != std::string::npos);
    CHECK(findings[0].evidence["mx"] == "mx.example.com");
    CHECK(findings[0].evidence["address"] == "198.51.100.25");

    // The IPv6 address without STARTTLS fails although IPv4 passes: a sender may pick either.
    facts::SmtpSession plain = session_with_starttls();
    plain.ehlo = {250, "250 mx.example.com\n250 SIZE 10240000"};
    plain.extensions = {"SIZE 10240000"};
    plain.starttls_offered = false;
    plain.starttls = {};
    plain.tls_attempted = false;
    plain.tls = {};
    findings = one_mx(session_with_starttls(), plain).run(check_starttls);
    CHECK(MailWorld::outcome_of(findings, k_v4) == "pass starttls-ok");
    CHECK(MailWorld::outcome_of(findings, k_v6) == "fail starttls-not-offered");

    // No ESMTP at all: EHLO not recognised.
    facts::SmtpSession old = plain;
    old.ehlo = {502, "502 5.5.2 Error: command not recognized"};
    old.extensions = {};
    findings = one_mx(old, session_with_starttls()).run(check_starttls);
    CHECK(MailWorld::outcome_of(findings, k_v4) == "fail starttls-not-offered");
    const checks::Finding* no_esmtp = nullptr;
    for (const auto& f : findings)
        if (f.subject == k_v4) no_esmtp = &f;
    REQUIRE(no_esmtp);
    CHECK(no_esmtp->summary.find("does not speak ESMTP") != std::string::npos);

    facts::SmtpSession refused = session_with_starttls();
    refused.starttls = {502, "502 5.5.1 no"};
    refused.tls_attempted = false;
    refused.tls = {};
    findings = one_mx(refused, session_with_starttls()).run(check_starttls);
    CHECK(MailWorld::outcome_of(findings, k_v4) == "fail starttls-refused");

    facts::SmtpSession broken = session_with_starttls();
    broken.tls = {};
    broken.tls.accepted = false;
    broken.tls.failure = "alert: handshake failure";
    findings = one_mx(session_with_starttls(), broken).run(check_starttls);
    CHECK(MailWorld::outcome_of(findings, k_v6) == "fail starttls-handshake-failed");

    // Greylisting, a dropped connection: could not tell, with the server's words; never a fail.
    findings = one_mx(facts::ProbeError{facts::probe_error::smtp_temporary, "greeting: 421 4.7.0 try again later"},
                      facts::ProbeError{facts::probe_error::connection_reset, "closed"})
                   .run(check_starttls);
    CHECK(MailWorld::outcome_of(findings, k_v4) == "error probe-smtp-temporary");
    CHECK(MailWorld::outcome_of(findings, k_v6) == "error probe-connection-reset");
    for (const auto& f : findings)
        if (f.subject == k_v4) CHECK(f.summary.find("421 4.7.0 try again later") != std::string::npos);
}

TEST_CASE("mail.starttls: null MX, no address, lookups and the 10-host bound") {
    MailWorld null_mx("example.com");
    null_mx.dns("example.com", "MX", {"0 ."});
    auto f = null_mx.one(check_starttls);
    CHECK(f.status == Status::not_applicable);
    CHECK(f.outcome == "no-mail-hosts");

    MailWorld no_address("example.com");
    no_address.dns("example.com", "MX", {"10 mx.example.com"});
    no_address.dns("mx.example.com", "A", {});
    no_address.dns("mx.example.com", "AAAA", {});
    f = no_address.one(check_starttls);
    CHECK(f.status == Status::info);
    CHECK(f.outcome == "starttls-mx-no-address");

    MailWorld failing("example.com");
    failing.dns("example.com", "MX", {"10 mx.example.com"});
    failing.dns("mx.example.com", "A", {}, "SERVFAIL");
    failing.dns("mx.example.com", "AAAA", {});
    CHECK(failing.one(check_starttls).status == Status::error);

    // Live: MX first, then A/AAAA of the hosts, then one conversation per address.
    MailWorld w("example.com");
    CHECK(w.next_round(check_starttls) == std::vector<std::string>{MailWorld::key("example.com", "MX")});
    std::vector<std::string> mx;
    for (int i = 0; i < 12; ++i) mx.push_back(std::to_string(i) + " mx" + std::to_string(i) + ".example.com");
    w.dns("example.com", "MX", mx);
    CHECK(w.next_round(check_starttls).size() == 20);  // 10 hosts x A, AAAA
    for (int i = 0; i < 12; ++i) {
        const std::string host = "mx" + std::to_string(i) + ".example.com";
        w.dns(host, "A", {"198.51.100." + std::to_string(i + 1)});
        w.dns(host, "AAAA", {});
    }
    const auto smtp_round = w.next_round(check_starttls);
    REQUIRE(smtp_round.size() == 10);
    CHECK(smtp_round[0].rfind("smtp:198.51.100.", 0) == 0);
    for (int i = 0; i < 10; ++i) {
        const std::string host = "mx" + std::to_string(i) + ".example.com";
        smtp(w, host, "198.51.100." + std::to_string(i + 1), session_with_starttls());
    }
    const auto findings = w.run(check_starttls);
    REQUIRE(findings.size() == 11);
    CHECK(findings.back().outcome == "starttls-not-checked");
    CHECK(findings.back().status == Status::info);
    CHECK(findings.back().evidence["not_checked"] == nlohmann::json{"mx10.example.com", "mx11.example.com"});
}
