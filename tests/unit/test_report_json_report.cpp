#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <string>

#include "checks/registry.hpp"
#include "report/iso_time.hpp"
#include "report/json_report.hpp"

using namespace osescan;
using nlohmann::json;

namespace {
// A scored check with remediation texts, for asserting that texts reach the report.
const checks::Check& scored_check() {
    const auto& all = checks::all_checks();
    auto it = std::find_if(all.begin(), all.end(), [](const checks::Check& c) { return c.info.scored; });
    REQUIRE(it != all.end());
    return *it;
}

checks::Finding finding(const std::string& id, const std::string& subject, checks::Status status) {
    return checks::Finding{id, subject, status, "some-outcome", "summary of " + subject,
                           json{{"seen", subject}}};
}

report::ScanReport sample_report() {
    const checks::Check& check = scored_check();
    const std::string id{check.info.id};
    report::ScanReport r;
    r.tool_version = "9.9.9";
    r.started = std::chrono::system_clock::time_point(std::chrono::milliseconds(1790000000125));
    r.finished = r.started + std::chrono::milliseconds(2500);
    r.options = {{"fail_on", "fail"}};
    r.context.now = 1790000000;
    r.context.settings = {{"custom_ca", false}};
    r.checks = {&check};
    checks::TargetResult t;
    t.target = facts::Target{"https://Example.com:8443/app", "example.com", false, 8443, "/app"};
    t.duration_ms = 812.5;
    t.findings = {finding(id, "198.51.100.1", checks::Status::pass),
                  finding(id, "2001:db8::1", checks::Status::warn),
                  finding(id, "198.51.100.2", checks::Status::error),
                  finding("no.such.check", "", checks::Status::info)};
    r.targets.push_back(t);
    checks::TargetResult empty;
    empty.target = facts::Target{"198.51.100.9", "198.51.100.9", true, 443, "/"};
    r.targets.push_back(empty);
    return r;
}
}  // namespace

TEST_CASE("ISO 8601 UTC timestamps") {
    CHECK(report::iso8601_utc(int64_t{0}) == "1970-01-01T00:00:00Z");
    CHECK(report::iso8601_utc(int64_t{1790000000}) == "2026-09-21T14:13:20Z");
    const auto t = std::chrono::system_clock::time_point(std::chrono::milliseconds(1790000000125));
    CHECK(report::iso8601_utc(t) == "2026-09-21T14:13:20.125Z");
    using std::chrono::milliseconds;
    using std::chrono::system_clock;
    CHECK(report::iso8601_utc(system_clock::time_point(milliseconds(1790000000007))) == "2026-09-21T14:13:20.007Z");
    CHECK(report::iso8601_utc(system_clock::time_point(milliseconds(-1))) == "1969-12-31T23:59:59.999Z");
}

