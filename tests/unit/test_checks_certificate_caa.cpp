// caa: the CAA record parser (RFC 8659 §4, RFC 9495, CA/B BR A.1) and every outcome of
// the check, with the climb of RFC 8659 §3.
#include <doctest/doctest.h>

#include "checks/certificate/caa_check.hpp"
#include "checks/certificate/caa_record.hpp"
#include "tests/unit/checks_fixtures.hpp"

using namespace osescan;
using namespace osescan::checks::certificate;
using osescan::checks::Status;
using osescan::test::FactsFixture;

namespace {

facts::DnsRecord rr(const std::string& name, const std::string& type, const std::string& data) {
    return facts::DnsRecord{name, type, 300, data, {}};
}

void caa_answer(FactsFixture& f, const std::string& name, std::vector<facts::DnsRecord> records,
                const std::string& rcode = "NOERROR") {
    facts::DnsAnswer answer;
    answer.rcode = rcode;
    answer.answer = std::move(records);
    f.store.put(
        {facts::DnsRequest{name, "CAA", facts::DnsVia::stub, {}}, facts::Observed<facts::DnsAnswer>(answer), 1});
}

std::string property_error(const std::string& data) {
    const auto property = parse_caa_data(data);
    REQUIRE(property.has_value());
    return caa_property_error(*property);
}

}  // namespace

TEST_CASE("caa: record data in presentation and generic form") {
    auto p = parse_caa_data("0 issue \"ca.example; account=12\"");
    REQUIRE(p);
    CHECK(p->flags == 0);
    CHECK(p->tag == "issue");
    CHECK(p->value == "ca.example; account=12");
    CHECK_FALSE(p->critical());
    p = parse_caa_data("128 tbs \"a\\\"b\\092\\255\"");
    REQUIRE(p);
    CHECK(p->critical());
    CHECK(p->value == std::string("a\"b\\\xFF"));
    // RFC 3597 generic form: flags 0, tag "a-b" (not alphanumeric), value "x".
    p = parse_caa_data("\\# 6 0003612D6278");
    REQUIRE(p);
    CHECK(p->tag == "a-b");
    CHECK(p->value == "x");
    CHECK_FALSE(parse_caa_data(""));
    CHECK_FALSE(parse_caa_data("0 issue"));
    CHECK_FALSE(parse_caa_data("256 issue \"x\""));
    CHECK_FALSE(parse_caa_data("0 issue \"unterminated"));
    CHECK_FALSE(parse_caa_data("0 issue \"\\25\""));
    CHECK_FALSE(parse_caa_data("\\# 7 0003612D6278"));  // length mismatch
    CHECK_FALSE(parse_caa_data("\\# 3 000561"));        // tag longer than the data
}

