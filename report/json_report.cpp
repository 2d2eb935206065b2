#include "report/json_report.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "checks/registry.hpp"
#include "report/evidence_pool.hpp"
#include "report/iso_time.hpp"
#include "report/scores.hpp"

namespace osescan::report {

namespace {
using nlohmann::json;

const std::vector<checks::Status>& every_status() {
    static const std::vector<checks::Status> statuses{
        checks::Status::pass, checks::Status::info,  checks::Status::warn,
        checks::Status::fail, checks::Status::error, checks::Status::not_applicable};
    return statuses;
}

// Every status name with its number, zeros included, so consumers need no defaults.
json status_counts_to_json(const std::map<std::string, int>& counts) {
    json out = json::object();
    for (checks::Status s : every_status()) {
        const std::string name{checks::status_name(s)};
        auto it = counts.find(name);
        out[name] = it == counts.end() ? 0 : it->second;
    }
    return out;
}

std::map<std::string, int> count_statuses(const std::vector<checks::Finding>& findings) {
    std::map<std::string, int> counts;
    for (const checks::Finding& f : findings) counts[std::string(checks::status_name(f.status))]++;
    return counts;
}

json optional_score(const std::optional<double>& score) {
    return score ? json(*score) : json(nullptr);
}

json references_to_json(const std::vector<checks::Reference>& refs) {
    json out = json::array();
    for (const checks::Reference& r : refs)
        out.push_back({{"label", std::string(r.label)}, {"url", std::string(r.url)}});
    return out;
}

json scores_to_json(const TargetScores& scores) {
    json families = json::object();
    for (const auto& [name, family] : scores.families)
        families[name] = {{"score", optional_score(family.score)},
                          {"scored", family.scored},
                          {"errors", family.errors},
                          {"status_counts", status_counts_to_json(family.counts)}};
    json caps = json::array();
    for (const ScoreCap& cap : scores.caps)
        caps.push_back({{"check_id", cap.check_id},
                        {"outcome", cap.outcome},
                        {"subject", cap.subject},
                        {"limit", cap.limit}});
    return {{"overall", optional_score(scores.overall)},
            {"uncapped", optional_score(scores.uncapped)},
            {"families", families},
            {"caps", caps},
            {"complete", scores.complete()},
            {"checks_not_run", scores.checks_not_run}};
}

json snippets_to_json(const std::vector<checks::ConfigSnippet>& snippets) {
    json out = json::array();
    for (const checks::ConfigSnippet& s : snippets)
        out.push_back({{"server", std::string(s.server)}, {"code", std::string(s.code)}});
    return out;
}

json outcome_to_json(const checks::Outcome& outcome) {
    json out{{"status", std::string(checks::status_name(outcome.status))},
             {"blocking", outcome.blocking},
             {"summary", std::string(outcome.summary)}};
    // Only where the outcome has advice of its own; else the check's remediation.text.
    if (!outcome.fix.empty()) out["remediation"] = std::string(outcome.fix);
    return out;
}

checks::Status worst_status(const std::vector<checks::Finding>& findings) {
    checks::Status out = checks::Status::not_applicable;
    for (const checks::Finding& f : findings) out = checks::worst(out, f.status);
    return out;
}
}  // namespace

json check_info_to_json(const checks::CheckInfo& info) {
    return {{"id", std::string(info.id)},
            {"family", std::string(checks::family_name(info.family))},
            {"title", std::string(info.title)},
            {"scored", info.scored},
            {"references", references_to_json(info.refs)}};
}

json catalogue_entry_to_json(const checks::CheckInfo& info, const std::set<std::string>& used_outcomes) {
    json outcomes = json::object();
    for (const checks::Outcome& o : info.outcomes) outcomes[std::string(o.code)] = outcome_to_json(o);
    // The shared outcomes (probe errors, ...) only where a finding concluded them: they are
    // the same for every check, and "probe-" stands for a family of codes.
    for (const std::string& code : used_outcomes)
        if (!outcomes.contains(code))
            if (const checks::Outcome* shared = checks::find_outcome(info, code))
                outcomes[code] = outcome_to_json(*shared);
    return {{"family", std::string(checks::family_name(info.family))},
            {"title", std::string(info.title)},
            {"scored", info.scored},
            {"explanation", std::string(info.why)},
            {"remediation", {{"text", std::string(info.fix)}, {"snippets", snippets_to_json(info.snippets)}}},
            {"references", references_to_json(info.refs)},
            {"outcomes", outcomes}};
}

json catalogue_to_json(const std::vector<const checks::Check*>& checks_run,
                       const std::vector<checks::TargetResult>& targets) {
    std::map<std::string, std::set<std::string>> used;  // check id -> outcome codes concluded
    for (const checks::TargetResult& r : targets)
        for (const checks::Finding& f : r.findings) used[f.check_id].insert(f.outcome);
    json out = json::object();
    for (const checks::Check* c : checks_run) out[std::string(c->info.id)] = catalogue_entry_to_json(c->info, used[std::string(c->info.id)]);
    // A finding of a check not in the list (replayed from another build's facts): its entry
    // too, when this build knows it, so every finding's keys resolve.
    for (const auto& [id, codes] : used)
        if (!out.contains(id))
            if (const checks::Check* c = checks::find_check(id)) out[id] = catalogue_entry_to_json(c->info, codes);
    return out;
}

json finding_to_json(const checks::Finding& finding) {
    return {{"check_id", finding.check_id},
            {"subject", finding.subject},
            {"status", std::string(checks::status_name(finding.status))},
            {"outcome", finding.outcome},
            {"summary", finding.summary},
            {"evidence", finding.evidence.is_null() ? json::object() : finding.evidence}};
}

json target_result_to_json(const checks::TargetResult& result) {
    const facts::Target& t = result.target;
    json findings = json::array();
    for (const checks::Finding& f : result.findings) findings.push_back(finding_to_json(f));
    json pool = pool_repeated_evidence(findings);
    const std::vector<checks::Finding>& all = result.findings;
    return {{"target",
             {{"input", t.input}, {"host", t.host}, {"port", t.port}, {"path", t.path}, {"is_ip", t.is_ip}}},
            {"duration_ms", result.duration_ms},
            {"scores", scores_to_json(score_findings(all))},
            {"status_counts", status_counts_to_json(count_statuses(all))},
            {"worst_status", all.empty() ? json(nullptr)
                                         : json(std::string(checks::status_name(worst_status(all))))},
            {"findings", findings},
            {"evidence_pool", pool}};
}

json report_to_json(const ScanReport& report) {
    json checks_run = json::array();
    for (const checks::Check* c : report.checks) checks_run.push_back(std::string(c->info.id));
    json targets = json::array();
    std::map<std::string, int> totals;
    for (const checks::TargetResult& r : report.targets) {
        targets.push_back(target_result_to_json(r));
        for (const auto& [name, n] : count_statuses(r.findings)) totals[name] += n;
    }
    using namespace std::chrono;
    const double duration_ms =
        std::max(0.0, duration<double, std::milli>(report.finished - report.started).count());
    json out = {{"schema", k_report_schema},
            {"tool", {{"name", k_tool_name}, {"version", report.tool_version}}},
            {"started", iso8601_utc(report.started)},
            {"finished", iso8601_utc(report.finished)},
            {"duration_ms", duration_ms},
            {"options", report.options.is_object() ? report.options : json::object()},
            {"context",
             {{"now", iso8601_utc(report.context.now)},
              {"settings", report.context.settings.is_object() ? report.context.settings
                                                               : json::object()}}},
            {"checks", checks_run},
            {"catalogue", catalogue_to_json(report.checks, report.targets)},
            {"targets", targets},
            {"status_counts", status_counts_to_json(totals)}};
    // Batch and policy fields appear only when used, so plain scans keep their exact form.
    if (!report.input_errors.empty()) out["input_errors"] = input_errors_to_json(report.input_errors);
    if (!report.shard.empty()) out["shard"] = report.shard;
    if (report.policy) out["policy"] = policy_to_json(report);
    return out;
}

json input_errors_to_json(const std::vector<InputError>& errors) {
    json out = json::array();
    for (const InputError& e : errors)
        out.push_back({{"source", e.source}, {"line", e.line}, {"text", e.text}, {"problem", e.problem}});
    return out;
}

json target_policy_to_json(const checks::TargetResult& result, const TargetPolicyVerdict& verdict) {
    json violations = json::array();
    for (const PolicyViolation& v : verdict.violations)
        violations.push_back(
            {{"check_id", v.check_id}, {"subject", v.subject}, {"status", v.status}, {"accepted", v.accepted}});
    json ignored = json::array();
    for (const auto& [index, reason] : verdict.ignored) {
        const checks::Finding& f = result.findings.at(index);
        ignored.push_back({{"check_id", f.check_id},
                           {"subject", f.subject},
                           {"status", std::string(checks::status_name(f.status))},
                           {"reason", reason}});
    }
    return {{"target", result.target.input},
            {"host", result.target.host},
            {"passed", verdict.violations.empty()},
            {"violations", violations},
            {"ignored", ignored}};
}

json policy_to_json(const ScanReport& report) {
    json targets = json::array();
    for (size_t i = 0; i < report.targets.size() && i < report.policy->targets.size(); ++i)
        targets.push_back(target_policy_to_json(report.targets[i], report.policy->targets[i]));
    return {{"file", report.policy->file}, {"passed", report.policy->passed()}, {"targets", targets}};
}

std::string dump_json(const json& value, int indent) {
    return value.dump(indent, ' ', false, json::error_handler_t::replace) + "\n";
}

namespace {
// The report's layout: the outline (top level, each target, the catalogue) one field a line,
// and each finding, catalogue entry, evidence pool entry and other value compact on its own line. It reads and
// greps like a listing (one finding a line) at nearly the size of compact JSON: indenting
// every level doubled the report of the demo's sites.
bool expand(const std::vector<std::string>& path) {
    if (path.empty()) return true;                                          // the report
    if (path.size() == 1) return path[0] == "targets" || path[0] == "catalogue";
    if (path.size() == 2) return path[0] == "targets";                     // a target
    return path.size() == 3 && path[0] == "targets" && (path[2] == "findings" || path[2] == "evidence_pool");
}

void append_layout(std::string& out, const json& value, std::vector<std::string>& path, int depth) {
    if (!expand(path) || !value.is_structured() || value.empty()) {
        out += value.dump(-1, ' ', false, json::error_handler_t::replace);
        return;
    }
    const std::string indent(static_cast<size_t>(depth + 1) * 2, ' ');
    out += value.is_object() ? "{\n" : "[\n";
    size_t i = 0;
    for (auto it = value.begin(); it != value.end(); ++it, ++i) {
        out += indent;
        if (value.is_object()) out += json(it.key()).dump(-1, ' ', false, json::error_handler_t::replace) + ": ";
        path.push_back(value.is_object() ? it.key() : std::to_string(i));
        append_layout(out, *it, path, depth + 1);
        path.pop_back();
        out += i + 1 < value.size() ? ",\n" : "\n";
    }
    out += std::string(static_cast<size_t>(depth) * 2, ' ') + (value.is_object() ? "}" : "]");
}
}  // namespace

std::string render_json_report(const ScanReport& report) {
    std::vector<std::string> path;
    std::string out;
    append_layout(out, report_to_json(report), path, 0);
    return out + "\n";
}

}  // namespace osescan::report
