// headers.csp: the CSP3 parser, the weakness rules, and the check's outcomes.
#include <doctest/doctest.h>

#include <algorithm>

#include "checks/headers/csp_policy.hpp"
#include "checks/headers/header_checks.hpp"
#include "tests/unit/checks_fixtures.hpp"

using namespace osescan;
using namespace osescan::checks::headers;
using osescan::checks::Status;
using osescan::test::FactsFixture;

namespace {
constexpr const char* k_v4 = "198.51.100.10";
constexpr const char* k_strong =
    "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'";

std::vector<std::string> kinds(const std::vector<CspWeakness>& list) {
    std::vector<std::string> out;
    for (const CspWeakness& w : list) out.push_back(w.kind);
    return out;
}
bool has_rule(const std::vector<CspWeakness>& list, const std::string& rule) {
    return std::any_of(list.begin(), list.end(), [&](const CspWeakness& w) { return w.rule == rule; });
}

checks::Finding judge(const std::vector<facts::HttpHeader>& headers) {
    FactsFixture f;
    f.addresses({k_v4}, {});
    f.http(f.https_first(k_v4), test::http_response(200, headers));
    const auto findings = check_csp(f.replay());
    REQUIRE(findings.size() == 1);
    return findings.front();
}
}  // namespace

TEST_CASE("CSP parser: CSP3 §2.2.1 and §2.2.2") {
    SUBCASE("directives, lower-cased names, sources split on ASCII whitespace") {
        const auto list = parse_csp_list("  Default-Src 'self'\thttps://a.example ;; SCRIPT-SRC 'nonce-abc'  ");
        REQUIRE(list.size() == 1);
        REQUIRE(list[0].directives.size() == 2);
        CHECK(list[0].directives[0].name == "default-src");
        CHECK(list[0].directives[0].sources == std::vector<std::string>{"'self'", "https://a.example"});
        CHECK(list[0].directives[1].name == "script-src");
    }
    SUBCASE("a repeated directive is ignored, the first counts") {
        const auto list = parse_csp_list("script-src 'none'; script-src *");
        REQUIRE(list.size() == 1);
        CHECK(list[0].find("script-src")->sources == std::vector<std::string>{"'none'"});
        CHECK(list[0].duplicate_directives == std::vector<std::string>{"script-src"});
    }
    SUBCASE("commas separate policies; empty ones are skipped") {
        const auto list = parse_csp_list("default-src 'self', , script-src 'none'");
        REQUIRE(list.size() == 2);
        CHECK(list[1].find("script-src"));
    }
    SUBCASE("invalid names are kept out") {
        const auto list = parse_csp_list("scr\x01ipt-src *; default-src 'none'");
        REQUIRE(list.size() == 1);
        CHECK(list[0].directives.size() == 1);
        CHECK(list[0].invalid_names.size() == 1);
    }
    SUBCASE("bounded") {
        std::string many;
        for (int i = 0; i < 200; ++i) many += "d" + std::to_string(i) + " x;";
        const auto list = parse_csp_list(many);
        REQUIRE(list.size() == 1);
        CHECK(list[0].directives.size() == k_csp_max_directives);
        CHECK(list[0].truncated);
        std::string policies;
        for (int i = 0; i < 100; ++i) policies += "default-src 'self',";
        CHECK(parse_csp_list(policies).size() == k_csp_max_policies);
    }
}