TEST_CASE("caa: property grammars") {
    CHECK(property_error("0 issue \"letsencrypt.org\"") == "");
    CHECK(property_error("0 issue \";\"") == "");
    CHECK(property_error("0 issue \"\"") == "");
    CHECK(property_error("0 issue \"ca.example; account=230123; validationmethods=dns-01\"") == "");
    CHECK(property_error("0 ISSUE \"ca.example\"") == "");  // tags match case-insensitively
    CHECK(property_error("0 issuewild \"ca.example\"") == "");
    CHECK(property_error("0 issuemail \"ca.example\"") == "");
    CHECK(property_error("0 issue \"ca..example\"").find("not a domain name") != std::string::npos);
    CHECK(property_error("0 issue \"-ca.example\"").find("not a domain name") != std::string::npos);
    CHECK(property_error("0 issue \"ca.example account=1\"").find("\";\"") != std::string::npos);
    CHECK(property_error("0 issue \"ca.example; account\"").find("no \"=\"") != std::string::npos);
    CHECK(property_error("0 issue \"ca.example; =1\"").find("no valid tag") != std::string::npos);
    CHECK(property_error("0 issue \"ca.example; a=1;\"").find("no parameter after") != std::string::npos);
    CHECK(property_error("0 issue \"ca.example; a=1 2\"").find("not allowed") != std::string::npos);
    CHECK(property_error("0 iodef \"mailto:security@example.test\"") == "");
    CHECK(property_error("0 iodef \"https://iodef.example.test/report\"") == "");
    CHECK(property_error("0 iodef \"ftp://example.test/\"").find("scheme") != std::string::npos);
    CHECK(property_error("0 iodef \"mailto:nobody\"").find("e-mail") != std::string::npos);
    CHECK(property_error("0 iodef \"https://\"").find("no host") != std::string::npos);
    CHECK(property_error("0 iodef \"security@example.test\"").find("not a URL") != std::string::npos);
    CHECK(property_error("0 contactemail \"security@example.test\"") == "");
    CHECK(property_error("0 contactemail \"security at example\"").find("contactemail") != std::string::npos);
    CHECK(property_error("0 contactphone \"+31 (0)70-123.4567\"").find("contactphone") != std::string::npos);
    CHECK(property_error("0 contactphone \"+31-(0)70-123.4567\"") == "");
    CHECK(property_error("0 contactphone \"070-1234567\"").find("contactphone") != std::string::npos);
    CHECK(property_error("1 issue \"ca.example\"").find("reserved flag") != std::string::npos);
    CHECK(property_error("0 somethingwaytoolong \"x\"").find("1 to 15") != std::string::npos);
    CHECK(property_error("\\# 6 0003612D6278").find("letters and digits") != std::string::npos);
    CHECK(property_error("0 tbs \"anything at all\"") == "");  // unknown tags have no grammar
    CHECK(caa_tag_kind("IssueWild") == CaaTagKind::issuewild);
    CHECK(caa_tag_kind("tbs") == CaaTagKind::unknown);
}

TEST_CASE("caa: the climb asks every name up to, not including, the root") {
    CHECK(caa_search_names("www.shop.example.test") ==
          std::vector<std::string>{"www.shop.example.test", "shop.example.test", "example.test", "test"});
    CHECK(caa_search_names("Example.TEST.") == std::vector<std::string>{"example.test", "test"});
    FactsFixture f("www.example.test");
    const auto live = f.live();
    CHECK_THROWS_AS(check_caa(live), facts::FactsPending);
    CHECK(live.missing().size() == 3);
}

