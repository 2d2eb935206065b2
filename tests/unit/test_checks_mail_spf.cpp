// SPF: the record parser (RFC 7208 examples and malformed records) and every outcome of
// mail.spf judged from recorded DNS facts, plus the lookup rounds of a live scan.
#include <doctest/doctest.h>

#include "checks/mail/spf_check.hpp"
#include "checks/mail/spf_record.hpp"
#include "tests/unit/test_checks_mail_world.hpp"

using namespace osescan;
using namespace osescan::checks::mail;
using checks::Status;
using test::mail::MailWorld;

TEST_CASE("mail spf parser: RFC 7208 examples") {
    // RFC 7208 §A.1-A.4 style records
    for (const char* text : {"v=spf1 +all", "v=spf1 a -all", "v=spf1 a:example.org -all", "v=spf1 mx -all",
                             "v=spf1 mx:example.org -all", "v=spf1 mx mx:example.org -all", "v=spf1 mx/30 -all",
                             "v=spf1 mx/30 mx:example.org/30 -all", "v=spf1 ptr -all", "v=spf1 ip4:192.0.2.128/28 -all",
                             "v=spf1 include:example.com include:example.net -all",
                             "v=spf1 redirect=_spf.example.com", "v=spf1 exists:%{ir}.%{l1r+-}._spf.%{d} -all",
                             "v=spf1 -include:ip4._spf.%{d} -include:ptr._spf.%{d} +all",
                             "v=spf1 ip6:2001:db8::/32 ~all", "v=spf1 a//64 a/24//64 ?all", "v=spf1",
                             "V=SPF1 MX -ALL", "v=spf1 -all exp=explain._spf.%{d}", "v=spf1 foo=bar -all"}) {
        CAPTURE(text);
        const SpfParse p = parse_spf(text);
        CHECK(p.record.has_value());
        CHECK(p.error == "");
    }
    const SpfParse p = parse_spf("v=spf1 ~mx:example.org/30//64 ip4:10.0.0.0/8 -all redirect=other.example exp=x.example");
    REQUIRE(p.record);
    const SpfRecord& r = *p.record;
    REQUIRE(r.mechanisms.size() == 3);
    CHECK(r.mechanisms[0].qualifier == SpfQualifier::softfail);
    CHECK(r.mechanisms[0].kind == SpfMechanismKind::mx);
    CHECK(r.mechanisms[0].domain_spec == "example.org");
    CHECK(r.mechanisms[0].cidr4 == 30);
    CHECK(r.mechanisms[0].cidr6 == 64);
    CHECK(r.mechanisms[1].kind == SpfMechanismKind::ip4);
    CHECK(r.mechanisms[1].network == "10.0.0.0");
    CHECK(r.mechanisms[1].cidr4 == 8);
    CHECK(r.mechanisms[2].qualifier == SpfQualifier::fail);
    CHECK(r.redirect == "other.example");
    CHECK(r.exp == "x.example");
}

TEST_CASE("mail spf parser: malformed records are rejected with a position") {
    struct Bad {
        const char* text;
        size_t position;
    };
    for (const Bad& bad : {Bad{"", 0}, Bad{"v=spf10 -all", 0}, Bad{"spf1 -all", 0}, Bad{"v=spf1 ip4:0.0.0.0/33", 7},
                           Bad{"v=spf1 ip4:300.1.1.1", 7}, Bad{"v=spf1 ip6:2001:db8::/129", 7},
                           Bad{"v=spf1 a/", 7}, Bad{"v=spf1 a/024", 7}, Bad{"v=spf1 include:", 7},
                           Bad{"v=spf1 include", 7}, Bad{"v=spf1 exists:%{ir", 7}, Bad{"v=spf1 exists:%{x}.example", 7},
                           Bad{"v=spf1 exists:%a.example", 7}, Bad{"v=spf1 include:example", 7},
                           Bad{"v=spf1 include:example.123", 7}, Bad{"v=spf1 all:foo", 7}, Bad{"v=spf1 -foo", 7},
                           Bad{"v=spf1 -all redirect=a.example redirect=b.example", 31},
                           Bad{"v=spf1 include:ex\xc3\xa4mple.com -all", 7}, Bad{"v=spf1 mx:exa mple.com", 7}}) {
        CAPTURE(bad.text);
        const SpfParse p = parse_spf(bad.text);
        CHECK_FALSE(p.record.has_value());
        CHECK(p.error != "");
        CHECK(p.position == bad.position);
    }
    // 10k-character record: parsed (it is within the bound), and the term bound holds.
    std::string big = "v=spf1";
    while (big.size() < 10000) big += " ip4:10.0.0.1";
    CHECK(parse_spf(big).record.has_value() == false);  // more than 512 terms
    CHECK(parse_spf(big).error == "too many terms");
    std::string huge = "v=spf1 " + std::string(20000, 'a');
    CHECK(parse_spf(huge).error == "record too long");
}

