// DMARC: the record parser (RFC 7489 examples and malformed records) and every outcome of
// mail.dmarc from recorded DNS facts, plus the lookups a live scan asks for.
#include <doctest/doctest.h>

#include "checks/mail/dmarc_check.hpp"
#include "checks/mail/dmarc_record.hpp"
#include "checks/mail/organizational_domain.hpp"
#include "tests/unit/test_checks_mail_world.hpp"

using namespace osescan;
using namespace osescan::checks::mail;
using checks::Status;
using test::mail::MailWorld;

TEST_CASE("mail dmarc parser: RFC 7489 appendix B examples") {
    DmarcParse p = parse_dmarc("v=DMARC1; p=none; rua=mailto:dmarc-feedback@example.com");
    REQUIRE(p.record);
    CHECK(p.record->p == "none");
    REQUIRE(p.record->rua.size() == 1);
    CHECK(p.record->rua[0].mailto_domain == "example.com");
    p = parse_dmarc("v=DMARC1; p=none; rua=mailto:dmarc-feedback@example.com; "
                    "ruf=mailto:auth-reports@thirdparty.example.net");
    REQUIRE(p.record);
    CHECK(p.record->ruf.at(0).mailto_domain == "thirdparty.example.net");
    p = parse_dmarc("v=DMARC1; p=quarantine; rua=mailto:dmarc-feedback@example.com,"
                    "mailto:tld-test@thirdparty.example.net!10m; pct=25");
    REQUIRE(p.record);
    CHECK(p.record->pct == 25);
    CHECK(p.record->rua.size() == 2);
    CHECK(p.record->rua[1].uri == "mailto:tld-test@thirdparty.example.net");
    p = parse_dmarc("v = DMARC1 ;p=Reject;sp=none;adkim=s;aspf=r;fo=0:1:d:s;rf=afrf;ri=3600;future=x;");
    REQUIRE(p.record);
    CHECK(p.record->p == "reject");
    CHECK(p.record->sp == "none");
    CHECK(p.record->adkim == "s");
    CHECK(p.record->ri == 3600);
    CHECK(p.record->unknown_tags == std::vector<std::string>{"future"});
}

TEST_CASE("mail dmarc parser: malformed records") {
    struct Bad {
        const char* text;
        size_t position;
    };
    for (const Bad& bad : {Bad{"", 0}, Bad{"v=DMARC2; p=none", 0}, Bad{"p=none; v=DMARC1", 0},
                           Bad{"v=dmarc1; p=none", 0}, Bad{"v=DMARC1; p=maybe", 10},
                           Bad{"v=DMARC1; p=none; p=reject", 18}, Bad{"v=DMARC1; p=none; pct=101", 18},
                           Bad{"v=DMARC1; p=none; pct=-1", 18}, Bad{"v=DMARC1; p=none; adkim=x", 18},
                           Bad{"v=DMARC1; p=none; fo=2", 18}, Bad{"v=DMARC1; p=none; rua=dmarc@example.com", 18},
                           Bad{"v=DMARC1; p=none; rua=mailto:x@", 18}, Bad{"v=DMARC1; p=none; rua=mailto:a@b.example!x", 18},
                           Bad{"v=DMARC1; p=none; garbage", 18}, Bad{"v=DMARC1; p=none; v=DMARC1", 18},
                           Bad{"v=DMARC1; p=none; rua=mailto:\xc3\xa4@b.example", 18},
                           Bad{"v=DMARC1; p=none; rua=,", 18}}) {
        CAPTURE(bad.text);
        const DmarcParse p = parse_dmarc(bad.text);
        CHECK_FALSE(p.record.has_value());
        CHECK(p.error != "");
        CHECK(p.position == bad.position);
    }
    std::string big = "v=DMARC1; p=none";
    while (big.size() < 10000) big += "; x=y";
    CHECK(parse_dmarc(big).error == "record too long");
    std::string many = "v=DMARC1; p=none; rua=";
    for (int i = 0; i < 40; ++i) many += "mailto:a@b.example,";
    many += "mailto:a@b.example";
    CHECK(parse_dmarc(many).error == "rua=: too many URIs");
    CHECK(organizational_domain("sub.orgdmarc.example.co.uk") == "example.co.uk");
    CHECK(organizational_domain("a.b.example.com") == "example.com");
}

namespace {
MailWorld dmarc_world(const std::string& record, const std::string& host = "example.com") {
    MailWorld w(host);
    w.dns(host, "MX", {"10 mx.example.com"});
    w.dns("_dmarc." + host, "TXT", {record});
    return w;
}
}  // namespace