TEST_CASE("the top level: schema, tool, times, options, context, catalogue, totals") {
    const json j = report::report_to_json(sample_report());
    const checks::Check& check = scored_check();
    CHECK(j["schema"] == "osescan/3");
    CHECK(j["tool"] == json{{"name", "osescan"}, {"version", "9.9.9"}});
    CHECK(j["started"] == "2026-09-21T14:13:20.125Z");
    CHECK(j["finished"] == "2026-09-21T14:13:22.625Z");
    CHECK(j["duration_ms"] == 2500.0);
    CHECK(j["options"] == json{{"fail_on", "fail"}});
    CHECK(j["context"] == json{{"now", "2026-09-21T14:13:20Z"}, {"settings", {{"custom_ca", false}}}});
    CHECK(j["checks"] == json::array({std::string(check.info.id)}));
    // The catalogue: the check's texts once, keyed by id; the finding of an unknown check
    // has no entry.
    REQUIRE(j["catalogue"].size() == 1);
    const json& entry = j["catalogue"][std::string(check.info.id)];
    CHECK(entry["family"] == std::string(checks::family_name(check.info.family)));
    CHECK(entry["title"] == std::string(check.info.title));
    CHECK(entry["scored"] == true);
    CHECK(entry["explanation"] == std::string(check.info.why));
    CHECK(entry["remediation"]["text"] == std::string(check.info.fix));
    REQUIRE(entry["remediation"]["snippets"].size() == check.info.snippets.size());
    for (size_t i = 0; i < check.info.snippets.size(); ++i) {
        CHECK(entry["remediation"]["snippets"][i]["server"] == std::string(check.info.snippets[i].server));
        CHECK(entry["remediation"]["snippets"][i]["code"] == std::string(check.info.snippets[i].code));
    }
    REQUIRE(entry["references"].size() == check.info.refs.size());
    for (size_t i = 0; i < check.info.refs.size(); ++i)
        CHECK(entry["references"][i] == json{{"label", std::string(check.info.refs[i].label)},
                                             {"url", std::string(check.info.refs[i].url)}});
    // Every declared outcome, keyed by code, with its status, blocking flag and line.
    REQUIRE(entry["outcomes"].size() >= check.info.outcomes.size());
    for (const checks::Outcome& o : check.info.outcomes) {
        const json& out = entry["outcomes"][std::string(o.code)];
        CHECK(out["status"] == std::string(checks::status_name(o.status)));
        CHECK(out["blocking"] == o.blocking);
        CHECK(out["summary"] == std::string(o.summary));
        CHECK(out.contains("remediation") == !o.fix.empty());
    }
    CHECK(entry.size() == 7);
    CHECK(j["status_counts"] == json{{"pass", 1}, {"info", 1}, {"warn", 1}, {"fail", 0}, {"error", 1},
                                     {"not_applicable", 0}});
    CHECK(j["targets"].size() == 2);
    CHECK(j.size() == 11);
}

TEST_CASE("a target: identity, duration, scores, counts, worst status") {
    const json j = report::report_to_json(sample_report());
    const json& t = j["targets"][0];
    CHECK(t["target"] == json{{"input", "https://Example.com:8443/app"}, {"host", "example.com"},
                              {"port", 8443}, {"path", "/app"}, {"is_ip", false}});
    CHECK(t["duration_ms"] == 812.5);
    CHECK(t["worst_status"] == "error");
    CHECK(t["status_counts"]["pass"] == 1);
    CHECK(t["status_counts"]["error"] == 1);
    // pass 100 + warn 50 over two scored findings; the error is counted next to it.
    const std::string family{checks::family_name(scored_check().info.family)};
    CHECK(t["scores"]["overall"] == 75.0);
    CHECK(t["scores"]["families"][family]["score"] == 75.0);
    CHECK(t["scores"]["families"][family]["scored"] == 2);
    CHECK(t["scores"]["families"][family]["errors"] == 1);
    CHECK(t["scores"]["families"][family]["status_counts"]["warn"] == 1);
    CHECK(t["scores"]["families"].size() == 1);  // the unknown check belongs to no family
    // The inputs of the score model: the uncapped mean, the caps (none) and completeness.
    CHECK(t["scores"]["uncapped"] == 75.0);
    CHECK(t["scores"]["caps"] == json::array());
    CHECK(t["scores"]["complete"] == false);
    CHECK(t["scores"]["checks_not_run"] == json::array({std::string(scored_check().info.id)}));

    const json& empty = j["targets"][1];
    CHECK(empty["worst_status"].is_null());
    CHECK(empty["scores"]["overall"].is_null());
    CHECK(empty["scores"]["complete"] == true);
    CHECK(empty["findings"] == json::array());
    CHECK(empty["target"]["is_ip"] == true);
}

TEST_CASE("a finding carries its keys, its own summary and evidence, and no catalogue text") {
    const checks::Check& check = scored_check();
    const json f = report::finding_to_json(finding(std::string(check.info.id), "2001:db8::1", checks::Status::warn));
    CHECK(f == json{{"check_id", std::string(check.info.id)},
                    {"subject", "2001:db8::1"},
                    {"status", "warn"},
                    {"outcome", "some-outcome"},
                    {"summary", "summary of 2001:db8::1"},
                    {"evidence", {{"seen", "2001:db8::1"}}}});
    checks::Finding unknown = finding("no.such.check", "", checks::Status::info);
    unknown.evidence = nullptr;
    CHECK(report::finding_to_json(unknown)["evidence"] == json::object());
}

