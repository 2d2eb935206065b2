#pragma once
// The mail.tls.* twins of the web tls checks in the unit tests: one MX host (mx.example.com,
// 198.51.100.25) of example.com that serves, after STARTTLS, what a web test gives its web
// address. The web tests' helpers (judge_server, the certificate tests' judge) run the mail
// twin on the same facts and compare: same criteria, same outcome (trust and name: the info
// twin, as no MTA-STS policy or DANE-TA record requires them here).

#include <string>

#include "checks/common/tls_endpoints.hpp"
#include "checks/registry.hpp"
#include "checks/tls/tls_scan_view.hpp"
#include "tests/unit/test_checks_mail_world.hpp"

namespace osescan::test {

inline constexpr const char* k_mx_host = "mx.example.com";
inline constexpr const char* k_mx_v4 = "198.51.100.25";
inline const std::string k_mx_subject = "mx.example.com [198.51.100.25]";

// The mail.* twin of a registered web check ("tls.ciphers" -> "mail.tls.ciphers"); nullptr
// for a web check without one (tls.post_quantum, tls.fallback_scsv, ...).
inline const checks::Check* mail_twin_of(checks::CheckFn web) {
    for (const checks::Check& check : checks::all_checks())
        if (check.run == web && check.info.id.substr(0, 4) == "tls.")
            return checks::find_check("mail." + std::string(check.info.id));
    return nullptr;
}

inline checks::common::TlsEndpoint mx_endpoint(const std::string& host = k_mx_host,
                                               const std::string& address = k_mx_v4) {
    return {address, 25, host, "smtp", host + " [" + address + "]", host + " [" + address + "]:25"};
}

inline facts::SmtpSession starttls_session(facts::TlsHandshake tls) {
    facts::SmtpSession s;
    s.greeting = {220, "220 mx.example.com ESMTP"};
    s.ehlo = {250, "250 mx.example.com\n250 STARTTLS"};
    s.extensions = {"STARTTLS"};
    s.starttls_offered = true;
    s.starttls = {220, "220 2.0.0 Ready to start TLS"};
    s.tls_attempted = true;
    s.tls = std::move(tls);
    return s;
}

// example.com with one MX host and no MTA-STS or TLSA records (opportunistic TLS).
struct MxWorld {
    mail::MailWorld w{"example.com"};

    MxWorld() {
        w.dns("example.com", "MX", {std::string("10 ") + k_mx_host});
        w.dns(k_mx_host, "A", {k_mx_v4});
        w.dns(k_mx_host, "AAAA", {});
        w.dns("_mta-sts.example.com", "TXT", {});
        tlsa({}, "insecure", "NXDOMAIN");
    }
    MxWorld& session(facts::Observed<facts::SmtpSession> s, const std::string& host = k_mx_host,
                     const std::string& address = k_mx_v4) {
        w.store.put({facts::SmtpRequest{address, 25, host}, std::move(s), 1});
        return *this;
    }
    MxWorld& handshake(facts::TlsHandshake h) { return session(starttls_session(std::move(h))); }
    // The validated TLSA answer at _25._tcp.<host>.
    MxWorld& tlsa(const std::vector<std::string>& records, const std::string& security = "secure",
                  const std::string& rcode = "NOERROR", const std::string& host = k_mx_host) {
        const std::string name = "_25._tcp." + host;
        facts::DnsAnswer answer;
        answer.rcode = rcode;
        answer.security = security;
        for (const std::string& r : records) answer.answer.push_back({name, "TLSA", 300, r, {}});
        w.store.put({facts::DnsRequest{name, "TLSA", facts::DnsVia::validator, {}},
                     facts::Observed<facts::DnsAnswer>(answer), 1});
        return *this;
    }
    MxWorld& scan(const facts::TlsScanRequest& request, facts::Observed<facts::TlsScan> result) {
        w.store.put({request, std::move(result), 1});
        return *this;
    }
    std::vector<checks::Finding> run(checks::CheckFn check) const { return w.run(check); }
    // The one finding about the MX address.
    checks::Finding judge(checks::CheckFn check) const {
        const auto findings = run(check);
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].subject == k_mx_subject);
        return findings[0];
    }
};

// The outcome the mail twin concludes for what gave the web check `web` (trust and name
// failures: their info twin, nothing requiring them here).
inline std::string expected_mail_outcome(const checks::Finding& web) {
    const bool pkix = web.check_id == "tls.certificate.trust" || web.check_id == "tls.certificate.name";
    return pkix && web.status == checks::Status::fail ? web.outcome + "-opportunistic" : web.outcome;
}

// Runs the mail twin of `web_check` on an MX world `world` and compares it with the web finding.
inline void check_mail_twin(checks::CheckFn web_check, const MxWorld& world, const checks::Finding& web) {
    const checks::Check* twin = mail_twin_of(web_check);
    if (!twin) return;
    const checks::Finding mail = world.judge(twin->run);
    CHECK(mail.check_id == twin->info.id);
    CHECK(mail.outcome == expected_mail_outcome(web));
    if (mail.outcome == web.outcome) CHECK(mail.status == web.status);
    else CHECK(mail.status == checks::Status::info);
}

// The certificate tests: the MX serves `handshake` after STARTTLS.
inline void check_mail_certificate_twin(checks::CheckFn web_check, facts::Observed<facts::TlsHandshake> handshake,
                                        const checks::Finding& web, int64_t now = 1750000000) {
    MxWorld world;
    world.w.context.now = now;
    if (handshake.ok()) world.handshake(handshake.value());
    else world.session(facts::Observed<facts::SmtpSession>(handshake.error()));
    check_mail_twin(web_check, world, web);
}

}  // namespace osescan::test
