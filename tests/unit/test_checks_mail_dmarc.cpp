// DMARC: the record parser (RFC 7489 examples and malformed records) and every outcome of
// mail.dmarc from recorded DNS facts, plus the lookups a live scan asks for.
#include <doctest/doctest.h>

#include "checks/mail/dmarc_check.hpp"
#include "checks/mail/dmarc_discovery.hpp"
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
    CHECK(p.record->retired_tags == std::vector<std::string>{"rf", "ri"});
    CHECK(p.record->unknown_tags == std::vector<std::string>{"future"});
}

TEST_CASE("mail dmarc parser: broken tag-lists make no record") {
    struct Bad {
        const char* text;
        size_t position;
    };
    for (const Bad& bad : {Bad{"", 0}, Bad{"v=DMARC2; p=none", 0}, Bad{"p=none; v=DMARC1", 0},
                           Bad{"v=dmarc1; p=none", 0}, Bad{"v=DMARC1; p=none; p=reject", 18},
                           Bad{"v=DMARC1; p=none; garbage", 18}, Bad{"v=DMARC1; p=none; v=DMARC1", 18},
                           Bad{"v=DMARC1; p=none; =x", 18}, Bad{"v=DMARC1; p=none; a-b=x", 18}}) {
        CAPTURE(bad.text);
        const DmarcParse p = parse_dmarc(bad.text);
        CHECK_FALSE(p.record.has_value());
        CHECK(p.error != "");
        CHECK(p.position == bad.position);
    }
    std::string big = "v=DMARC1; p=none";
    while (big.size() < 10000) big += "; x=y";
    CHECK(parse_dmarc(big).error == "record too long");
    CHECK(organizational_domain("sub.orgdmarc.example.co.uk") == "example.co.uk");
    CHECK(organizational_domain("a.b.example.com") == "example.com");
}

TEST_CASE("mail dmarc parser: RFC 9989 tags, and values discarded in favour of defaults (§4.7)") {
    DmarcParse p = parse_dmarc("v=DMARC1; p=reject; np=quarantine; psd=n; t=y");
    REQUIRE(p.record);
    CHECK(p.record->np == "quarantine");
    CHECK(p.record->psd == "n");
    CHECK(p.record->t == "y");
    CHECK(p.record->policy_problems.empty());
    // invalid p, sp, np: a policy problem (the record then counts as p=none or nothing)
    p = parse_dmarc("v=DMARC1; p=reject; np=invalid");
    REQUIRE(p.record);
    CHECK(p.record->policy_problems == std::vector<std::string>{"np=invalid is not none, quarantine or reject"});
    p = parse_dmarc("v=DMARC1; p=maybe; sp=x");
    REQUIRE(p.record);
    CHECK(p.record->policy_problems.size() == 2);
    CHECK_FALSE(p.record->p.has_value());
    p = parse_dmarc("v=DMARC1; rua=mailto:d@example.com");
    REQUIRE(p.record);
    CHECK(p.record->policy_problems == std::vector<std::string>{"no p= tag"});
    // t, psd, adkim, aspf, fo with bad values: discarded, the default stands
    p = parse_dmarc("v=DMARC1; p=reject; t=x; psd=x; adkim=x; aspf=q; fo=2");
    REQUIRE(p.record);
    CHECK(p.record->t == "n");
    CHECK(p.record->psd == "u");
    CHECK(p.record->adkim == "r");
    CHECK(p.record->fo == "0");
    REQUIRE(p.record->discarded.size() == 5);
    CHECK(p.record->discarded[0].tag == "t");
    CHECK(p.record->discarded[0].value == "x");
    // retired tags: tolerated and noted; pct still read for RFC 7489 receivers
    p = parse_dmarc("v=DMARC1; p=reject; pct=101; rf=xml; ri=abc");
    REQUIRE(p.record);
    CHECK(p.record->retired_tags == std::vector<std::string>{"pct", "rf", "ri"});
    CHECK_FALSE(p.record->pct.has_value());
    CHECK(p.record->discarded.size() == 1);
    // malformed report URIs are ignored, the record and its other URIs stand
    p = parse_dmarc("v=DMARC1; p=none; rua=dmarc@example.com, mailto:ok@example.com,mailto:x@,"
                    "mailto:a@b.example!x, mailto:\xc3\xa4@b.example,,1x:y");
    REQUIRE(p.record);
    REQUIRE(p.record->rua.size() == 1);
    CHECK(p.record->rua[0].uri == "mailto:ok@example.com");
    CHECK(p.record->invalid_uris.size() == 6);
    std::string many = "v=DMARC1; p=none; rua=";
    for (int i = 0; i < 40; ++i) many += "mailto:a@b.example,";
    many += "mailto:a@b.example";
    p = parse_dmarc(many);
    REQUIRE(p.record);
    CHECK(p.record->rua.size() == k_dmarc_max_uris);
    CHECK(p.record->invalid_uris.size() == 41 - k_dmarc_max_uris);
}