TEST_CASE("the catalogue: shared outcomes where concluded, blocking flags, checks only findings name") {
    checks::TargetResult t;
    t.findings = {{"tls.certificate.validity", "198.51.100.1", checks::Status::fail, "expired", "x", {}},
                  {"tls.certificate.validity", "198.51.100.2", checks::Status::error, "probe-timeout", "y", {}},
                  {"https.available", "198.51.100.1", checks::Status::fail, "no-https", "z", {}}};
    const checks::Check* validity = checks::find_check("tls.certificate.validity");
    REQUIRE(validity != nullptr);
    const json c = report::catalogue_to_json({validity}, {t});
    REQUIRE(c.contains("tls.certificate.validity"));
    CHECK(c["tls.certificate.validity"]["outcomes"]["expired"]["blocking"] == true);
    CHECK(c["tls.certificate.validity"]["outcomes"]["expires-soon"]["blocking"] == false);
    CHECK(c["tls.certificate.validity"]["outcomes"]["probe-timeout"]["status"] == "error");
    CHECK_FALSE(c["tls.certificate.validity"]["outcomes"].contains("probe-refused"));
    // https.available did not "run" here, but a finding names it: its entry is there too.
    REQUIRE(c.contains("https.available"));
    CHECK(c["https.available"]["outcomes"]["no-https"]["blocking"] == true);
}

TEST_CASE("invalid UTF-8 from a server does not break the JSON text") {
    report::ScanReport r = sample_report();
    r.targets[0].findings[0].summary = "bad \xFF\xFE bytes";
    r.targets[0].findings[0].evidence = {{"header", "x\xC0"}};
    const std::string text = report::render_json_report(r);
    CHECK(text.back() == '\n');
    const json back = json::parse(text);
    CHECK(back["targets"][0]["findings"][0]["summary"] == "bad \xEF\xBF\xBD\xEF\xBF\xBD bytes");
    CHECK(back["targets"][0]["findings"][0]["evidence"]["header"] == "x\xEF\xBF\xBD");
}

TEST_CASE("batch and policy fields appear only when used") {
    report::ScanReport r = sample_report();
    const json plain = report::report_to_json(r);
    CHECK_FALSE(plain.contains("input_errors"));
    CHECK_FALSE(plain.contains("shard"));
    CHECK_FALSE(plain.contains("policy"));

    r.input_errors.push_back({"sites.txt", 4, "bad..example", "empty label"});
    r.shard = "2/8";
    r.policy = report::PolicySummary{"policy.json", {}};
    r.policy->targets.resize(r.targets.size());
    r.policy->targets[0].ignored[0] = "known, fixed in Q3";
    r.policy->targets[0].violations.push_back({"dnssec.valid", "", "missing", "pass"});
    const json used = report::report_to_json(r);
    CHECK(used["input_errors"] ==
          json::array({{{"source", "sites.txt"}, {"line", 4}, {"text", "bad..example"}, {"problem", "empty label"}}}));
    CHECK(used["shard"] == "2/8");
    CHECK(used["policy"]["file"] == "policy.json");
    CHECK(used["policy"]["passed"] == false);
    const json& target = used["policy"]["targets"][0];
    CHECK(target["host"] == "example.com");
    CHECK(target["passed"] == false);
    CHECK(target["violations"][0] ==
          json{{"check_id", "dnssec.valid"}, {"subject", ""}, {"status", "missing"}, {"accepted", "pass"}});
    const checks::Finding& first = r.targets[0].findings[0];
    CHECK(target["ignored"][0] == json{{"check_id", first.check_id},
                                       {"subject", first.subject},
                                       {"status", std::string(checks::status_name(first.status))},
                                       {"reason", "known, fixed in Q3"}});
}
