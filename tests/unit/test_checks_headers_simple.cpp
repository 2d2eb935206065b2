// headers.x_frame_options, headers.x_content_type_options, headers.referrer_policy and
// headers.permissions_policy (with the RFC 8941 dictionary parser): facts in, findings out.
#include <doctest/doctest.h>

#include "checks/headers/header_checks.hpp"
#include "checks/headers/referrer_policy_header.hpp"
#include "checks/headers/structured_field.hpp"
#include "tests/unit/checks_fixtures.hpp"

using namespace osescan;
using namespace osescan::checks::headers;
using osescan::checks::Status;
using osescan::test::FactsFixture;

namespace {
constexpr const char* k_v4 = "198.51.100.10";

checks::Finding judge(checks::CheckFn check, const std::vector<facts::HttpHeader>& headers) {
    FactsFixture f;
    f.addresses({k_v4}, {});
    f.http(f.https_first(k_v4), test::http_response(200, headers));
    const auto findings = check(f.replay());
    REQUIRE(findings.size() == 1);
    return findings.front();
}
}  // namespace

TEST_CASE("headers.x_frame_options: outcomes") {
    const auto xfo = [](const std::vector<facts::HttpHeader>& h) { return judge(check_x_frame_options, h); };
    SUBCASE("DENY / sameorigin: pass") {
        auto f = xfo({{"X-Frame-Options", "DENY"}});
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "restricted");
        CHECK(f.summary == "X-Frame-Options DENY");
        f = xfo({{"x-frame-options", " sameorigin "}});
        CHECK(f.summary == "X-Frame-Options SAMEORIGIN");
        // The same value twice is one value (a set).
        CHECK(xfo({{"X-Frame-Options", "deny"}, {"X-Frame-Options", "DENY"}}).outcome == "restricted");
    }
    SUBCASE("CSP frame-ancestors: pass, and X-Frame-Options is then ignored") {
        const auto f = xfo({{"Content-Security-Policy", "frame-ancestors 'none'"}, {"X-Frame-Options", "ALLOWALL"}});
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "csp-frame-ancestors");
        CHECK(f.evidence.contains("x_frame_options_note"));
    }
    SUBCASE("CSP frame-ancestors * overrides X-Frame-Options DENY: info") {
        const auto f = xfo({{"Content-Security-Policy", "frame-ancestors *"}, {"X-Frame-Options", "DENY"}});
        CHECK(f.status == Status::info);
        CHECK(f.outcome == "csp-allows-framing");
    }
    SUBCASE("conflicting values: browsers refuse framing") {
        const auto f = xfo({{"X-Frame-Options", "DENY, SAMEORIGIN"}});
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "conflicting");
    }
    SUBCASE("missing: info") {
        const auto f = xfo({});
        CHECK(f.status == Status::info);
        CHECK(f.outcome == "missing");
    }
    SUBCASE("ALLOW-FROM is ignored by browsers: info") {
        const auto f = xfo({{"X-Frame-Options", "ALLOW-FROM https://a.example"}});
        CHECK(f.status == Status::info);
        CHECK(f.outcome == "invalid");
    }
}

TEST_CASE("headers.x_content_type_options: outcomes") {
    const auto xcto = [](const std::vector<facts::HttpHeader>& h) { return judge(check_x_content_type_options, h); };
    CHECK(xcto({{"X-Content-Type-Options", "nosniff"}}).outcome == "nosniff");
    CHECK(xcto({{"X-Content-Type-Options", "NoSniff, other"}}).status == Status::pass);
    // Fetch: only the first value counts.
    const auto invalid = xcto({{"X-Content-Type-Options", "other, nosniff"}});
    CHECK(invalid.status == Status::warn);
    CHECK(invalid.outcome == "invalid");
    const auto missing = xcto({});
    CHECK(missing.status == Status::warn);
    CHECK(missing.outcome == "missing");
}

TEST_CASE("Referrer-Policy parsing: the last valid token wins") {
    CHECK(parse_referrer_policy({"no-referrer, unsafe-url"}).policy == "unsafe-url");
    CHECK(parse_referrer_policy({"unsafe-url", "strict-origin, new-policy-from-2030"}).policy == "strict-origin");
    const auto p = parse_referrer_policy({"No-Referrer, bogus"});
    CHECK(p.policy.empty());  // tokens are matched exactly
    CHECK(p.ignored.size() == 2);
}

