// mail.mta_sts: every outcome from recorded DNS, TLS and HTTP facts (RFC 8461).
#include <doctest/doctest.h>

#include <map>

#include "checks/mail/mta_sts_check.hpp"
#include "tests/unit/test_checks_mail_world.hpp"

using namespace osescan;
using namespace osescan::checks::mail;
using checks::Status;
using test::mail::MailWorld;

namespace {

constexpr const char* k_policy =
    "version: STSv1\r\nmode: enforce\r\nmx: mx1.example.com\r\nmx: *.backup.example.net\r\nmax_age: 604800\r\n";

struct StsWorld {
    MailWorld w{"example.com"};
    facts::TlsHandshake handshake;
    facts::HttpResponse response;

    StsWorld() {
        w.dns("example.com", "MX", {"10 mx1.example.com", "20 b1.backup.example.net"});
        w.dns("_mta-sts.example.com", "TXT", {"v=STSv1; id=20261206"});
        w.dns("mta-sts.example.com", "A", {"198.51.100.80"});
        w.nxdomain("mta-sts.example.com", "AAAA");
        w.dns("mx1.example.com", "A", {"198.51.100.25"}).nxdomain("mx1.example.com", "AAAA");
        w.dns("b1.backup.example.net", "A", {"203.0.113.25"}).nxdomain("b1.backup.example.net", "AAAA");
        mx_session("mx1.example.com", "198.51.100.25");
        mx_session("b1.backup.example.net", "203.0.113.25");
        handshake.accepted = true;
        handshake.version = "TLSv1.3";
        handshake.verify_ok = true;
        handshake.name_matches = true;
        facts::Certificate leaf;
        leaf.not_before = w.context.now - 86400;
        leaf.not_after = w.context.now + 86400 * 60;
        handshake.chain = {leaf};
        response.status = 200;
        response.headers = {{"Content-Type", "text/plain; charset=utf-8"}};
        response.body = k_policy;
    }
    // An MX conversation with STARTTLS and a certificate valid for the host (change it after).
    facts::SmtpSession& mx_session(const std::string& host, const std::string& address) {
        facts::SmtpSession session;
        session.starttls_offered = true;
        session.tls_attempted = true;
        session.tls = handshake_valid();
        sessions[host + "|" + address] = session;
        return sessions[host + "|" + address];
    }
    facts::TlsHandshake handshake_valid() const {
        facts::TlsHandshake h;
        h.accepted = true;
        h.verify_ok = true;
        h.name_matches = true;
        facts::Certificate leaf;
        leaf.not_before = w.context.now - 86400;
        leaf.not_after = w.context.now + 86400 * 60;
        h.chain = {leaf};
        return h;
    }
    std::map<std::string, facts::SmtpSession> sessions;
    facts::TlsRequest tls_request() const {
        facts::TlsRequest r;
        r.address = "198.51.100.80";
        r.sni = "mta-sts.example.com";
        r.alpn = {"http/1.1"};
        return r;
    }
    facts::HttpRequest http_request() const {
        return facts::HttpRequest{"https", "mta-sts.example.com",      "198.51.100.80",
                                  443,     "/.well-known/mta-sts.txt", "GET"};
    }
    void put_sessions() {
        for (const auto& [key, session] : sessions) {
            const std::string host = key.substr(0, key.find('|'));
            const std::string address = key.substr(key.find('|') + 1);
            w.store.put({facts::SmtpRequest{address, 25, host}, facts::Observed<facts::SmtpSession>(session), 1});
        }
    }
    checks::Finding one() {
        put_sessions();
        w.store.put({tls_request(), facts::Observed<facts::TlsHandshake>(handshake), 1});
        w.store.put({http_request(), facts::Observed<facts::HttpResponse>(response), 1});
        return w.one(check_mta_sts);
    }
    checks::Finding with_tls_error(const std::string& kind) {
        put_sessions();
        w.store.put({tls_request(), facts::Observed<facts::TlsHandshake>(facts::ProbeError{kind, "x"}), 1});
        w.store.put({http_request(), facts::Observed<facts::HttpResponse>(response), 1});
        return w.one(check_mta_sts);
    }
};

}  // namespace

