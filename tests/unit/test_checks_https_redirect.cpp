// https.redirect and its Location parser.
#include <doctest/doctest.h>

#include "checks/https/https_redirect.hpp"
#include "checks/https/location_url.hpp"
#include "tests/unit/checks_fixtures.hpp"

using namespace osescan;
using osescan::checks::Status;
using osescan::checks::https::LocationTarget;
using osescan::checks::https::parse_location;
using osescan::test::FactsFixture;

namespace {
constexpr const char* k_v4 = "198.51.100.10";
constexpr const char* k_v6 = "2001:db8::10";

// The finding for the IPv4 address when port 80 gives `result` (IPv6 gets the same).
checks::Finding judge(facts::Observed<facts::HttpResponse> result, const std::string& host = "example.test") {
    FactsFixture f(host);
    f.addresses({k_v4}, {k_v6});
    f.http(f.http_first(k_v4), result);
    f.http(f.http_first(k_v6), result);
    const auto findings = checks::https::check_https_redirect(f.replay());
    REQUIRE(findings.size() == 2);
    CHECK(test::finding_for(findings, k_v6).outcome == test::finding_for(findings, k_v4).outcome);
    return test::finding_for(findings, k_v4);
}

facts::HttpResponse redirect(int status, const std::string& location) {
    return test::http_response(status, {{"Server", "nginx"}, {"Location", location}});
}
}  // namespace

TEST_CASE("https.redirect: outcomes") {
    SUBCASE("nothing listens on port 80: pass no-plain-http") {
        const auto f = judge(test::probe_error(facts::probe_error::connection_refused, "refused"));
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "no-plain-http");
        CHECK(f.evidence.at("endpoint") == "198.51.100.10:80");
    }
    SUBCASE("301 to https on the same host: pass") {
        const auto f = judge(redirect(301, "https://example.test/"));
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "redirects-to-https");
        CHECK(f.evidence.at("status") == 301);
        CHECK(f.evidence.at("location") == "https://example.test/");
        CHECK(f.evidence.at("location_scheme") == "https");
        CHECK(f.evidence.at("location_host") == "example.test");
    }
    SUBCASE("308 to https on the same host with another port, case and trailing dot: pass") {
        const auto f = judge(redirect(308, "HTTPS://Example.TEST.:8443/path?q=1#frag"));
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "redirects-to-https");
        CHECK(f.evidence.at("location_port") == 8443);
    }
    SUBCASE("302 to http on the same host: fail redirect-not-https") {
        const auto f = judge(redirect(302, "http://example.test/login"));
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "redirect-not-https");
        CHECK(f.evidence.at("location_scheme") == "http");
    }
    SUBCASE("relative Location stays on http: fail redirect-not-https") {
        const auto f = judge(redirect(301, "/start"));
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "redirect-not-https");
        CHECK(f.evidence.at("location_form") == "relative");
        CHECK(f.evidence.at("location_host") == "example.test");
    }
    SUBCASE("scheme-relative Location keeps http: fail redirect-not-https") {
        const auto f = judge(redirect(301, "//example.test/"));
        CHECK(f.outcome == "redirect-not-https");
        CHECK(f.evidence.at("location_form") == "network-path");
    }
    SUBCASE("https to another host first (www): fail redirect-other-host") {
        const auto f = judge(redirect(301, "https://www.example.test/"));
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "redirect-other-host");
        CHECK(f.evidence.at("location_host") == "www.example.test");
    }
    SUBCASE("userinfo does not fool the host comparison") {
        const auto f = judge(redirect(301, "https://example.test@evil.test/"));
        CHECK(f.outcome == "redirect-other-host");
        CHECK(f.evidence.at("location_host") == "evil.test");
    }
    SUBCASE("a backslash in the authority is ambiguous: fail invalid-location") {
        const auto f = judge(redirect(301, "https://example.test\\@evil.test/"));
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "invalid-location");
    }
    SUBCASE("content on plain HTTP: fail content-on-http") {
        const auto f = judge(test::http_response(200));
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "content-on-http");
        CHECK(f.evidence.at("status") == 200);
        CHECK_FALSE(f.evidence.contains("location"));
    }
    SUBCASE("an error page on plain HTTP is content too") {
        const auto f = judge(test::http_response(404));
        CHECK(f.outcome == "content-on-http");
    }
    SUBCASE("3xx without Location: fail redirect-without-location") {
        const auto f = judge(test::http_response(301));
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "redirect-without-location");
    }
    SUBCASE("timeout on port 80: error") {
        const auto f = judge(test::probe_error(facts::probe_error::timeout, "10 s"));
        CHECK(f.status == Status::error);
        CHECK(f.outcome == "probe-timeout");
    }
    SUBCASE("IP-literal target: redirect to https on the same literal passes") {
        FactsFixture fx = FactsFixture::ip_target("2001:db8::5");
        fx.http(fx.http_first("2001:db8::5"), redirect(301, "https://[2001:db8::5]/"));
        const auto findings = checks::https::check_https_redirect(fx.replay());
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].status == Status::pass);
        CHECK(findings[0].evidence.at("location_host") == "2001:db8::5");
    }
}

