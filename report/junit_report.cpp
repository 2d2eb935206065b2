#include "report/junit_report.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>

#include "checks/registry.hpp"
#include "facts/utf8.hpp"
#include "report/iso_time.hpp"
#include "report/sarif_report.hpp"

namespace osescan::report {

namespace {
enum class Outcome { passed, failure, error, skipped };

Outcome outcome_of(checks::Status status, JunitWarn warn) {
    switch (status) {
        case checks::Status::pass:
        case checks::Status::info: return Outcome::passed;
        case checks::Status::warn:
            return warn == JunitWarn::failure ? Outcome::failure
                   : warn == JunitWarn::skipped ? Outcome::skipped
                                                : Outcome::passed;
        case checks::Status::fail: return Outcome::failure;
        case checks::Status::error: return Outcome::error;
        case checks::Status::not_applicable: return Outcome::skipped;
    }
    return Outcome::error;
}

std::string seconds(double ms) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3f", ms / 1000);
    return text;
}

std::string attribute(const char* name, std::string_view value) {
    return std::string(" ") + name + "=\"" + xml_escape(value) + "\"";
}

}  // namespace

std::optional<JunitWarn> junit_warn_from_name(std::string_view name) {
    if (name == "failure") return JunitWarn::failure;
    if (name == "pass") return JunitWarn::pass;
    if (name == "skipped") return JunitWarn::skipped;
    return std::nullopt;
}

std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    facts::for_each_utf8(text, [&](const facts::Utf8Char& c, std::string_view bytes) {
        if (!c.valid) {
            out += "\xEF\xBF\xBD";
            return;
        }
        const uint32_t cp = c.code_point;
        switch (cp) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            // Kept as references: attribute-value normalisation would turn them into spaces.
            case '\t': out += "&#9;"; break;
            case '\n': out += "&#10;"; break;
            case '\r': out += "&#13;"; break;
            default:
                // XML 1.0 §2.2 Char: no other C0 control, no U+FFFE/U+FFFF (not even as
                // a character reference), so they are shown as text.
                if (cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) {
                    char escape[16];
                    std::snprintf(escape, sizeof escape, cp < 0x80 ? "\\x%02x" : "\\u%04x", static_cast<unsigned>(cp));
                    out += escape;
                } else {
                    out.append(bytes);
                }
        }
    });
    return out;
}

std::string render_junit_report(const ScanReport& report, JunitWarn warn) {
    struct Counts {
        size_t tests = 0, failures = 0, errors = 0, skipped = 0;
    } total;
    std::string suites;
    for (size_t t = 0; t < report.targets.size(); ++t) {
        const checks::TargetResult& target = report.targets[t];
        const std::string suite_name = sarif_target_name(target.target);
        Counts counts;
        std::string cases;
        for (size_t i = 0; i < target.findings.size(); ++i) {
            const checks::Finding& f = target.findings[i];
            const checks::Check* check = checks::find_check(f.check_id);
            const std::string family = check ? std::string(checks::family_name(check->info.family)) : "other";
            const std::string title = check ? std::string(check->info.title) : f.check_id;
            std::string name = f.check_id + (f.subject.empty() ? "" : " [" + f.subject + "]");
            const std::string* ignored = report.ignore_reason(t, i);
            const Outcome outcome = ignored ? Outcome::skipped : outcome_of(f.status, warn);
            const std::string status(checks::status_name(f.status));
            const std::string message = status + " (" + f.outcome + "): " + f.summary;
            cases += "    <testcase" + attribute("classname", "osescan." + family + "." + suite_name) +
                     attribute("name", name) + attribute("time", "0") + ">\n";
            switch (outcome) {
                case Outcome::passed: break;
                case Outcome::failure:
                    counts.failures++;
                    cases += "      <failure" + attribute("type", status) + attribute("message", message) + ">" +
                             xml_escape(title + ": " + f.summary + "\nevidence: " +
                                        f.evidence.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)) +
                             "</failure>\n";
                    break;
                case Outcome::error:
                    counts.errors++;
                    cases += "      <error" + attribute("type", status) + attribute("message", message) + ">" +
                             xml_escape(title + ": " + f.summary + "\nevidence: " +
                                        f.evidence.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)) +
                             "</error>\n";
                    break;
                case Outcome::skipped:
                    counts.skipped++;
                    cases += "      <skipped" +
                             attribute("message", ignored ? "ignored by policy: " + *ignored : message) + "/>\n";
                    break;
            }
            if (outcome == Outcome::passed && f.status != checks::Status::pass)
                cases += "      <system-out>" + xml_escape(message) + "</system-out>\n";
            cases += "    </testcase>\n";
            counts.tests++;
        }
        suites += "  <testsuite" + attribute("name", suite_name) + attribute("tests", std::to_string(counts.tests)) +
                  attribute("failures", std::to_string(counts.failures)) +
                  attribute("errors", std::to_string(counts.errors)) +
                  attribute("skipped", std::to_string(counts.skipped)) +
                  attribute("time", seconds(target.duration_ms)) +
                  attribute("timestamp", iso8601_utc(report.started)) + ">\n" + cases + "  </testsuite>\n";
        total.tests += counts.tests, total.failures += counts.failures, total.errors += counts.errors,
            total.skipped += counts.skipped;
    }
    if (!report.input_errors.empty()) {
        std::string cases;
        for (const InputError& e : report.input_errors)
            cases += "    <testcase" + attribute("classname", "osescan.input") +
                     attribute("name", e.source + ":" + std::to_string(e.line)) + attribute("time", "0") +
                     ">\n      <error" + attribute("type", "input-error") +
                     attribute("message", "invalid target '" + e.text + "': " + e.problem) + "/>\n    </testcase>\n";
        const std::string n = std::to_string(report.input_errors.size());
        suites += "  <testsuite" + attribute("name", "input") + attribute("tests", n) + attribute("failures", "0") +
                  attribute("errors", n) + attribute("skipped", "0") + attribute("time", "0") + ">\n" + cases +
                  "  </testsuite>\n";
        total.tests += report.input_errors.size(), total.errors += report.input_errors.size();
    }
    using namespace std::chrono;
    const double ms = std::max(0.0, duration<double, std::milli>(report.finished - report.started).count());
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites" + attribute("name", "osescan") +
           attribute("tests", std::to_string(total.tests)) + attribute("failures", std::to_string(total.failures)) +
           attribute("errors", std::to_string(total.errors)) + attribute("skipped", std::to_string(total.skipped)) +
           attribute("time", seconds(ms)) + ">\n" + suites + "</testsuites>\n";
}

}  // namespace osescan::report