TEST_CASE("caa: outcomes") {
    SUBCASE("a valid issue at the parent: pass, the first name with CAA is the relevant one") {
        FactsFixture f("www.example.test");
        caa_answer(f, "www.example.test", {});
        caa_answer(f, "example.test",
                   {rr("example.test", "CAA", "0 issue \"ca.example\""),
                    rr("example.test", "CAA", "0 iodef \"mailto:sec@example.test\"")});
        caa_answer(f, "test", {rr("test", "CAA", "0 issue \"other.example\"")});
        const auto findings = check_caa(f.replay());
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].status == Status::pass);
        CHECK(findings[0].outcome == "valid");
        CHECK(findings[0].evidence.at("relevant_name") == "example.test");
        CHECK(findings[0].evidence.at("issuers") == nlohmann::json{"ca.example"});
        CHECK(findings[0].evidence.at("records").size() == 2);
        CHECK(findings[0].summary.find("ca.example") != std::string::npos);
    }
    SUBCASE("a CNAME target's CAA set is the name's; its parents are not climbed") {
        FactsFixture f("www.example.test");
        caa_answer(f, "www.example.test",
                   {rr("www.example.test", "CNAME", "cdn.example.net"), rr("cdn.example.net", "CAA", "0 issue \";\"")});
        caa_answer(f, "example.test", {});
        caa_answer(f, "test", {});
        const auto findings = check_caa(f.replay());
        CHECK(findings[0].outcome == "valid");
        CHECK(findings[0].evidence.at("issuers") == nlohmann::json{"(no CA)"});
        CHECK(findings[0].evidence.at("cnames").size() == 1);
    }
    SUBCASE("a syntax error: warn, the record and the problem named") {
        FactsFixture f;
        caa_answer(f, "example.test",
                   {rr("example.test", "CAA", "0 issue \"ca.example\""),
                    rr("example.test", "CAA", "0 issue \"ca.example account=1\"")});
        caa_answer(f, "test", {});
        const auto findings = check_caa(f.replay());
        CHECK(findings[0].status == Status::warn);
        CHECK(findings[0].outcome == "syntax-errors");
        CHECK(findings[0].summary.find("account=1") != std::string::npos);
        CHECK(findings[0].evidence.at("syntax_errors").size() == 1);
        CHECK(findings[0].evidence.at("records").at(1).contains("error"));
    }
    SUBCASE("bytes that are not UTF-8 in a record stay displayable") {
        FactsFixture f;
        caa_answer(f, "example.test", {rr("example.test", "CAA", "0 issue \"ca\\255.example\"")});
        caa_answer(f, "test", {});
        const auto findings = check_caa(f.replay());
        CHECK(findings[0].outcome == "syntax-errors");
        CHECK_NOTHROW((void)findings[0].evidence.dump());
        CHECK(findings[0].summary.find("\\xff") != std::string::npos);
    }
    SUBCASE("data that is no CAA record at all: a syntax error") {
        FactsFixture f;
        caa_answer(f, "example.test", {rr("example.test", "CAA", "garbage")});
        caa_answer(f, "test", {});
        CHECK(check_caa(f.replay())[0].outcome == "syntax-errors");
    }
    SUBCASE("an unknown tag with the critical flag: warn, named") {
        FactsFixture f;
        caa_answer(f, "example.test",
                   {rr("example.test", "CAA", "0 issue \"ca.example\""), rr("example.test", "CAA", "128 tbs \"x\"")});
        caa_answer(f, "test", {});
        const auto findings = check_caa(f.replay());
        CHECK(findings[0].status == Status::warn);
        CHECK(findings[0].outcome == "unknown-critical");
        CHECK(findings[0].summary.find("tbs") != std::string::npos);
    }
    SUBCASE("an unknown tag without the flag is ignored") {
        FactsFixture f;
        caa_answer(f, "example.test",
                   {rr("example.test", "CAA", "0 issue \"ca.example\""), rr("example.test", "CAA", "0 tbs \"x\"")});
        caa_answer(f, "test", {});
        CHECK(check_caa(f.replay())[0].outcome == "valid");
    }
    SUBCASE("no issue property: info") {
        FactsFixture f;
        caa_answer(f, "example.test", {rr("example.test", "CAA", "0 iodef \"mailto:sec@example.test\"")});
        caa_answer(f, "test", {});
        const auto findings = check_caa(f.replay());
        CHECK(findings[0].status == Status::info);
        CHECK(findings[0].outcome == "no-issue");
    }
    SUBCASE("no CAA anywhere (NXDOMAIN climbs on): info") {
        FactsFixture f;
        caa_answer(f, "example.test", {}, "NXDOMAIN");
        caa_answer(f, "test", {});
        const auto findings = check_caa(f.replay());
        CHECK(findings[0].status == Status::info);
        CHECK(findings[0].outcome == "no-caa");
        CHECK(findings[0].evidence.at("names_searched").size() == 2);
    }
    SUBCASE("SERVFAIL is not 'no CAA': error") {
        FactsFixture f;
        caa_answer(f, "example.test", {}, "SERVFAIL");
        caa_answer(f, "test", {rr("test", "CAA", "0 issue \"ca.example\"")});
        const auto findings = check_caa(f.replay());
        CHECK(findings[0].status == Status::error);
        CHECK(findings[0].outcome == "probe-dns-error");
    }
}