TEST_CASE("mail spf parser: macros (RFC 7208 §7)") {
    CHECK(macro_string_error("%{s}%{l}%{o}%{d4r}%{i}%{p}%{h}%{v}%%%_%-") == "");
    CHECK(macro_string_error("%{d2r.-+,/_=}") == "");
    CHECK(macro_string_error("%{c}") != "");
    CHECK(macro_string_error("%{c} %{r} %{t}", true) == "");
    CHECK(macro_string_error("%{d") == "unterminated macro at offset 0");
    CHECK(macro_string_error("%") == "lone \"%\" at the end");
    CHECK(macro_string_error("%{}") != "");
    CHECK(macro_string_error("%{d1234}") != "");
    CHECK(domain_spec_error("%{d}") == "");
    CHECK(domain_spec_error("_spf.%{d}.example.com.") == "");
    CHECK(domain_spec_error("localhost") != "");
    CHECK(is_spf_record("v=spf1"));
    CHECK(is_spf_record("v=spf1 -all"));
    CHECK_FALSE(is_spf_record("v=spf1-all"));
    CHECK_FALSE(is_spf_record("v=spf2.0/pra -all"));
}

namespace {
MailWorld spf_world(const std::string& record) {
    MailWorld w;
    w.dns("example.com", "MX", {"10 mx.example.com"});
    w.dns("example.com", "TXT", {record, "google-site-verification=abc"});
    return w;
}
}  // namespace