TEST_CASE("mail dmarc discovery: the RFC 9989 DNS tree walk") {
    CHECK(dmarc_tree_walk_names("example.com") == std::vector<std::string>{"com"});
    CHECK(dmarc_tree_walk_names("a.mail.example.com") ==
          std::vector<std::string>{"mail.example.com", "example.com", "com"});
    CHECK(dmarc_tree_walk_names("com").empty());
    // §4.10's example: 13 labels make 7 walk queries after the author domain (8 in all)
    const auto long_walk = dmarc_tree_walk_names("a.b.c.d.e.f.g.h.i.j.mail.example.com");
    REQUIRE(long_walk.size() == 7);
    CHECK(long_walk.front() == "g.h.i.j.mail.example.com");
    CHECK(long_walk.back() == "com");
    CHECK(dmarc_tree_walk_names("b.c.d.e.f.g.example.com").front() == "c.d.e.f.g.example.com");

    // §4.10.2 examples for a.mail.example.com
    auto walk = [](std::vector<std::vector<std::string>> records) {
        const std::vector<std::string> names{"mail.example.com", "example.com", "com"};
        std::vector<DmarcLevel> out;
        for (size_t i = 0; i < names.size(); ++i) out.push_back({names[i], records[i]});
        return out;
    };
    DmarcDiscovery d = discover_by_tree_walk("a.mail.example.com",
                                             walk({{"v=DMARC1; p=none"}, {"v=DMARC1; p=reject"}, {}}));
    CHECK(d.organizational_domain == "example.com");
    CHECK(d.record_domain == "example.com");
    CHECK(d.role == "organizational domain");
    CHECK(d.queried.size() == 3);
    d = discover_by_tree_walk("a.mail.example.com", walk({{"v=DMARC1; p=quarantine; psd=n"}, {"v=DMARC1; p=reject"}, {}}));
    CHECK(d.organizational_domain == "mail.example.com");
    CHECK(d.record_domain == "mail.example.com");
    CHECK(d.queried.size() == 1);  // stops at psd=n
    d = discover_by_tree_walk("a.mail.example.com", walk({{}, {}, {"v=DMARC1; p=reject; psd=y"}}));
    CHECK(d.organizational_domain == "example.com");
    CHECK(d.record_domain == "com");
    CHECK(d.role == "public suffix domain");
    // several records at one name, or one that does not parse, are discarded
    d = discover_by_tree_walk("a.mail.example.com",
                              walk({{"v=DMARC1; p=none", "v=DMARC1; p=reject"}, {"v=DMARC1; p=reject; p=none"}, {}}));
    CHECK_FALSE(d.record.has_value());
    CHECK(d.ignored.size() == 2);
}