TEST_CASE("https.redirect: a non-UTF-8 Location is kept as valid UTF-8 evidence") {
    const auto f = judge(redirect(301, std::string("https://ex\xff" "ample.test/")));
    CHECK(f.outcome == "redirect-other-host");
    CHECK(f.evidence.at("location") == "https://ex\\xffample.test/");
    CHECK_NOTHROW((void)f.evidence.dump());
}

TEST_CASE("https.redirect: live mode asks for the port-80 request of every address at once") {
    FactsFixture f;
    f.addresses({k_v4}, {k_v6});
    const facts::TargetFacts live = f.live();
    CHECK_THROWS_AS(checks::https::check_https_redirect(live), facts::FactsPending);
    CHECK(test::missing_keys(live) == test::sorted_keys({f.http_first(k_v4), f.http_first(k_v6)}));
    CHECK(f.http_first(k_v4).port == 80);
    CHECK(f.http_first(k_v4).scheme == "http");
}

TEST_CASE("parse_location") {
    SUBCASE("absolute with port") {
        const auto t = parse_location("https://example.test:8443/a");
        REQUIRE(t);
        CHECK(t->form == LocationTarget::Form::absolute);
        CHECK(t->scheme == "https");
        CHECK(t->host == "example.test");
        REQUIRE(t->port);
        CHECK(*t->port == 8443);
    }
    SUBCASE("absolute without path, empty port") {
        const auto t = parse_location("https://example.test:");
        REQUIRE(t);
        CHECK(t->host == "example.test");
        CHECK_FALSE(t->port);
    }
    SUBCASE("IPv6 literal") {
        const auto t = parse_location("https://[2001:DB8::1]:443/");
        REQUIRE(t);
        CHECK(t->host == "2001:db8::1");
        CHECK(*t->port == 443);
    }
    SUBCASE("query right after the host") {
        const auto t = parse_location("https://example.test?x=/y");
        REQUIRE(t);
        CHECK(t->host == "example.test");
    }
    SUBCASE("relative forms") {
        for (const char* text : {"/", "/a/b", "a/b", "?q", "#f", "1a:b"}) {
            INFO(text);
            const auto t = parse_location(text);
            REQUIRE(t);
            CHECK(t->form == LocationTarget::Form::relative);
            CHECK(t->host == "");
        }
    }
    SUBCASE("refused: empty, spaces, controls, no authority, bad ports, unclosed bracket") {
        for (const char* text : {"", "https://exa mple.test/", "https://example.test/\x01", "https:example.test",
                                 "https://", "https://:443/", "https://example.test:99999/",
                                 "https://example.test:12a/", "https://[2001:db8::1/", "https://[::1]x/",
                                 "a:b/c" /* a scheme without an authority */}) {
            INFO(text);
            CHECK_FALSE(parse_location(text));
        }
    }
}
