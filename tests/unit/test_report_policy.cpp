#include <doctest/doctest.h>

#include <string>

#include "report/policy.hpp"

using namespace osescan;
using nlohmann::json;
using report::evaluate_policy;
using report::FailOn;
using report::parse_policy;

namespace {
checks::TargetResult target_with(std::vector<checks::Finding> findings) {
    checks::TargetResult t;
    t.target = facts::Target{"example.com", "example.com", false, 443, "/"};
    t.findings = std::move(findings);
    return t;
}

checks::Finding finding(const std::string& id, checks::Status status, const std::string& subject = "198.51.100.1") {
    return checks::Finding{id, subject, status, "o", "s", {}};
}

report::Policy policy_of(const json& document) {
    const report::PolicyParse parsed = parse_policy(document);
    const std::string first_error = parsed.errors.empty() ? "" : parsed.errors.front();
    INFO(first_error);
    REQUIRE(parsed.policy);
    return *parsed.policy;
}

bool has_error(const report::PolicyParse& p, const std::string& part) {
    for (const std::string& e : p.errors)
        if (e.find(part) != std::string::npos) return true;
    return false;
}
}  // namespace

TEST_CASE("--fail-on levels as worst accepted statuses") {
    CHECK(report::worst_accepted_for_fail_on(report::FailOn::warn) == checks::Status::info);
    CHECK(report::worst_accepted_for_fail_on(report::FailOn::fail) == checks::Status::warn);
    CHECK(report::worst_accepted_for_fail_on(report::FailOn::error) == checks::Status::fail);
    CHECK(report::worst_accepted_for_fail_on(report::FailOn::never) == checks::Status::error);
    CHECK_FALSE(report::fail_on_from_name("pass"));
}

TEST_CASE("a policy is parsed strictly: unknown keys, checks and statuses are errors") {
    CHECK(has_error(parse_policy(json::array()), "JSON object"));
    CHECK(has_error(parse_policy({{"requierd", json::array()}}), "unknown key \"requierd\""));
    CHECK(has_error(parse_policy({{"required", {"tls.versoin"}}}), "unknown check \"tls.versoin\""));
    CHECK(has_error(parse_policy({{"accept", {{"tls.version", "ok"}}}}), "accept[\"tls.version\"] must be"));
    CHECK(has_error(parse_policy({{"accept", {{"tls.version", "not_applicable"}}}}), "must be"));
    CHECK(has_error(parse_policy({{"fail_on", "sometimes"}}), "fail_on must be"));
    CHECK(has_error(parse_policy({{"ignore", {{{"check", "ipv6"}}}}}), "ignore[0].reason is required"));
    CHECK(has_error(parse_policy({{"ignore", {{{"check", "ipv6"}, {"reason", "  "}}}}}), "reason is required"));
    CHECK(has_error(parse_policy({{"ignore", {{{"reason", "x"}}}}}), "ignore[0].check is required"));
    CHECK(has_error(parse_policy({{"ignore", {{{"check", "ipv6"}, {"reason", "x"}, {"until", "2027"}}}}}),
                    "unknown key \"until\""));
    const auto ok = parse_policy({{"$schema", "x"},
                                  {"description", "team web"},
                                  {"fail_on", "warn"},
                                  {"required", {"tls.version", "hsts.policy"}},
                                  {"accept", {{"tls.version", "pass"}, {"hsts.policy", "warn"}, {"ipv6", "fail"}}},
                                  {"ignore", {{{"check", "rpki"}, {"reason", "our provider has no ROAs yet"}}}}});
    REQUIRE(ok.policy);
    CHECK(ok.errors.empty());
    CHECK(ok.policy->fail_on == report::FailOn::warn);
    CHECK(ok.policy->required.size() == 2);
    CHECK(ok.policy->accept.size() == 3);
    CHECK(ok.policy->ignore.front().reason == "our provider has no ROAs yet");
}

