// hsts.policy: facts in, findings out.
#include <doctest/doctest.h>

#include "checks/https/hsts_policy.hpp"
#include "tests/unit/checks_fixtures.hpp"

using namespace osescan;
using osescan::checks::Status;
using osescan::test::FactsFixture;

namespace {
constexpr const char* k_v4 = "198.51.100.10";
constexpr const char* k_v6 = "2001:db8::10";

// Finding for the IPv4 address when the first HTTPS response has `headers`; the plain-HTTP
// response (port 80) is a redirect with `plain_headers` added.
checks::Finding judge(const std::vector<facts::HttpHeader>& headers,
                      const std::vector<facts::HttpHeader>& plain_headers = {}) {
    FactsFixture f;
    f.addresses({k_v4}, {k_v6});
    std::vector<facts::HttpHeader> plain{{"Location", "https://example.test/"}};
    plain.insert(plain.end(), plain_headers.begin(), plain_headers.end());
    for (const char* address : {k_v4, k_v6}) {
        f.http(f.https_first(address), test::http_response(200, headers));
        f.http(f.http_first(address), test::http_response(301, plain));
    }
    const auto findings = checks::https::check_hsts_policy(f.replay());
    REQUIRE(findings.size() == 2);
    return test::finding_for(findings, k_v4);
}

facts::HttpHeader sts(const std::string& value) { return {"Strict-Transport-Security", value}; }
}  // namespace

TEST_CASE("hsts.policy: outcomes") {
    SUBCASE("one year with includeSubDomains and preload: pass") {
        const auto f = judge({{"Content-Type", "text/html"}, sts("max-age=31536000; includeSubDomains; preload")});
        CHECK(f.check_id == "hsts.policy");
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "valid");
        CHECK(f.evidence.at("header") == "max-age=31536000; includeSubDomains; preload");
        CHECK(f.evidence.at("max_age") == 31536000);
        CHECK(f.evidence.at("include_subdomains") == true);
        CHECK(f.evidence.at("preload") == true);
        CHECK_FALSE(f.evidence.contains("plain_http_header"));
    }
    SUBCASE("two years, header name in lower case: pass") {
        const auto f = judge({{"strict-transport-security", "max-age=63072000"}});
        CHECK(f.status == Status::pass);
        CHECK(f.evidence.at("max_age") == 63072000);
        CHECK(f.evidence.at("include_subdomains") == false);
    }
    SUBCASE("missing: fail") {
        const auto f = judge({{"Content-Type", "text/html"}});
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "missing");
        CHECK_FALSE(f.evidence.contains("header"));
    }
    SUBCASE("invalid: fail with the precise reason") {
        const auto f = judge({sts("max-age=31536000; max-age=31536000")});
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "invalid");
        CHECK(f.evidence.at("invalid_reason") == "duplicate-directive");
        CHECK(f.summary.find("more than once") != std::string::npos);
    }
    SUBCASE("invalid max-age: fail") {
        const auto f = judge({sts("max-age=1.5e7")});
        CHECK(f.outcome == "invalid");
        CHECK(f.evidence.at("invalid_reason") == "max-age-not-a-number");
    }
    SUBCASE("max-age=0: fail") {
        const auto f = judge({sts("max-age=0; includeSubDomains")});
        CHECK(f.status == Status::fail);
        CHECK(f.outcome == "max-age-zero");
        CHECK(f.evidence.at("max_age") == 0);
    }
    SUBCASE("half a year: warn") {
        const auto f = judge({sts("max-age=15768000")});
        CHECK(f.status == Status::warn);
        CHECK(f.outcome == "short-max-age");
        CHECK(f.evidence.at("max_age") == 15768000);
        CHECK(f.evidence.at("minimum_max_age") == 31536000);
        CHECK(f.summary.find("182 day(s)") != std::string::npos);
    }
    SUBCASE("one second short of a year: warn") {
        const auto f = judge({sts("max-age=31535999")});
        CHECK(f.outcome == "short-max-age");
    }
    SUBCASE("only the first header counts (RFC 6797 §8.1); the others are noted") {
        const auto f = judge({sts("max-age=300"), sts("max-age=31536000")});
        CHECK(f.status == Status::warn);
        CHECK(f.evidence.at("max_age") == 300);
        CHECK(f.evidence.at("ignored_headers") == nlohmann::json::array({"max-age=31536000"}));
    }
    SUBCASE("a first header that is invalid is not rescued by a valid second one") {
        const auto f = judge({sts("max-age=abc"), sts("max-age=31536000")});
        CHECK(f.outcome == "invalid");
    }
    SUBCASE("STS on the plain-HTTP response is noted as ignored") {
        const auto f = judge({sts("max-age=31536000")}, {sts("max-age=31536000")});
        CHECK(f.status == Status::pass);
        CHECK(f.evidence.at("plain_http_header") == "max-age=31536000");
        CHECK(f.evidence.contains("plain_http_note"));
    }
    SUBCASE("STS only on plain HTTP: still missing") {
        const auto f = judge({}, {sts("max-age=31536000")});
        CHECK(f.outcome == "missing");
        CHECK(f.evidence.at("plain_http_header") == "max-age=31536000");
    }
    SUBCASE("huge max-age saturates and passes") {
        const auto f = judge({sts("max-age=999999999999999999999999")});
        CHECK(f.status == Status::pass);
        CHECK(f.evidence.at("max_age_saturated") == true);
    }
    SUBCASE("unknown directives are listed") {
        const auto f = judge({sts("max-age=31536000; report-uri=\"https://r.test/;x\"")});
        CHECK(f.status == Status::pass);
        CHECK(f.evidence.at("ignored_directives") == nlohmann::json::array({"report-uri"}));
    }
}

TEST_CASE("hsts.policy: the HSTS header of a redirect response counts") {
    FactsFixture f;
    f.addresses({k_v4}, {});
    f.http(f.https_first(k_v4), test::http_response(301, {{"Location", "https://www.example.test/"},
                                                           sts("max-age=31536000")}));
    f.http(f.http_first(k_v4), test::probe_error(facts::probe_error::connection_refused));
    const auto findings = checks::https::check_hsts_policy(f.replay());
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].status == Status::pass);
    CHECK(findings[0].evidence.at("status") == 301);
}

TEST_CASE("hsts.policy: HTTPS request failed: error; plain HTTP failing does not matter") {
    FactsFixture f;
    f.addresses({k_v4}, {});
    f.http(f.https_first(k_v4), test::probe_error(facts::probe_error::timeout, "10 s"));
    f.http(f.http_first(k_v4), test::probe_error(facts::probe_error::timeout, "10 s"));
    const auto findings = checks::https::check_hsts_policy(f.replay());
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].status == Status::error);
    CHECK(findings[0].outcome == "probe-timeout");
}

TEST_CASE("hsts.policy: live mode asks for HTTPS and plain HTTP of every address in one round") {
    FactsFixture f;
    f.addresses({k_v4}, {k_v6});
    const facts::TargetFacts live = f.live();
    CHECK_THROWS_AS(checks::https::check_hsts_policy(live), facts::FactsPending);
    CHECK(test::missing_keys(live) == test::sorted_keys({f.https_first(k_v4), f.http_first(k_v4),
                                                         f.https_first(k_v6), f.http_first(k_v6)}));
}
