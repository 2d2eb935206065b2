// mail.tls.*: the MX endpoints (which addresses, after STARTTLS, the 10-host bound), and the
// certificate trust and name rules for SMTP (opportunistic unless MTA-STS or DANE-TA requires
// them). That each check judges an MX as its web twin judges a web address is checked by the
// web tests themselves (tests/unit/mail_tls_fixtures.hpp).
#include <doctest/doctest.h>

#include "checks/mail/mail_tls_checks.hpp"
#include "tests/unit/checks_fixtures.hpp"
#include "tests/unit/mail_tls_fixtures.hpp"

using namespace osescan;
using checks::Status;
using test::MxWorld;

namespace {

const checks::Check& mail_check(const std::string& id) {
    const checks::Check* check = checks::find_check(id);
    REQUIRE(check != nullptr);
    return *check;
}

facts::TlsHandshake unverified(int code) {
    facts::TlsHandshake h = test::accepted_handshake();
    h.verify_ok = false;
    h.verify_code = code;
    h.verify_message = "verify error " + std::to_string(code);
    h.chain = {test::leaf_certificate("CN=mx.example.com"), test::intermediate_certificate()};
    return h;
}

facts::TlsHandshake wrong_name() {
    facts::TlsHandshake h = test::accepted_handshake();
    h.name_matches = false;
    return h;
}

// The domain publishes an MTA-STS policy (`mode`) whose mx pattern is `pattern`.
void publish_mta_sts(MxWorld& world, const std::string& mode, const std::string& pattern = "mx.example.com") {
    world.w.dns("_mta-sts.example.com", "TXT", {"v=STSv1; id=20261206"});
    world.w.dns("mta-sts.example.com", "A", {"198.51.100.80"});
    world.w.dns("mta-sts.example.com", "AAAA", {});
    facts::TlsRequest tls;
    tls.address = "198.51.100.80";
    tls.sni = "mta-sts.example.com";
    tls.alpn = {"http/1.1"};
    world.w.store.put({tls, facts::Observed<facts::TlsHandshake>(test::accepted_handshake()), 1});
    facts::HttpResponse response = test::http_response(200, {{"Content-Type", "text/plain"}});
    response.body = "version: STSv1\nmode: " + mode + "\nmx: " + pattern + "\nmax_age: 604800\n";
    world.w.store.put(
        {facts::HttpRequest{"https", "mta-sts.example.com", "198.51.100.80", 443, "/.well-known/mta-sts.txt", "GET"},
         facts::Observed<facts::HttpResponse>(response), 1});
}

constexpr const char* k_dane_ta = "2 1 1 8bd1da95272f7fa4ffb24137fc0ed03aae67e5c4d8b3c50734e1050a7920b922";
constexpr const char* k_dane_ee = "3 1 1 8bd1da95272f7fa4ffb24137fc0ed03aae67e5c4d8b3c50734e1050a7920b922";

}  // namespace

TEST_CASE("mail.tls.*: the MX endpoints every check shares") {
    const auto& checks = checks::mail::mail_tls_checks();
    REQUIRE(checks.size() == 13);
    for (const checks::Check& check : checks) {
        CAPTURE(check.info.id);
        CHECK(check.info.family == checks::Family::mail);
        CHECK(check.info.scored);

        // A null MX: nothing to judge.
        test::mail::MailWorld null_mx("example.com");
        null_mx.dns("example.com", "MX", {"0 ."});
        auto f = null_mx.one(check.run);
        CHECK(f.status == Status::not_applicable);
        CHECK(f.outcome == "no-mail-hosts");

        // No STARTTLS: not applicable, mail.starttls fails it (never a pass).
        facts::SmtpSession plain = test::starttls_session(test::accepted_handshake());
        plain.starttls_offered = false;
        plain.tls_attempted = false;
        plain.tls = {};
        f = MxWorld().session(plain).judge(check.run);
        CHECK(f.status == Status::not_applicable);
        CHECK(f.outcome == "no-starttls");
        CHECK(f.summary.find("mail.starttls") != std::string::npos);
        plain.starttls_offered = true;
        plain.starttls = {454, "454 4.7.0 TLS not available"};
        f = MxWorld().session(plain).judge(check.run);
        CHECK(f.outcome == "no-starttls");
        CHECK(f.summary.find("454 4.7.0") != std::string::npos);

        // The conversation did not complete: could not tell, with the server's words.
        f = MxWorld()
                .session(facts::ProbeError{facts::probe_error::smtp_temporary, "greeting: 421 4.7.0 try later"})
                .judge(check.run);
        CHECK(f.status == Status::error);
        CHECK(f.outcome == "probe-smtp-temporary");
        CHECK(f.summary.find("421 4.7.0") != std::string::npos);

        // An MX host without addresses, and the hosts beyond the first 10.
        test::mail::MailWorld many("example.com");
        std::vector<std::string> mx;
        for (int i = 0; i < 12; ++i) mx.push_back(std::to_string(i) + " mx" + std::to_string(i) + ".example.com");
        many.dns("example.com", "MX", mx);
        for (int i = 0; i < 12; ++i) {
            many.dns("mx" + std::to_string(i) + ".example.com", "A", {});
            many.dns("mx" + std::to_string(i) + ".example.com", "AAAA", {});
        }
        const auto findings = many.run(check.run);
        REQUIRE(findings.size() == 11);
        CHECK(test::mail::MailWorld::outcome_of(findings, "mx0.example.com") == "info mx-no-address");
        CHECK(test::mail::MailWorld::outcome_of(findings, "example.com") == "info mx-not-checked");
    }
}

