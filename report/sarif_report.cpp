#include "report/sarif_report.hpp"

#include <cctype>
#include <cstdio>
#include <map>

#include "checks/registry.hpp"
#include "report/iso_time.hpp"
#include "report/json_report.hpp"

namespace osescan::report {

namespace {
using nlohmann::json;

// Markdown help of a rule: the catalogue's texts as sections, snippets as fenced code.
std::string help_markdown(const checks::CheckInfo& info) {
    std::string out;
    if (!info.why.empty()) out += "**Why it matters**\n\n" + std::string(info.why) + "\n\n";
    if (!info.fix.empty()) out += "**How to fix**\n\n" + std::string(info.fix) + "\n\n";
    for (const checks::ConfigSnippet& s : info.snippets)
        out += std::string(s.server) + ":\n\n```\n" + std::string(s.code) + "\n```\n\n";
    if (!info.refs.empty()) {
        out += "**References**\n\n";
        for (const checks::Reference& r : info.refs)
            out += "- [" + std::string(r.label) + "](" + std::string(r.url) + ")\n";
    }
    return out;
}

std::string help_text(const checks::CheckInfo& info) {
    std::string out;
    if (!info.why.empty()) out += "Why it matters: " + std::string(info.why) + "\n\n";
    if (!info.fix.empty()) out += "How to fix: " + std::string(info.fix) + "\n";
    for (const checks::ConfigSnippet& s : info.snippets)
        out += "\n" + std::string(s.server) + ":\n" + std::string(s.code) + "\n";
    for (const checks::Reference& r : info.refs)
        out += "\nSee " + std::string(r.label) + ": " + std::string(r.url);
    return out;
}

json rule_to_json(const checks::CheckInfo& info) {
    json refs = json::array();
    for (const checks::Reference& r : info.refs) refs.push_back({{"label", r.label}, {"url", r.url}});
    json rule = {{"id", info.id},
                 {"name", info.id},
                 {"shortDescription", {{"text", info.title}}},
                 {"fullDescription", {{"text", info.why.empty() ? info.title : info.why}}},
                 {"help", {{"text", help_text(info)}, {"markdown", help_markdown(info)}}},
                 {"defaultConfiguration", {{"level", "warning"}}},
                 {"properties",
                  {{"tags", {"osescan", std::string(checks::family_name(info.family))}},
                   {"family", std::string(checks::family_name(info.family))},
                   {"references", refs}}}};
    if (!info.refs.empty()) rule["helpUri"] = info.refs.front().url;
    return rule;
}

// A stable identity of a finding across scans, so dashboards track it instead of
// opening a new alert each run (FNV-1a; the summary is left out as it may quote data).
std::string fingerprint(const facts::Target& t, const checks::Finding& f) {
    uint64_t hash = 0xcbf29ce484222325ULL;
    for (const std::string& part : {sarif_target_uri(t), f.check_id, f.subject, f.outcome}) {
        for (unsigned char c : part) {
            hash ^= c;
            hash *= 0x100000001b3ULL;
        }
        hash ^= 0xff;
        hash *= 0x100000001b3ULL;
    }
    char text[24];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
    return text;
}
}  // namespace

const char* sarif_level(checks::Status status) {
    switch (status) {
        case checks::Status::fail:
        case checks::Status::error: return "error";
        case checks::Status::warn: return "warning";
        case checks::Status::info: return "note";
        case checks::Status::pass:
        case checks::Status::not_applicable: return "none";
    }
    return "none";
}

std::string sarif_target_name(const facts::Target& t) {
    const bool v6 = t.is_ip && t.host.find(':') != std::string::npos;
    std::string out = v6 ? "[" + t.host + "]" : t.host;
    if (t.port != 443) out += ":" + std::to_string(t.port);
    if (t.path != "/") out += t.path;
    return out;
}

std::string sarif_target_uri(const facts::Target& t) {
    // A relative URI reference (RFC 3986 §4.2): path characters as they are, anything
    // else (the IPv6 brackets, stray bytes) percent-encoded.
    std::string out = "osescan/";
    for (unsigned char c : sarif_target_name(t)) {
        const bool keep = std::isalnum(c) || std::string_view("-._~!$&'()*+,;=:@/%?").find(static_cast<char>(c)) !=
                                                 std::string_view::npos;
        if (keep) {
            out += static_cast<char>(c);
        } else {
            char escape[4];
            std::snprintf(escape, sizeof escape, "%%%02X", c);
            out += escape;
        }
    }
    return out;
}

json sarif_report_to_json(const ScanReport& report) {
    json rules = json::array();
    std::map<std::string, size_t> rule_index;
    for (const checks::Check* c : report.checks) {
        rule_index[std::string(c->info.id)] = rules.size();
        rules.push_back(rule_to_json(c->info));
    }
    json results = json::array();
    for (size_t t = 0; t < report.targets.size(); ++t) {
        const checks::TargetResult& target = report.targets[t];
        const std::string uri = sarif_target_uri(target.target);
        for (size_t i = 0; i < target.findings.size(); ++i) {
            const checks::Finding& f = target.findings[i];
            if (f.status == checks::Status::pass || f.status == checks::Status::not_applicable) continue;
            json location = {{"physicalLocation", {{"artifactLocation", {{"uri", uri}}}, {"region", {{"startLine", 1}}}}}};
            json logical = {{"name", f.subject.empty() ? target.target.host : f.subject},
                            {"fullyQualifiedName", uri + (f.subject.empty() ? "" : "#" + f.subject)},
                            {"kind", "resource"}};
            location["logicalLocations"] = json::array({logical});
            json result = {{"ruleId", f.check_id},
                           {"level", sarif_level(f.status)},
                           {"message", {{"text", f.summary.empty() ? f.outcome : f.summary}}},
                           {"locations", json::array({location})},
                           {"partialFingerprints", {{"osescanFinding/v1", fingerprint(target.target, f)}}},
                           {"properties",
                            {{"status", std::string(checks::status_name(f.status))},
                             {"outcome", f.outcome},
                             {"target", target.target.input},
                             {"host", target.target.host},
                             {"subject", f.subject},
                             {"evidence", f.evidence}}}};
            if (auto it = rule_index.find(f.check_id); it != rule_index.end()) result["ruleIndex"] = it->second;
            if (const std::string* reason = report.ignore_reason(t, i))
                result["suppressions"] = json::array({{{"kind", "external"}, {"justification", *reason}}});
            results.push_back(std::move(result));
        }
    }
    json notifications = json::array();
    for (const InputError& e : report.input_errors)
        notifications.push_back({{"level", "error"},
                                 {"message", {{"text", e.source + ":" + std::to_string(e.line) + ": invalid target '" +
                                                           e.text + "': " + e.problem}}},
                                 {"descriptor", {{"id", "input-error"}}}});
    json invocation = {{"executionSuccessful", true},
                       {"startTimeUtc", iso8601_utc(report.started)},
                       {"endTimeUtc", iso8601_utc(report.finished)}};
    if (!notifications.empty()) invocation["toolExecutionNotifications"] = notifications;
    json run = {{"tool",
                 {{"driver",
                   {{"name", k_tool_name},
                    {"version", report.tool_version},
                    {"semanticVersion", report.tool_version},
                    {"rules", rules}}}}},
                {"results", results},
                {"invocations", json::array({invocation})},
                {"columnKind", "unicodeCodePoints"}};
    // Runs of different shards are different scans of one list: keep them apart.
    if (!report.shard.empty()) {
        std::string shard = report.shard;
        shard.replace(shard.find('/'), 1, "-of-");
        run["automationDetails"] = {{"id", "osescan/shard-" + shard + "/"}};
    }
    return {{"$schema", k_sarif_schema_uri}, {"version", "2.1.0"}, {"runs", json::array({run})}};
}

std::string render_sarif_report(const ScanReport& report) { return dump_json(sarif_report_to_json(report)); }

}  // namespace osescan::report