TEST_CASE("accept: a per-check worst status; other checks follow fail_on, else --fail-on") {
    const report::Policy policy = policy_of({{"accept", {{"tls.version", "pass"}, {"hsts.policy", "warn"}}}});
    // info on tls.version breaks "pass"; warn on hsts.policy is fine; fail on hsts.policy is not.
    auto verdict = evaluate_policy(policy,
                                   target_with({finding("tls.version", checks::Status::info),
                                                finding("hsts.policy", checks::Status::warn),
                                                finding("https.redirect", checks::Status::warn)}),
                                   FailOn::fail);
    REQUIRE(verdict.violations.size() == 1);
    CHECK(verdict.violations[0].check_id == "tls.version");
    CHECK(verdict.violations[0].status == "info");
    CHECK(verdict.violations[0].accepted == "pass");
    // https.redirect warn: --fail-on fail accepts warn; --fail-on warn does not.
    verdict = evaluate_policy(policy, target_with({finding("https.redirect", checks::Status::warn)}), FailOn::warn);
    REQUIRE(verdict.violations.size() == 1);
    CHECK(verdict.violations[0].accepted == "info");
    // The policy's own fail_on wins over --fail-on.
    const report::Policy lenient = policy_of({{"fail_on", "never"}});
    CHECK(evaluate_policy(lenient, target_with({finding("https.redirect", checks::Status::error)}), FailOn::warn)
              .violations.empty());
}

TEST_CASE("the most specific accept rule wins: id over prefix over family") {
    const report::Policy policy =
        policy_of({{"accept", {{"certificate", "error"}, {"tls.certificate", "warn"}, {"tls.certificate.key", "pass"}}}});
    const auto verdict = evaluate_policy(policy,
                                         target_with({finding("tls.certificate.key", checks::Status::warn),
                                                      finding("tls.certificate.trust", checks::Status::warn),
                                                      finding("tls.certificate.name", checks::Status::fail)}),
                                         FailOn::never);
    REQUIRE(verdict.violations.size() == 2);
    CHECK(verdict.violations[0].check_id == "tls.certificate.key");
    CHECK(verdict.violations[0].accepted == "pass");
    CHECK(verdict.violations[1].check_id == "tls.certificate.name");
    CHECK(verdict.violations[1].accepted == "warn");
}

TEST_CASE("required checks: missing counts as a violation, any finding (also n/a) is present") {
    const report::Policy policy = policy_of({{"required", {"tls.version", "dnssec.valid", "mail"}}});
    const auto verdict = evaluate_policy(policy,
                                         target_with({finding("tls.version", checks::Status::pass),
                                                      finding("mail.spf", checks::Status::not_applicable)}),
                                         FailOn::fail);
    REQUIRE(verdict.violations.size() == 1);
    CHECK(verdict.violations[0].check_id == "dnssec.valid");
    CHECK(verdict.violations[0].status == "missing");
    CHECK(verdict.violations[0].subject == "");
}

TEST_CASE("ignore: by check, target and subject, with the reason kept per finding") {
    const report::Policy policy = policy_of(
        {{"ignore",
          {{{"check", "ipv6"}, {"reason", "no IPv6 at our host until 2027"}},
           {{"check", "tls.version"}, {"target", "other.example"}, {"reason", "not this target"}},
           {{"check", "hsts.policy"}, {"subject", "198.51.100.2"}, {"reason", "legacy box"}}}}});
    const auto verdict = evaluate_policy(policy,
                                         target_with({finding("ipv6.web.address", checks::Status::fail),
                                                      finding("tls.version", checks::Status::fail),
                                                      finding("hsts.policy", checks::Status::fail, "198.51.100.2"),
                                                      finding("hsts.policy", checks::Status::fail, "198.51.100.3")}),
                                         FailOn::fail);
    REQUIRE(verdict.ignored.size() == 2);
    CHECK(verdict.ignored.at(0) == "no IPv6 at our host until 2027");
    CHECK(verdict.ignored.at(2) == "legacy box");
    REQUIRE(verdict.violations.size() == 2);
    CHECK(verdict.violations[0].check_id == "tls.version");
    CHECK(verdict.violations[1].subject == "198.51.100.3");
}
