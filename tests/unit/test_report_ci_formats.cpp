#include <doctest/doctest.h>

#include <string>

#include "checks/registry.hpp"
#include "report/jsonl_report.hpp"
#include "report/junit_report.hpp"
#include "report/sarif_report.hpp"

using namespace osescan;
using nlohmann::json;

namespace {
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

report::ScanReport sample() {
    report::ScanReport r;
    r.tool_version = "1.2.3";
    r.checks = {checks::find_check("hsts.policy"), checks::find_check("tls.version"),
                checks::find_check("mail.spf")};
    checks::TargetResult t;
    t.target = facts::Target{"https://example.com:8443/app", "example.com", false, 8443, "/app"};
    t.findings = {
        checks::Finding{"hsts.policy", "198.51.100.1", checks::Status::warn, "short", "max-age 1 day", {}},
        checks::Finding{"tls.version", "198.51.100.1", checks::Status::pass, "ok", "TLS 1.3", {}},
        checks::Finding{"tls.version", "2001:db8::1", checks::Status::fail, "old", "TLS 1.0 <on>", {{"v", "1.0"}}},
        checks::Finding{"mail.spf", "", checks::Status::error, "probe-timeout", "could not tell", {}},
        checks::Finding{"mail.spf", "x", checks::Status::not_applicable, "na", "n/a", {}},
        checks::Finding{"mail.spf", "y", checks::Status::info, "note", "fyi", {}},
    };
    r.targets.push_back(t);
    return r;
}
}  // namespace

TEST_CASE("SARIF levels follow the status") {
    CHECK(std::string(report::sarif_level(checks::Status::fail)) == "error");
    CHECK(std::string(report::sarif_level(checks::Status::error)) == "error");
    CHECK(std::string(report::sarif_level(checks::Status::warn)) == "warning");
    CHECK(std::string(report::sarif_level(checks::Status::info)) == "note");
    CHECK(std::string(report::sarif_level(checks::Status::pass)) == "none");
}

TEST_CASE("SARIF target URIs name host, port and path") {
    CHECK(report::sarif_target_uri({"a", "example.com", false, 443, "/"}) == "osescan/example.com");
    CHECK(report::sarif_target_uri({"a", "example.com", false, 8443, "/app"}) == "osescan/example.com:8443/app");
    CHECK(report::sarif_target_uri({"a", "2001:db8::1", true, 443, "/"}) == "osescan/%5B2001:db8::1%5D");
    CHECK(report::sarif_target_name({"a", "2001:db8::1", true, 8443, "/"}) == "[2001:db8::1]:8443");
    CHECK(report::sarif_target_uri({"a", "x.example", false, 443, "/a b\"<"}) == "osescan/x.example/a%20b%22%3C");
}

TEST_CASE("SARIF: a rule per check, a result per finding that is not pass or n/a") {
    report::ScanReport r = sample();
    r.policy = report::PolicySummary{"p.json", {}};
    r.policy->targets.resize(1);
    r.policy->targets[0].ignored[0] = "accepted risk";
    const json sarif = report::sarif_report_to_json(r);
    CHECK(sarif["version"] == "2.1.0");
    const json& run = sarif["runs"][0];
    CHECK(run["tool"]["driver"]["name"] == "osescan");
    REQUIRE(run["tool"]["driver"]["rules"].size() == 3);
    const json& rule = run["tool"]["driver"]["rules"][1];
    CHECK(rule["id"] == "tls.version");
    CHECK(contains(rule["help"]["markdown"].get<std::string>(), "**How to fix**"));
    CHECK(rule["helpUri"].get<std::string>().starts_with("https://"));
    const json& results = run["results"];
    REQUIRE(results.size() == 4);  // warn, fail, error, info
    CHECK(results[0]["ruleId"] == "hsts.policy");
    CHECK(results[0]["level"] == "warning");
    CHECK(results[0]["suppressions"][0]["justification"] == "accepted risk");
    CHECK(results[1]["level"] == "error");
    CHECK(results[1]["ruleIndex"] == 1);
    CHECK(results[1]["message"]["text"] == "TLS 1.0 <on>");
    CHECK(results[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "osescan/example.com:8443/app");
    CHECK(results[1]["locations"][0]["logicalLocations"][0]["name"] == "2001:db8::1");
    CHECK(results[1]["properties"]["status"] == "fail");
    CHECK(results[2]["level"] == "error");
    CHECK(results[2]["properties"]["status"] == "error");
    CHECK(results[3]["level"] == "note");
    CHECK_FALSE(results[1].contains("suppressions"));
    // Fingerprints are stable and tell findings apart.
    CHECK(results[1]["partialFingerprints"] == report::sarif_report_to_json(r)["runs"][0]["results"][1]["partialFingerprints"]);
    CHECK(results[1]["partialFingerprints"] != results[0]["partialFingerprints"]);
}

TEST_CASE("xml_escape: markup characters, forbidden characters and invalid UTF-8") {
    CHECK(report::xml_escape("<a b=\"c\" d='e'>&") == "&lt;a b=&quot;c&quot; d=&apos;e&apos;&gt;&amp;");
    CHECK(report::xml_escape("esc\x1b[0m") == "esc\\x1b[0m");
    CHECK(report::xml_escape(std::string("nul\0", 4)) == "nul\\x00");
    CHECK(report::xml_escape("tab\tlf\ncr\r") == "tab&#9;lf&#10;cr&#13;");
    CHECK(report::xml_escape("\xEF\xBF\xBE") == "\\ufffe");
    CHECK(report::xml_escape("bad\xFF") == "bad\xEF\xBF\xBD");
    CHECK(report::xml_escape("caf\xC3\xA9") == "caf\xC3\xA9");
}

TEST_CASE("JUnit: one test case per finding, statuses mapped, warn configurable") {
    const std::string failing = report::render_junit_report(sample(), report::JunitWarn::failure);
    CHECK(failing.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"osescan\" tests=\"6\" "
                              "failures=\"2\" errors=\"1\" skipped=\"1\""));
    CHECK(contains(failing, "<testsuite name=\"example.com:8443/app\" tests=\"6\" failures=\"2\" errors=\"1\" skipped=\"1\""));
    CHECK(contains(failing, "name=\"tls.version [2001:db8::1]\""));
    CHECK(contains(failing, "<failure type=\"fail\" message=\"fail (old): TLS 1.0 &lt;on&gt;\">"));
    CHECK(contains(failing, "<error type=\"error\""));
    CHECK(contains(failing, "<skipped message=\"not_applicable (na): n/a\"/>"));
    const std::string passing = report::render_junit_report(sample(), report::JunitWarn::pass);
    CHECK(contains(passing, "tests=\"6\" failures=\"1\" errors=\"1\" skipped=\"1\""));
    const std::string skipping = report::render_junit_report(sample(), report::JunitWarn::skipped);
    CHECK(contains(skipping, "tests=\"6\" failures=\"1\" errors=\"1\" skipped=\"2\""));
}