namespace {
MailWorld dmarc_world(const std::string& record, const std::string& host = "example.com") {
    MailWorld w(host);
    w.dns(host, "MX", {"10 mx.example.com"});
    w.dns("_dmarc." + host, "TXT", {record});
    for (const std::string& parent : dmarc_tree_walk_names(host)) w.nxdomain("_dmarc." + parent, "TXT");
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
        CHECK(w.next_round(check_dmarc) == std::vector<std::string>{MailWorld::key("_dmarc.com", "TXT")});
        w.nxdomain("_dmarc.com", "TXT");
        auto missing = w.one(check_dmarc);
        CHECK(missing.outcome == "dmarc-missing");
        CHECK(missing.summary.find("tree walk (_dmarc.com)") != std::string::npos);
        auto f = dmarc_world("v=DMARC1; p=reject").dns("_dmarc.example.com", "TXT", {"v=DMARC1; p=reject", "v=DMARC1; p=none"})
                     .one(check_dmarc);
        CHECK(f.outcome == "dmarc-multiple");
        f = dmarc_world("v=DMARC1; p=reject; pct").one(check_dmarc);
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "dmarc-syntax-error");
        CHECK(f.evidence["position"] == 20);
        // other TXT records at _dmarc are not DMARC records
        CHECK(dmarc_world("v=spf1 -all").one(check_dmarc).outcome == "dmarc-missing");
    }
    SUBCASE("organizational domain fallback, with sp=") {
        MailWorld w("sub.orgdmarc.example.com");
        w.dns("sub.orgdmarc.example.com", "MX", {"10 mx.example.com"});
        w.nxdomain("_dmarc.sub.orgdmarc.example.com", "TXT");
        // RFC 9989 §4.10: every step of the tree walk, asked in one round
        CHECK(w.next_round(check_dmarc) ==
              std::vector<std::string>{MailWorld::key("_dmarc.com", "TXT"), MailWorld::key("_dmarc.example.com", "TXT"),
                                       MailWorld::key("_dmarc.orgdmarc.example.com", "TXT")});
        w.nxdomain("_dmarc.orgdmarc.example.com", "TXT").nxdomain("_dmarc.com", "TXT");
        w.dns("_dmarc.example.com", "TXT", {"v=DMARC1; p=reject; sp=none"});
        auto f = w.one(check_dmarc);
        CHECK(f.outcome == "dmarc-policy-none");
        CHECK(f.evidence["record_domain"] == "example.com");
        CHECK(f.evidence["discovery"]["found_at"] == "organizational domain");
        CHECK_FALSE(f.evidence["discovery"].contains("note"));
        w.dns("_dmarc.example.com", "TXT", {"v=DMARC1; p=reject"});
        CHECK(w.one(check_dmarc).outcome == "dmarc-enforced");
        // psd=n one level up makes orgdmarc.example.com the organizational domain, where the
        // Public Suffix List says example.com: the walk wins, and the evidence says so
        w.dns("_dmarc.orgdmarc.example.com", "TXT", {"v=DMARC1; p=quarantine; psd=n"});
        f = w.one(check_dmarc);
        CHECK(f.outcome == "dmarc-enforced");
        CHECK(f.evidence["record_domain"] == "orgdmarc.example.com");
        CHECK(f.evidence["discovery"]["organizational_domain"] == "orgdmarc.example.com");
        CHECK(f.evidence["discovery"]["organizational_domain_psl"] == "example.com");
        CHECK(f.evidence["discovery"]["note"].get<std::string>().find("tree walk was used") != std::string::npos);
        // an error on any step of the walk is an error, never "missing"
        w.error("_dmarc.com", "TXT", "timeout");
        CHECK(w.one(check_dmarc).status == Status::error);
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
    SUBCASE("RFC 9989 tags: np, psd and t validated; retired tags noted") {
        // an invalid np makes receivers act as if p=none when rua= has a valid URI ...
        auto f = dmarc_world("v=DMARC1; p=reject; np=invalid; rua=mailto:d@example.com").one(check_dmarc);
        CHECK(f.status == Status::warn);
        CHECK(f.outcome == "dmarc-policy-as-none");
        CHECK(f.summary.find("np=invalid") != std::string::npos);
        // ... and apply no DMARC at all without one
        f = dmarc_world("v=DMARC1; p=reject; np=invalid").one(check_dmarc);
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "dmarc-policy-unusable");
        CHECK(dmarc_world("v=DMARC1; rua=mailto:d@example.com").one(check_dmarc).outcome == "dmarc-policy-as-none");
        CHECK(dmarc_world("v=DMARC1; adkim=s").one(check_dmarc).outcome == "dmarc-policy-unusable");
        CHECK(dmarc_world("v=DMARC1; p=reject; sp=bogus").one(check_dmarc).outcome == "dmarc-policy-unusable");
        // psd=x and t=x are discarded for their defaults: never a pass
        f = dmarc_world("v=DMARC1; p=reject; psd=x").one(check_dmarc);
        CHECK(f.status == Status::warn);
        CHECK(f.outcome == "dmarc-values-discarded");
        CHECK(f.summary.find("psd=x") != std::string::npos);
        CHECK(dmarc_world("v=DMARC1; p=reject; t=x").one(check_dmarc).outcome == "dmarc-values-discarded");
        // t=y: one level less is applied
        f = dmarc_world("v=DMARC1; p=reject; t=y").one(check_dmarc);
        CHECK(f.outcome == "dmarc-test-mode");
        CHECK(f.evidence["effective_policy"] == "quarantine");
        CHECK(dmarc_world("v=DMARC1; p=reject; t=n; np=reject; psd=n").one(check_dmarc).outcome == "dmarc-enforced");
        // retired tags: tolerated and noted
        f = dmarc_world("v=DMARC1; p=reject; rf=afrf; ri=3600").one(check_dmarc);
        CHECK(f.outcome == "dmarc-enforced");
        CHECK(f.evidence["retired_tags"] == nlohmann::json::array({"rf", "ri"}));
        // a malformed report URI is ignored, the record stays valid
        f = dmarc_world("v=DMARC1; p=reject; rua=dmarc@example.com,mailto:d@example.com").one(check_dmarc);
        CHECK(f.status == Status::warn);
        CHECK(f.outcome == "dmarc-report-uri-invalid");
        CHECK(f.evidence["invalid_uris"][0]["value"] == "dmarc@example.com");
        // null MX with t=y is not a reject
        auto w = dmarc_world("v=DMARC1; p=reject; t=y");
        w.dns("example.com", "MX", {"0 ."});
        CHECK(w.one(check_dmarc).outcome == "dmarc-null-mx-not-reject");
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