TEST_CASE("mail.tls.*: the certificate comes from the SMTP conversation; no chain is an error") {
    for (const char* id : {"mail.tls.certificate.trust", "mail.tls.certificate.name", "mail.tls.certificate.validity",
                           "mail.tls.certificate.key", "mail.tls.certificate.signature"}) {
        CAPTURE(id);
        const checks::Check& check = mail_check(id);
        facts::TlsHandshake refused = test::refused_handshake("alert: handshake failure");
        auto f = MxWorld().handshake(refused).judge(check.run);
        CHECK(f.status == Status::error);
        CHECK(f.outcome == "handshake-refused");
        facts::TlsHandshake empty = test::accepted_handshake();
        empty.chain.clear();
        f = MxWorld().handshake(empty).judge(check.run);
        CHECK(f.outcome == "no-certificate");
    }
    MxWorld timeless;
    timeless.w.context.now = 0;
    CHECK(timeless.handshake(test::accepted_handshake())
              .run(mail_check("mail.tls.certificate.validity").run)[0]
              .outcome == "no-scan-time");
}

TEST_CASE("mail.tls.certificate.trust: info unless MTA-STS requires a trusted chain") {
    const checks::CheckFn trust = mail_check("mail.tls.certificate.trust").run;
    // One failure per reason, as tls.certificate.trust words it (explain()).
    const std::vector<std::pair<int, std::string>> reasons{{18, "self-signed"},     {19, "untrusted-root"},
                                                           {2, "issuer-not-found"}, {7, "bad-signature"},
                                                           {23, "revoked"},         {24, "invalid-ca"},
                                                           {26, "wrong-purpose"},   {10, "untrusted"}};
    for (const auto& [code, outcome] : reasons) {
        CAPTURE(outcome);
        auto f = MxWorld().handshake(unverified(code)).judge(trust);
        CHECK(f.status == Status::info);
        CHECK(f.outcome == outcome + "-opportunistic");
        CHECK(f.summary.find("info only") != std::string::npos);
        CHECK(f.evidence["pkix_required"] == false);

        for (const char* mode : {"enforce", "testing"}) {
            MxWorld sts;
            publish_mta_sts(sts, mode);
            f = sts.handshake(unverified(code)).judge(trust);
            CHECK(f.status == Status::fail);
            // Mode testing: senders report but deliver, so the fail does not block (RFC 8461 §5).
            CHECK(f.outcome == outcome + (std::string(mode) == "testing" ? "-testing" : ""));
            CHECK(checks::find_outcome(mail_check("mail.tls.certificate.trust").info, f.outcome)->blocking ==
                  (std::string(mode) == "enforce" &&
                   checks::find_outcome(mail_check("tls.certificate.trust").info, outcome)->blocking));
            CHECK(f.summary.find(std::string("MTA-STS policy of example.com (mode ") + mode) != std::string::npos);
            CHECK(f.evidence["pkix_required"] == true);
        }
    }
    SUBCASE("a policy that does not cover the MX, or mode none, requires nothing") {
        MxWorld other;
        publish_mta_sts(other, "enforce", "*.elsewhere.example");
        CHECK(other.handshake(unverified(18)).judge(trust).outcome == "self-signed-opportunistic");
        MxWorld none;
        publish_mta_sts(none, "none");
        CHECK(none.handshake(unverified(18)).judge(trust).outcome == "self-signed-opportunistic");
    }
    SUBCASE("DANE-TA does not require a public root (the chain to its anchor is mail.dane's)") {
        MxWorld dane;
        dane.tlsa({k_dane_ta});
        CHECK(dane.handshake(unverified(19)).judge(trust).outcome == "untrusted-root-opportunistic");
    }
    SUBCASE("the MTA-STS lookup fails: could not tell, never a pass") {
        MxWorld broken;
        broken.w.error("_mta-sts.example.com", "TXT", facts::probe_error::timeout);
        const auto f = broken.handshake(unverified(18)).judge(trust);
        CHECK(f.status == Status::error);
        CHECK(f.outcome == "probe-timeout");
    }
    SUBCASE("a trusted chain passes without looking at any policy") {
        MxWorld bare;
        bare.w.store = {};
        bare.w.dns("example.com", "MX", {"10 mx.example.com"});
        bare.w.dns("mx.example.com", "A", {test::k_mx_v4});
        bare.w.dns("mx.example.com", "AAAA", {});
        CHECK(bare.handshake(test::accepted_handshake()).judge(trust).outcome == "trusted");
    }
}