TEST_CASE("CSP weaknesses") {
    const auto weak = [](const std::string& text) { return combined_weaknesses(parse_csp_list(text)); };
    SUBCASE("a strong policy has none") { CHECK(weak(k_strong).empty()); }
    SUBCASE("unsafe-inline without nonce or hash, and no default-src") {
        const auto w = weak(
            "script-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; "
            "frame-ancestors 'none'; form-action 'self'");
        CHECK(kinds(w) == std::vector<std::string>{"script-inline", "no-default-src"});
        CHECK(has_rule(w, "script-src 'unsafe-inline' without a nonce or hash"));
    }
    SUBCASE("a nonce, a hash or 'strict-dynamic' makes browsers ignore 'unsafe-inline'") {
        CHECK(weak("default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
                   "form-action 'self'; script-src 'unsafe-inline' 'nonce-r4nd0m'")
                  .empty());
        CHECK(weak("script-src 'unsafe-inline' 'sha256-abc='; default-src 'none'; base-uri 'none'; "
                   "frame-ancestors 'none'; form-action 'none'")
                  .empty());
        // 'strict-dynamic' also makes host and scheme sources ignored (CSP3 §8.2).
        CHECK(weak("script-src 'strict-dynamic' 'nonce-x' 'unsafe-inline' https: *; default-src 'none'; "
                   "base-uri 'none'; frame-ancestors 'none'; form-action 'none'")
                  .empty());
    }
    SUBCASE("'unsafe-eval' is never neutralised") {
        const auto w = weak(
            "default-src 'none'; script-src 'nonce-x' 'unsafe-eval'; base-uri 'none'; "
            "frame-ancestors 'none'; form-action 'none'");
        CHECK(kinds(w) == std::vector<std::string>{"script-eval"});
    }
    SUBCASE("open sources in script-src and object-src, with default-src fallback") {
        const auto w = weak(
            "default-src * data:; script-src http: https: http://cdn.example; base-uri 'none'; "
            "frame-ancestors 'none'; form-action 'none'");
        CHECK(has_rule(w, "script-src http:"));
        CHECK(has_rule(w, "script-src https:"));
        CHECK(has_rule(w, "script-src http://cdn.example"));
        CHECK(has_rule(w, "default-src *"));  // object-src falls back to default-src
        CHECK(has_rule(w, "default-src data:"));
    }
    SUBCASE("no policy directives at all: every kind") {
        const auto w = weak("upgrade-insecure-requests");
        CHECK(w.size() == 8);
    }
    SUBCASE("several enforced policies: a weakness stays only if every policy has it") {
        // The second policy blocks inline script; both lack form-action.
        const auto w = weak(
            "script-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none', "
            "default-src 'self'; base-uri 'none'");
        CHECK(kinds(w) == std::vector<std::string>{"no-form-action"});
        // Different open sources in each policy are still the same weakness.
        const auto open = weak("script-src *, script-src http:");
        CHECK(has_rule(open, "script-src *"));
        CHECK(has_rule(open, "script-src http:"));
    }
    SUBCASE("frame-ancestors restriction") {
        CHECK(restricts_framing(parse_csp_list("frame-ancestors 'self'")[0]));
        CHECK_FALSE(restricts_framing(parse_csp_list("frame-ancestors *")[0]));
        CHECK_FALSE(restricts_framing(parse_csp_list("default-src 'none'")[0]));
    }
}

TEST_CASE("headers.csp: outcomes") {
    SUBCASE("strong: pass") {
        const auto f = judge({{"Content-Security-Policy", k_strong}});
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "strong");
        CHECK(f.evidence.at("broken_rules").empty());
    }
    SUBCASE("weak: warn, each rule named") {
        const auto f = judge({{"Content-Security-Policy", "script-src 'self' 'unsafe-inline'"}});
        CHECK(f.status == Status::warn);
        CHECK(f.outcome == "weak");
        CHECK(f.summary.find("'unsafe-inline'") != std::string::npos);
        CHECK(f.summary.find("no default-src") != std::string::npos);
        CHECK(f.evidence.at("broken_rules").size() == 6);
    }
    SUBCASE("two headers are two enforced policies") {
        const auto f =
            judge({{"Content-Security-Policy", "script-src 'unsafe-inline'"}, {"content-security-policy", k_strong}});
        CHECK(f.outcome == "strong");
        CHECK(f.evidence.at("policies").size() == 2);
    }
    SUBCASE("missing: warn") {
        const auto f = judge({{"Content-Type", "text/html"}});
        CHECK(f.status == Status::warn);
        CHECK(f.outcome == "missing");
    }
    SUBCASE("Report-Only alone does not count") {
        const auto f = judge({{"Content-Security-Policy-Report-Only", k_strong}});
        CHECK(f.status == Status::warn);
        CHECK(f.outcome == "report-only");
        CHECK(f.evidence.contains("report_only_headers"));
    }
    SUBCASE("an empty header") {
        const auto f = judge({{"Content-Security-Policy", " ; ,"}});
        CHECK(f.status == Status::warn);
        CHECK(f.outcome == "empty");
    }
    SUBCASE("hostile bytes stay displayable") {
        const auto f = judge({{"Content-Security-Policy", "script-src \xff\x01<script> *"}});
        CHECK(f.outcome == "weak");
        CHECK(f.summary.find('\x01') == std::string::npos);
        CHECK_NOTHROW(f.evidence.dump());
    }
    SUBCASE("no HTTPS response: error") {
        FactsFixture fx;
        fx.addresses({k_v4}, {});
        fx.http(fx.https_first(k_v4), test::probe_error("timeout"));
        const auto findings = check_csp(fx.replay());
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].status == Status::error);
    }
}
