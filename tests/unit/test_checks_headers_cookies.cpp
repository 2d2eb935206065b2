// headers.cookies: the Set-Cookie parser (RFC 6265bis §5.6), the per-cookie rules, and the
// check over the first HTTPS response and its same-host redirects.
#include <doctest/doctest.h>

#include "checks/headers/header_checks.hpp"
#include "checks/headers/set_cookie.hpp"
#include "tests/unit/checks_fixtures.hpp"

using namespace osescan;
using namespace osescan::checks::headers;
using osescan::checks::Status;
using osescan::test::FactsFixture;

namespace {
constexpr const char* k_v4 = "198.51.100.10";
constexpr const char* k_good = "__Host-sid=abc; Path=/; Secure; HttpOnly; SameSite=Lax";

std::vector<std::string> problems(const char* header) {
    const auto cookie = parse_set_cookie(header);
    REQUIRE(cookie);
    return cookie_problems(*cookie);
}

facts::HttpRequest at_path(facts::HttpRequest request, const std::string& path) {
    request.path = path;
    return request;
}
}  // namespace

TEST_CASE("Set-Cookie parsing") {
    const auto c =
        parse_set_cookie(" sid = v1 ; secure;HTTPONLY; samesite=Strict; Domain=.a.example; Path=/x; Max-Age=5");
    REQUIRE(c);
    CHECK(c->name == "sid");
    CHECK(c->value == "v1");
    CHECK(c->secure);
    CHECK(c->http_only);
    CHECK(*c->same_site == "Strict");
    CHECK(*c->domain == ".a.example");
    CHECK(*c->path == "/x");
    CHECK(c->persistent);
    // No '=': an empty name; both empty: ignored.
    CHECK(parse_set_cookie("justavalue")->name.empty());
    CHECK_FALSE(parse_set_cookie(" ; Secure"));
    // A CR, LF or NUL ends the header.
    CHECK_FALSE(parse_set_cookie(std::string_view("a=b\0; Secure", 12))->secure);
    std::string many = "a=b";
    for (int i = 0; i < 100; ++i) many += "; x";
    CHECK_FALSE(parse_set_cookie(many + "; Secure")->secure);  // attributes are bounded
}

TEST_CASE("cookie rules") {
    CHECK(problems(k_good).empty());
    CHECK(problems("theme=dark") == std::vector<std::string>{"no-secure", "no-samesite"});
    CHECK(problems("PHPSESSID=1; Secure; SameSite=Lax") == std::vector<std::string>{"no-httponly"});
    CHECK(problems("a=1; Secure; SameSite=Sometimes") == std::vector<std::string>{"invalid-samesite"});
    CHECK(problems("a=1; SameSite=None") == std::vector<std::string>{"no-secure", "samesite-none-without-secure"});
    CHECK(problems("__Host-a=1; SameSite=Lax; Domain=a.example") ==
          std::vector<std::string>{"no-secure", "host-prefix-not-secure", "host-prefix-domain", "host-prefix-path"});
    CHECK(problems("__secure-a=1; SameSite=Lax") == std::vector<std::string>{"no-secure", "secure-prefix-not-secure"});
    CHECK(is_session_like(*parse_set_cookie("connect.sid=1")));
    CHECK_FALSE(is_session_like(*parse_set_cookie("lang=nl")));
}

TEST_CASE("headers.cookies: outcomes") {
    SUBCASE("secure cookies: pass") {
        FactsFixture f;
        f.addresses({k_v4}, {});
        f.http(f.https_first(k_v4),
               test::http_response(200, {{"Set-Cookie", k_good}, {"set-cookie", "lang=nl; Secure; SameSite=Strict"}}));
        const auto findings = check_cookies(f.replay());
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].status == Status::pass);
        CHECK(findings[0].outcome == "secure");
        CHECK(findings[0].evidence.at("cookies").size() == 2);
    }
    SUBCASE("cookies on same-host redirects are judged too; other hosts are not followed") {
        FactsFixture f;
        f.addresses({k_v4}, {});
        const auto first = f.https_first(k_v4);
        f.http(first, test::http_response(302, {{"Location", "/login?next=1#frag"}, {"Set-Cookie", k_good}}));
        f.http(at_path(first, "/login?next=1"), test::http_response(301, {{"Location", "https://example.test:443/home"},
                                                                          {"Set-Cookie", "sessionid=1"}}));
        f.http(at_path(first, "/home"), test::http_response(302, {{"Location", "https://other.test/"},
                                                                  {"Set-Cookie", "x=1; Secure; SameSite=Lax"}}));
        const auto findings = check_cookies(f.replay());
        REQUIRE(findings.size() == 1);
        const auto& finding = findings[0];
        CHECK(finding.status == Status::warn);
        CHECK(finding.outcome == "insecure");
        CHECK(finding.evidence.at("responses").size() == 3);
        CHECK(finding.evidence.at("cookies").size() == 3);
        CHECK(finding.summary == "1 cookie(s) lack protection: sessionid (no-secure, no-httponly, no-samesite)");
    }
    SUBCASE("live: each hop is asked for once the previous one is known") {
        FactsFixture f;
        f.addresses({k_v4}, {});
        const auto first = f.https_first(k_v4);
        f.http(first, test::http_response(302, {{"Location", "next"}}));
        CHECK_THROWS_AS(check_cookies(f.live()), facts::FactsPending);
        const auto facts = f.live();
        try {
            check_cookies(facts);
        } catch (const facts::FactsPending&) {}
        CHECK(test::missing_keys(facts) == test::sorted_keys({at_path(first, "/next")}));
    }
    SUBCASE("hostile names are displayable and bounded") {
        FactsFixture f;
        f.addresses({k_v4}, {});
        f.http(f.https_first(k_v4), test::http_response(200, {{"Set-Cookie", std::string(5000, 'A') + "\x01\xff=1"}}));
        const auto finding = check_cookies(f.replay()).at(0);
        CHECK(finding.outcome == "insecure");
        CHECK(finding.summary.size() < 600);
        CHECK_NOTHROW(finding.evidence.dump());
    }
    SUBCASE("no cookies: not applicable") {
        FactsFixture f;
        f.addresses({k_v4}, {});
        f.http(f.https_first(k_v4), test::http_response(200, {}));
        const auto finding = check_cookies(f.replay()).at(0);
        CHECK(finding.status == Status::not_applicable);
        CHECK(finding.outcome == "no-cookies");
    }
    SUBCASE("a redirect hop that cannot be fetched: error") {
        FactsFixture f;
        f.addresses({k_v4}, {});
        f.http(f.https_first(k_v4), test::http_response(302, {{"Location", "/a"}}));
        CHECK(check_cookies(f.replay()).at(0).status == Status::error);  // "/a" not recorded
    }
}