TEST_CASE("mail.tls.certificate.name: info unless DANE-TA or MTA-STS requires the MX name") {
    const checks::CheckFn name = mail_check("mail.tls.certificate.name").run;
    auto f = MxWorld().handshake(test::accepted_handshake()).judge(name);
    CHECK(f.outcome == "name-matches");
    CHECK(f.evidence["host"] == "mx.example.com");

    f = MxWorld().handshake(wrong_name()).judge(name);
    CHECK(f.status == Status::info);
    CHECK(f.outcome == "name-mismatch-opportunistic");

    MxWorld dane;
    dane.tlsa({k_dane_ta, k_dane_ee});
    f = dane.handshake(wrong_name()).judge(name);
    CHECK(f.status == Status::fail);
    CHECK(f.outcome == "name-mismatch");
    CHECK(f.summary.find("DANE-TA(2)") != std::string::npos);

    MxWorld sts;
    publish_mta_sts(sts, "enforce");
    f = sts.handshake(wrong_name()).judge(name);
    CHECK(f.outcome == "name-mismatch");
    CHECK(f.evidence["rule"].get<std::string>().find("RFC 8461") != std::string::npos);

    // Mode testing: a fail that does not block (senders deliver, RFC 8461 §5); DANE-TA still blocks.
    MxWorld testing;
    publish_mta_sts(testing, "testing");
    f = testing.handshake(wrong_name()).judge(name);
    CHECK(f.status == Status::fail);
    CHECK(f.outcome == "name-mismatch-testing");
    CHECK_FALSE(checks::find_outcome(mail_check("mail.tls.certificate.name").info, f.outcome)->blocking);
    publish_mta_sts(dane, "testing");
    CHECK(dane.handshake(wrong_name()).judge(name).outcome == "name-mismatch");

    // DANE-EE(3) alone requires no name (RFC 7672 §3.1.1); an unsigned DANE-TA counts for nothing.
    MxWorld ee;
    ee.tlsa({k_dane_ee});
    CHECK(ee.handshake(wrong_name()).judge(name).outcome == "name-mismatch-opportunistic");
    MxWorld insecure;
    insecure.tlsa({k_dane_ta}, "insecure");
    CHECK(insecure.handshake(wrong_name()).judge(name).outcome == "name-mismatch-opportunistic");
    MxWorld bogus;
    bogus.tlsa({k_dane_ta}, "bogus");
    CHECK(bogus.handshake(wrong_name()).judge(name).status == Status::error);
}

TEST_CASE("mail.tls.version: live rounds ask port 25 after STARTTLS with the MX name as SNI") {
    const checks::CheckFn version = mail_check("mail.tls.version").run;
    MxWorld world;
    world.handshake(test::accepted_handshake());
    const facts::TlsScanRequest request =
        checks::tls::scan_request(test::mx_endpoint(), facts::tls_scan_aspect::versions);
    CHECK(request.port == 25);
    CHECK(request.sni == "mx.example.com");
    CHECK(request.starttls == "smtp");
    CHECK(world.w.next_round(version) == std::vector<std::string>{facts::request_key(request)});
}