TEST_CASE("mail.spf outcomes from recorded facts") {
    SUBCASE("-all passes") {
        auto w = spf_world("v=spf1 ip4:198.51.100.0/24 -all");
        auto f = w.one(check_spf);
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "spf-hardfail");
        CHECK(f.evidence["lookups"] == 0);
    }
    SUBCASE("~all passes with a note") {
        auto f = spf_world("v=spf1 ip4:198.51.100.0/24 ~all").one(check_spf);
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "spf-softfail");
    }
    SUBCASE("+all and ?all fail") {
        CHECK(spf_world("v=spf1 +all").one(check_spf).outcome == "spf-plus-all");
        CHECK(spf_world("v=spf1 all").one(check_spf).status == Status::fail);
        CHECK(spf_world("v=spf1 ip4:198.51.100.1 ?all").one(check_spf).outcome == "spf-neutral-all");
    }
    SUBCASE("no all and no redirect fails") {
        auto f = spf_world("v=spf1 ip4:198.51.100.1").one(check_spf);
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "spf-no-all");
    }
    SUBCASE("missing, multiple, syntax error") {
        MailWorld w;
        w.dns("example.com", "MX", {"10 mx.example.com"}).dns("example.com", "TXT", {"hello"});
        CHECK(w.one(check_spf).outcome == "spf-missing");
        CHECK(spf_world("v=spf1 -all").dns("example.com", "TXT", {"v=spf1 -all", "v=spf1 mx -all"})
                  .one(check_spf).outcome == "spf-multiple");
        auto f = spf_world("v=spf1 ip4:1.2.3.4/40 -all").one(check_spf);
        CHECK(f.outcome == "spf-syntax-error");
        CHECK(f.evidence["position"] == 7);
    }
    SUBCASE("TXT strings of one record are concatenated without spaces (§3.3)") {
        MailWorld w;
        w.dns("example.com", "MX", {"10 mx.example.com"});
        w.txt_parts("example.com", {{"v=spf1 ip4:198.51.100.1 ", "-all"}});
        CHECK(w.one(check_spf).outcome == "spf-hardfail");
        w.txt_parts("example.com", {{"v=spf1 ip4:198.51.100.1", "-all"}});  // "...1-all": invalid
        CHECK(w.one(check_spf).outcome == "spf-syntax-error");
    }
    SUBCASE("wide ranges authorise everything, also through includes") {
        CHECK(spf_world("v=spf1 ip4:0.0.0.0/0 -all").one(check_spf).outcome == "spf-authorises-everything");
        CHECK(spf_world("v=spf1 ip4:10.0.0.0/7 -all").one(check_spf).outcome == "spf-authorises-everything");
        CHECK(spf_world("v=spf1 ip4:10.0.0.0/8 -all").one(check_spf).outcome == "spf-hardfail");
        CHECK(spf_world("v=spf1 ip6:2000::/3 -all").one(check_spf).outcome == "spf-authorises-everything");
        CHECK(spf_world("v=spf1 -ip4:0.0.0.0/0 -all").one(check_spf).outcome == "spf-hardfail");
        auto w = spf_world("v=spf1 include:wide.example -all");
        w.dns("wide.example", "TXT", {"v=spf1 ip4:0.0.0.0/1 +all"});
        auto f = w.one(check_spf);
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "spf-authorises-everything");
        CHECK(f.evidence["problems"].size() == 2);
    }
    SUBCASE("ptr warns") {
        auto f = spf_world("v=spf1 ptr -all").one(check_spf);
        CHECK(f.status == Status::warn);
        CHECK(f.outcome == "spf-ptr");
    }
    SUBCASE("lookup budget counted recursively") {
        auto w = spf_world("v=spf1 include:a.example include:b.example -all");
        w.dns("a.example", "TXT", {"v=spf1 a mx include:c.example ~all"});
        w.dns("a.example", "A", {"198.51.100.1"}).dns("a.example", "AAAA", {});
        w.dns("a.example", "MX", {"10 mx.a.example"});
        w.dns("b.example", "TXT", {"v=spf1 exists:%{i}.b.example ip4:198.51.100.0/24 -all"});
        w.dns("c.example", "TXT", {"v=spf1 a:x.example a:y.example a:z.example a:w.example -all"});
        for (const char* n : {"x.example", "y.example", "z.example", "w.example"})
            w.dns(n, "A", {"198.51.100.9"}).dns(n, "AAAA", {});
        auto f = w.one(check_spf);
        CHECK(f.evidence["lookups"] == 10);  // 2 + 3 + 1 + 4
        CHECK(f.outcome == "spf-hardfail");
        w.dns("c.example", "TXT", {"v=spf1 a:x.example a:y.example a:z.example a:w.example a -all"});
        w.dns("c.example", "A", {"198.51.100.3"}).dns("c.example", "AAAA", {});
        f = w.one(check_spf);
        CHECK(f.evidence["lookups"] == 11);
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "spf-too-many-lookups");
    }
    SUBCASE("void lookups") {
        auto w = spf_world("v=spf1 a:v1.example a:v2.example mx:v3.example -all");
        w.nxdomain("v1.example", "A").nxdomain("v1.example", "AAAA");
        w.dns("v2.example", "A", {}).dns("v2.example", "AAAA", {});
        w.dns("v3.example", "MX", {});
        auto f = w.one(check_spf);
        CHECK(f.status == Status::warn);
        CHECK(f.outcome == "spf-void-lookups");
        CHECK(f.evidence["void_lookups"] == 3);
    }
    SUBCASE("more than 10 MX names") {
        auto w = spf_world("v=spf1 mx -all");
        std::vector<std::string> mx;
        for (int i = 0; i < 11; ++i) mx.push_back(std::to_string(i) + " mx" + std::to_string(i) + ".example.com");
        w.dns("example.com", "MX", mx);
        CHECK(w.one(check_spf).outcome == "spf-mx-too-many-names");
    }
    SUBCASE("include loops and includes without a record") {
        auto w = spf_world("v=spf1 include:a.example -all");
        w.dns("a.example", "TXT", {"v=spf1 include:b.example -all"});
        w.dns("b.example", "TXT", {"v=spf1 include:example.com -all"});
        CHECK(w.one(check_spf).outcome == "spf-loop");
        w.dns("b.example", "TXT", {"not spf"});
        CHECK(w.one(check_spf).outcome == "spf-include-without-record");
        w.nxdomain("b.example", "TXT");
        CHECK(w.one(check_spf).outcome == "spf-include-without-record");
    }
    SUBCASE("spf-include-multiple, spf-include-syntax-error") {
        auto w = spf_world("v=spf1 include:a.example -all");
        w.dns("a.example", "TXT", {"v=spf1 ip4:192.0.2.1 -all", "v=spf1 ip4:192.0.2.2 -all"});
        auto f = w.one(check_spf);
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "spf-include-multiple");
        CHECK(f.summary == "a.example publishes more than one SPF record");
        w.dns("a.example", "TXT", {"v=spf1 ip4:300.1.1.1 -all"});
        f = w.one(check_spf);
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "spf-include-syntax-error");
        CHECK(f.summary.rfind("record of a.example: ", 0) == 0);
    }
    SUBCASE("spf-redirect-without-record, spf-redirect-multiple, spf-redirect-syntax-error") {
        auto w = spf_world("v=spf1 redirect=_spf.example.net");
        w.nxdomain("_spf.example.net", "TXT");
        auto f = w.one(check_spf);
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "spf-redirect-without-record");
        // The worst problem speaks; the others are counted (no "all" through the redirect).
        CHECK(f.summary == "redirect:_spf.example.net has no SPF record: a permanent error for receivers (RFC 7208 "
                           "§5.2, §6.1) (and 1 more)");
        w.dns("_spf.example.net", "TXT", {"v=spf1 -all", "v=spf1 ~all"});
        f = w.one(check_spf);
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "spf-redirect-multiple");
        w.dns("_spf.example.net", "TXT", {"v=spf1 -foo"});
        f = w.one(check_spf);
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "spf-redirect-syntax-error");
    }
    SUBCASE("redirect supplies the final all") {
        auto w = spf_world("v=spf1 ip4:198.51.100.1 redirect=_spf.example.net");
        w.dns("_spf.example.net", "TXT", {"v=spf1 ip4:203.0.113.0/24 -all"});
        auto f = w.one(check_spf);
        CHECK(f.outcome == "spf-hardfail");
        CHECK(f.evidence["lookups"] == 1);
        w.dns("_spf.example.net", "TXT", {"v=spf1 ip4:203.0.113.0/24 ?all"});
        CHECK(w.one(check_spf).outcome == "spf-neutral-all");
        w.dns("_spf.example.net", "TXT", {"v=spf1 redirect=example.com"});
        CHECK(w.one(check_spf).outcome == "spf-loop");
    }
    SUBCASE("null MX expects v=spf1 -all") {
        auto w = spf_world("v=spf1 -all");
        w.dns("example.com", "MX", {"0 ."});
        CHECK(w.one(check_spf).outcome == "spf-null-mx-reject");
        CHECK(w.one(check_spf).status == Status::pass);
        w.dns("example.com", "TXT", {"v=spf1 mx -all"});
        CHECK(w.one(check_spf).outcome == "spf-null-mx-not-reject");
        w.dns("example.com", "TXT", {});
        CHECK(w.one(check_spf).outcome == "spf-missing");
    }
    SUBCASE("probe errors are errors") {
        auto w = spf_world("v=spf1 include:a.example -all");
        w.error("a.example", "TXT", "timeout");
        CHECK(w.one(check_spf).status == Status::error);
        w.error("example.com", "TXT", "timeout");
        CHECK(w.one(check_spf).outcome == "probe-timeout");
    }
    SUBCASE("SERVFAIL is an error (temperror, RFC 7208 §2.6.6), never 'no record'") {
        auto w = spf_world("v=spf1 include:a.example -all");
        w.dns("a.example", "TXT", {}, "SERVFAIL");
        CHECK(w.one(check_spf).status == Status::error);
        w.dns("example.com", "TXT", {}, "SERVFAIL");
        const auto f = w.one(check_spf);
        CHECK(f.status == Status::error);
        CHECK(f.summary.find("SERVFAIL") != std::string::npos);
    }
}

TEST_CASE("mail.spf live: dependent lookups asked round by round") {
    MailWorld w;
    CHECK(w.next_round(check_spf) == std::vector<std::string>{MailWorld::key("example.com", "MX"),
                                                               MailWorld::key("example.com", "TXT")});
    w.dns("example.com", "MX", {"10 mx.example.com"});
    w.dns("example.com", "TXT", {"v=spf1 include:a.example mx a:h.example -all"});
    auto round = w.next_round(check_spf);
    std::vector<std::string> expected{MailWorld::key("a.example", "TXT"), MailWorld::key("h.example", "A"),
                                      MailWorld::key("h.example", "AAAA")};
    std::sort(expected.begin(), expected.end());
    CHECK(round == expected);
    w.dns("a.example", "TXT", {"v=spf1 include:b.example -all"});
    w.dns("h.example", "A", {"198.51.100.1"}).dns("h.example", "AAAA", {});
    CHECK(w.next_round(check_spf) == std::vector<std::string>{MailWorld::key("b.example", "TXT")});
    w.dns("b.example", "TXT", {"v=spf1 -all"});
    CHECK(w.next_round(check_spf).empty());
}
