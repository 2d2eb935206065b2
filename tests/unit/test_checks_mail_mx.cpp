// mail.mx: every outcome from recorded DNS facts, and the batched address lookups.
#include <doctest/doctest.h>

#include "checks/mail/mx_check.hpp"
#include "tests/unit/test_checks_mail_world.hpp"

using namespace osescan;
using namespace osescan::checks::mail;
using checks::Status;
using test::mail::MailWorld;

TEST_CASE("mail.mx outcomes from recorded facts") {
    SUBCASE("null, implicit, nxdomain, error") {
        MailWorld w;
        w.dns("example.com", "MX", {"0 ."});
        CHECK(w.one(check_mx).outcome == "mx-null");
        CHECK(w.one(check_mx).status == Status::pass);
        w.dns("example.com", "MX", {});
        CHECK(w.one(check_mx).outcome == "mx-implicit");
        w.nxdomain("example.com", "MX");
        CHECK(w.one(check_mx).outcome == "mx-nxdomain");
        w.error("example.com", "MX", "timeout");
        CHECK(w.one(check_mx).status == Status::error);
        w.dns("example.com", "MX", {}, "SERVFAIL");
        CHECK(w.one(check_mx).status == Status::error);
    }
    SUBCASE("each host judged, lookups batched") {
        MailWorld w;
        w.dns("example.com", "MX", {"10 mx1.example.com", "20 MX2.example.com.", "30 198.51.100.7", "40 alias.example.com"});
        CHECK(w.next_round(check_mx) ==
              std::vector<std::string>{MailWorld::key("alias.example.com", "A"), MailWorld::key("alias.example.com", "AAAA"),
                                       MailWorld::key("mx1.example.com", "A"), MailWorld::key("mx1.example.com", "AAAA"),
                                       MailWorld::key("mx2.example.com", "A"), MailWorld::key("mx2.example.com", "AAAA")});
        w.dns("mx1.example.com", "A", {"198.51.100.25"}).dns("mx1.example.com", "AAAA", {"2001:db8::25"});
        w.dns("mx2.example.com", "A", {}).nxdomain("mx2.example.com", "AAAA");
        facts::DnsAnswer aliased;
        aliased.answer.push_back({"alias.example.com", "CNAME", 300, "mx1.example.com", {}});
        aliased.answer.push_back({"mx1.example.com", "A", 300, "198.51.100.25", {}});
        w.store.put({facts::DnsRequest{"alias.example.com", "A", facts::DnsVia::stub, {}},
                     facts::Observed<facts::DnsAnswer>(aliased), 1});
        w.dns("alias.example.com", "AAAA", {});
        auto findings = w.run(check_mx);
        REQUIRE(findings.size() == 4);
        CHECK(findings[0].subject == "mx1.example.com");
        CHECK(findings[0].status == Status::pass);
        CHECK(findings[0].outcome == "mx-resolves");
        CHECK(findings[1].subject == "mx2.example.com");
        CHECK(findings[1].outcome == "mx-unresolvable");
        CHECK(findings[1].status == Status::fail);
        CHECK(findings[2].outcome == "mx-ip-literal");
        CHECK(findings[2].status == Status::warn);
        CHECK(findings[3].outcome == "mx-cname");
        CHECK(findings[3].status == Status::warn);
    }
    SUBCASE("a null MX among others") {
        MailWorld w;
        w.dns("example.com", "MX", {"0 .", "10 mx1.example.com"});
        w.dns("mx1.example.com", "A", {"198.51.100.25"}).dns("mx1.example.com", "AAAA", {});
        auto findings = w.run(check_mx);
        REQUIRE(findings.size() == 2);
        CHECK(findings[0].outcome == "mx-null-mixed");
        CHECK(findings[1].outcome == "mx-resolves");
    }
}