TEST_CASE("headers.referrer_policy: outcomes") {
    const auto rp = [](const std::vector<facts::HttpHeader>& h) { return judge(check_referrer_policy, h); };
    auto f = rp({{"Referrer-Policy", "strict-origin-when-cross-origin"}});
    CHECK(f.status == Status::pass);
    CHECK(f.outcome == "private");
    f = rp({{"Referrer-Policy", "no-referrer, unsafe-url"}});
    CHECK(f.status == Status::warn);
    CHECK(f.outcome == "leaky");
    CHECK(rp({{"Referrer-Policy", "no-referrer-when-downgrade"}}).outcome == "leaky");
    f = rp({});
    CHECK(f.status == Status::info);
    CHECK(f.outcome == "missing");
    f = rp({{"Referrer-Policy", "nope"}});
    CHECK(f.status == Status::info);
    CHECK(f.outcome == "invalid");
}

TEST_CASE("RFC 8941 dictionary parser") {
    SUBCASE("Permissions-Policy shapes") {
        const auto d = parse_sf_dictionary(R"(camera=(), geolocation=(self "https://a.example"), fullscreen=*)");
        REQUIRE(d.ok);
        REQUIRE(d.members.size() == 3);
        CHECK(d.members[0].key == "camera");
        CHECK(d.members[0].inner_list);
        CHECK(d.members[0].items.empty());
        CHECK(d.members[1].items.size() == 2);
        CHECK(d.members[1].items[1].kind == SfKind::string);
        CHECK(d.members[1].items[1].text == "https://a.example");
        CHECK(d.members[2].items[0].kind == SfKind::token);
    }
    SUBCASE("every item kind, parameters, a repeated key keeps its place and takes the last value") {
        const auto d = parse_sf_dictionary("a=1, b=-2.5;p, c=:aGk=:, d=?0, e, a=\"x\\\"y\";q=tok");
        REQUIRE(d.ok);
        REQUIRE(d.members.size() == 5);
        CHECK(d.members[0].items[0].kind == SfKind::string);
        CHECK(d.members[0].items[0].text == "x\"y");
        CHECK(d.members[1].items[0].kind == SfKind::decimal);
        CHECK(d.members[2].items[0].kind == SfKind::byte_sequence);
        CHECK(d.members[4].items[0].kind == SfKind::boolean);
    }
    SUBCASE("syntax errors fail the whole field") {
        for (const char* bad : {"Camera=()", "camera=(", "a=1,", "a=\"open", "a=1.2345", "a=1234567890123456", "a=?2",
                                "a=(1 2", "a=:!!:", "a=1 b=2", "a=\"\x01\"", "a=@x"}) {
            INFO(bad);
            const auto d = parse_sf_dictionary(bad);
            CHECK_FALSE(d.ok);
            CHECK_FALSE(d.error.empty());
            CHECK(d.members.empty());
        }
    }
    SUBCASE("bounded") {
        std::string many;
        for (int i = 0; i < 300; ++i) many += (i ? ", k" : "k") + std::to_string(i) + "=()";
        CHECK_FALSE(parse_sf_dictionary(many).ok);
    }
}

TEST_CASE("headers.permissions_policy: outcomes") {
    const auto pp = [](const std::vector<facts::HttpHeader>& h) { return judge(check_permissions_policy, h); };
    auto f = pp({{"Permissions-Policy", "camera=(), microphone=()"}, {"Permissions-Policy", "geolocation=(self)"}});
    CHECK(f.status == Status::pass);
    CHECK(f.outcome == "valid");
    CHECK(f.evidence.at("features").size() == 3);
    f = pp({{"Feature-Policy", "camera 'none'"}});
    CHECK(f.status == Status::info);
    CHECK(f.outcome == "missing");
    CHECK(f.evidence.contains("feature_policy_note"));
    f = pp({{"Permissions-Policy", "camera 'none'"}});  // Feature-Policy syntax
    CHECK(f.status == Status::warn);
    CHECK(f.outcome == "invalid");
    CHECK(f.summary.find("offset") != std::string::npos);
    f = pp({{"Permissions-Policy", "camera=(), geolocation"}});  // a bare key is no allowlist
    CHECK(f.status == Status::warn);
    CHECK(f.summary.find("geolocation") != std::string::npos);
}