TEST_CASE("mail.mta_sts outcomes from recorded facts") {
    SUBCASE("enforce, every MX covered (one exactly, one by a wildcard)") {
        StsWorld s;
        auto f = s.one();
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "sts-enforce");
        CHECK(f.evidence["mx_patterns"].size() == 2);
        CHECK(f.evidence["id"] == "20261206");
    }
    SUBCASE("the live scan asks the record, then the policy host, then the policy") {
        MailWorld w("example.com");
        w.dns("example.com", "MX", {"10 mx1.example.com"});
        CHECK(w.next_round(check_mta_sts) == std::vector<std::string>{MailWorld::key("_mta-sts.example.com", "TXT")});
    }
    SUBCASE("testing, mode none, no record") {
        StsWorld s;
        s.response.body =
            "version: STSv1\nmode: testing\nmx: mx1.example.com\nmx: *.backup.example.net\nmax_age: 86400\n";
        CHECK(s.one().outcome == "sts-testing");
        s.response.body = "version: STSv1\nmode: none\nmax_age: 86400\n";
        auto f = s.one();
        CHECK(f.status == Status::info);
        CHECK(f.outcome == "sts-mode-none");
        s.w.nxdomain("_mta-sts.example.com", "TXT");
        f = s.one();
        CHECK(f.status == Status::info);
        CHECK(f.outcome == "sts-none");
    }
    SUBCASE("an MX host the policy does not cover") {
        StsWorld s;
        s.w.dns("example.com", "MX", {"10 mx1.example.com", "20 a.b1.backup.example.net"});
        auto f = s.one();
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "sts-mx-not-covered");
        CHECK(f.summary.find("a.b1.backup.example.net") != std::string::npos);
    }
    SUBCASE("record problems") {
        StsWorld s;
        s.w.dns("_mta-sts.example.com", "TXT", {"v=STSv1; id=1", "v=STSv1; id=2"});
        CHECK(s.one().outcome == "sts-record-invalid");
        s.w.dns("_mta-sts.example.com", "TXT", {"v=STSv1; id=not-alnum"});
        auto f = s.one();
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "sts-record-invalid");
    }
    SUBCASE("policy host problems: each one makes the policy unavailable") {
        StsWorld s;
        s.handshake.verify_ok = false;
        s.handshake.verify_message = "unable to get local issuer certificate";
        auto f = s.one();
        CHECK(f.outcome == "sts-policy-unavailable");
        CHECK(f.summary.find("not trusted") != std::string::npos);
        s.handshake.verify_ok = true;
        s.handshake.name_matches = false;
        CHECK(s.one().summary.find("not valid for mta-sts.example.com") != std::string::npos);
        s.handshake.name_matches = true;
        s.handshake.chain[0].not_after = s.w.context.now - 1;
        CHECK(s.one().summary.find("expired") != std::string::npos);
        s.handshake.chain[0].not_after = s.w.context.now + 86400;
        s.response.status = 301;
        CHECK(s.one().summary.find("must not follow") != std::string::npos);
        s.response.status = 404;
        CHECK(s.one().outcome == "sts-policy-unavailable");
        s.response.status = 200;
        s.response.headers = {{"Content-Type", "text/html"}};
        CHECK(s.one().summary.find("text/plain") != std::string::npos);
        s.response.headers = {{"Content-Type", "text/plain"}};
        s.response.body_truncated = true;
        CHECK(s.one().outcome == "sts-policy-unavailable");
        s.response.body_truncated = false;
        s.handshake.accepted = false;
        s.handshake.failure = "alert: handshake failure";
        CHECK(s.one().outcome == "sts-policy-unavailable");
        CHECK(s.with_tls_error("connection-refused").outcome == "sts-policy-unavailable");
        CHECK(s.with_tls_error("timeout").status == Status::error);
        StsWorld no_address;
        no_address.w.nxdomain("mta-sts.example.com", "A");
        CHECK(no_address.one().summary.find("has no address") != std::string::npos);
    }
    SUBCASE("every MX host must offer STARTTLS with a certificate valid for its name (RFC 8461 §4.2)") {
        StsWorld s;
        s.sessions["mx1.example.com|198.51.100.25"].tls.name_matches = false;
        auto f = s.one();
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "sts-mx-tls-invalid");
        CHECK(f.summary.find("mx1.example.com [198.51.100.25]: certificate not valid for mx1.example.com") !=
              std::string::npos);
        s.sessions["mx1.example.com|198.51.100.25"].tls.name_matches = true;
        s.sessions["b1.backup.example.net|203.0.113.25"].starttls_offered = false;
        CHECK(s.one().summary.find("offers no STARTTLS") != std::string::npos);
        s.sessions["b1.backup.example.net|203.0.113.25"].starttls_offered = true;
        s.sessions["b1.backup.example.net|203.0.113.25"].tls.verify_ok = false;
        CHECK(s.one().summary.find("not trusted") != std::string::npos);
        s.sessions["b1.backup.example.net|203.0.113.25"].tls.verify_ok = true;
        s.sessions["b1.backup.example.net|203.0.113.25"].tls.chain[0].not_after = s.w.context.now - 1;
        CHECK(s.one().summary.find("expired") != std::string::npos);
        s.sessions["b1.backup.example.net|203.0.113.25"].tls.accepted = false;
        CHECK(s.one().summary.find("handshake after STARTTLS failed") != std::string::npos);
        // an MX we could not talk to: could not tell
        StsWorld unreachable;
        unreachable.sessions.clear();
        unreachable.mx_session("mx1.example.com", "198.51.100.25");
        unreachable.w.store.put({facts::SmtpRequest{"203.0.113.25", 25, "b1.backup.example.net"},
                                 facts::Observed<facts::SmtpSession>(facts::ProbeError{"timeout", "no greeting"}), 1});
        CHECK(unreachable.one().status == Status::error);
    }
    SUBCASE("an invalid policy") {
        StsWorld s;
        s.response.body = "version: STSv1\nmode: enforce\nmax_age: 86400\n";
        auto f = s.one();
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "sts-policy-invalid");
        CHECK(f.summary.find("no mx field") != std::string::npos);
    }
    SUBCASE("null MX: nothing to protect; DNS errors are errors") {
        StsWorld s;
        s.w.dns("example.com", "MX", {"0 ."});
        CHECK(s.one().status == Status::not_applicable);
        StsWorld broken;
        broken.w.error("_mta-sts.example.com", "TXT", "timeout");
        CHECK(broken.one().status == Status::error);
        StsWorld servfail;
        servfail.w.dns("mta-sts.example.com", "A", {}, "SERVFAIL");
        CHECK(servfail.one().status == Status::error);
    }
}