TEST_CASE("mail.dmarc outcomes from recorded facts") {
    SUBCASE("reject and quarantine pass, none warns, pct < 100 warns") {
        auto f = dmarc_world("v=DMARC1; p=reject").one(check_dmarc);
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "dmarc-enforced");
        CHECK(dmarc_world("v=DMARC1; p=quarantine").one(check_dmarc).status == Status::pass);
        f = dmarc_world("v=DMARC1; p=none").one(check_dmarc);
        CHECK(f.status == Status::warn);
        CHECK(f.outcome == "dmarc-policy-none");
        f = dmarc_world("v=DMARC1; p=reject; pct=50").one(check_dmarc);
        CHECK(f.status == Status::warn);
        CHECK(f.outcome == "dmarc-pct-partial");
    }
    SUBCASE("missing, multiple, invalid") {
        MailWorld w;
        w.dns("example.com", "MX", {"10 mx.example.com"}).nxdomain("_dmarc.example.com", "TXT");
        CHECK(w.one(check_dmarc).outcome == "dmarc-missing");
        auto f = dmarc_world("v=DMARC1; p=reject").dns("_dmarc.example.com", "TXT", {"v=DMARC1; p=reject", "v=DMARC1; p=none"})
                     .one(check_dmarc);
        CHECK(f.outcome == "dmarc-multiple");
        f = dmarc_world("v=DMARC1; p=reject; pct=x").one(check_dmarc);
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "dmarc-syntax-error");
        CHECK(f.evidence["position"] == 20);
        CHECK(dmarc_world("v=DMARC1; rua=mailto:d@example.com").one(check_dmarc).outcome == "dmarc-no-policy");
        // other TXT records at _dmarc are not DMARC records
        CHECK(dmarc_world("v=spf1 -all").one(check_dmarc).outcome == "dmarc-missing");
    }
    SUBCASE("organizational domain fallback, with sp=") {
        MailWorld w("sub.orgdmarc.example.com");
        w.dns("sub.orgdmarc.example.com", "MX", {"10 mx.example.com"});
        w.nxdomain("_dmarc.sub.orgdmarc.example.com", "TXT");
        CHECK(w.next_round(check_dmarc) == std::vector<std::string>{MailWorld::key("_dmarc.example.com", "TXT")});
        w.dns("_dmarc.example.com", "TXT", {"v=DMARC1; p=reject; sp=none"});
        auto f = w.one(check_dmarc);
        CHECK(f.outcome == "dmarc-policy-none");
        CHECK(f.evidence["record_domain"] == "example.com");
        w.dns("_dmarc.example.com", "TXT", {"v=DMARC1; p=reject"});
        CHECK(w.one(check_dmarc).outcome == "dmarc-enforced");
    }
    SUBCASE("external report destinations (RFC 7489 §7.1)") {
        auto w = dmarc_world("v=DMARC1; p=reject; rua=mailto:r@example.com,mailto:r@reports.example.net; "
                             "ruf=mailto:f@sub.example.com");
        CHECK(w.next_round(check_dmarc) ==
              std::vector<std::string>{MailWorld::key("example.com._report._dmarc.reports.example.net", "TXT")});
        w.nxdomain("example.com._report._dmarc.reports.example.net", "TXT");
        auto f = w.one(check_dmarc);
        CHECK(f.status == Status::warn);
        CHECK(f.outcome == "dmarc-report-unauthorised");
        w.dns("example.com._report._dmarc.reports.example.net", "TXT", {"v=DMARC1"});
        CHECK(w.one(check_dmarc).outcome == "dmarc-enforced");
        w.error("example.com._report._dmarc.reports.example.net", "TXT", "timeout");
        CHECK(w.one(check_dmarc).status == Status::error);
    }
    SUBCASE("null MX expects p=reject") {
        auto w = dmarc_world("v=DMARC1; p=reject");
        w.dns("example.com", "MX", {"0 ."});
        CHECK(w.one(check_dmarc).outcome == "dmarc-null-mx-reject");
        w.dns("_dmarc.example.com", "TXT", {"v=DMARC1; p=quarantine"});
        CHECK(w.one(check_dmarc).outcome == "dmarc-null-mx-not-reject");
        CHECK(w.one(check_dmarc).status == Status::fail);
    }
    SUBCASE("probe errors") {
        auto w = dmarc_world("v=DMARC1; p=reject");
        w.error("_dmarc.example.com", "TXT", "timeout");
        CHECK(w.one(check_dmarc).outcome == "probe-timeout");
    }
    SUBCASE("SERVFAIL is an error, never 'no record'") {
        auto w = dmarc_world("v=DMARC1; p=reject");
        w.dns("_dmarc.example.com", "TXT", {}, "SERVFAIL");
        const auto f = w.one(check_dmarc);
        CHECK(f.status == Status::error);
        CHECK(f.summary.find("SERVFAIL") != std::string::npos);
    }
}