TEST_CASE("JUnit: policy ignores are skipped with the reason, input errors are errors") {
    report::ScanReport r = sample();
    r.policy = report::PolicySummary{"p.json", {}};
    r.policy->targets.resize(1);
    r.policy->targets[0].ignored[2] = "migrating";
    r.input_errors.push_back({"list.txt", 3, "a b", "spaces"});
    const std::string xml = report::render_junit_report(r, report::JunitWarn::failure);
    CHECK(contains(xml, "<skipped message=\"ignored by policy: migrating\"/>"));
    CHECK(contains(xml, "<testsuite name=\"input\" tests=\"1\" failures=\"0\" errors=\"1\""));
    CHECK(contains(xml, "name=\"list.txt:3\""));
    CHECK(contains(xml, "tests=\"7\" failures=\"1\" errors=\"2\" skipped=\"2\""));
}

TEST_CASE("JSON Lines: one compact object per line") {
    const report::ScanReport r = sample();
    const std::string line = report::jsonl_target_line(r.targets[0], nullptr);
    REQUIRE(line.back() == '\n');
    CHECK(line.find('\n') == line.size() - 1);
    const json parsed = json::parse(line);
    CHECK(parsed["kind"] == "target");
    CHECK(parsed["result"]["target"]["host"] == "example.com");
    CHECK(parsed["result"]["findings"].size() == 6);
    CHECK_FALSE(parsed.contains("policy"));
    const json error = json::parse(report::jsonl_input_error_line({"-", 2, "x y", "bad"}));
    CHECK(error == json{{"kind", "input_error"}, {"source", "-"}, {"line", 2}, {"text", "x y"}, {"problem", "bad"}});
    const json summary = json::parse(report::jsonl_summary_line(r));
    CHECK(summary["kind"] == "summary");
    CHECK(summary["targets"] == 1);
    CHECK(summary["status_counts"]["fail"] == 1);
}

TEST_CASE("JSON Lines: the catalogue goes out once, before the first target that needs it") {
    checks::TargetResult first;
    first.target = facts::Target{"a.example", "a.example", false, 443, "/"};
    first.findings = {{"tls.version", "198.51.100.1", checks::Status::error, "probe-timeout", "t", {}},
                      {"https.available", "198.51.100.1", checks::Status::fail, "no-https", "n", {}}};
    checks::TargetResult same = first;
    same.target = facts::Target{"b.example", "b.example", false, 443, "/"};
    checks::TargetResult more = first;
    more.findings[0].outcome = "probe-connection-refused";
    report::JsonlCatalogue catalogue;
    const std::string line = catalogue.line_for(first);
    REQUIRE(line.back() == '\n');
    CHECK(line.find('\n') == line.size() - 1);
    const json parsed = json::parse(line);
    CHECK(parsed["kind"] == "catalogue");
    CHECK(parsed["schema"] == "osescan-jsonl/3");
    CHECK(parsed["catalogue"]["https.available"]["outcomes"]["no-https"]["blocking"] == true);
    CHECK(parsed["catalogue"]["tls.version"]["outcomes"].contains("probe-timeout"));
    CHECK(parsed["catalogue"]["tls.version"]["title"] == std::string(checks::find_check("tls.version")->info.title));
    // Nothing new: no line. A new shared outcome: that check's entry again, with both codes.
    CHECK(catalogue.line_for(same).empty());
    const json again = json::parse(catalogue.line_for(more));
    CHECK(again["catalogue"].size() == 1);
    CHECK(again["catalogue"]["tls.version"]["outcomes"].contains("probe-timeout"));
    CHECK(again["catalogue"]["tls.version"]["outcomes"].contains("probe-connection-refused"));
}
