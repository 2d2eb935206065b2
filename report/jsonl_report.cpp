#include "report/jsonl_report.hpp"

#include <map>
#include <vector>

#include "checks/registry.hpp"

#include "report/json_report.hpp"

namespace osescan::report {

namespace {
using nlohmann::json;

std::string line(const json& value) { return dump_json(value, -1); }  // dump_json ends with "\n"
}  // namespace

std::string JsonlCatalogue::line_for(const checks::TargetResult& result) {
    std::map<std::string, std::set<std::string>> grown;  // entries to (re)describe
    for (const checks::Finding& f : result.findings) {
        std::set<std::string>& described = m_described[f.check_id];
        if (!described.count(f.outcome)) {
            described.insert(f.outcome);
            grown[f.check_id];
        }
    }
    if (grown.empty()) return "";
    std::vector<const checks::Check*> entries;
    checks::TargetResult seen;  // every outcome described so far of the grown checks
    for (const auto& [id, unused] : grown) {
        if (const checks::Check* c = checks::find_check(id)) entries.push_back(c);
        for (const std::string& code : m_described[id]) seen.findings.push_back({id, "", {}, code, "", {}});
    }
    if (entries.empty()) return "";
    const json catalogue = catalogue_to_json(entries, {seen});
    return line({{"kind", "catalogue"}, {"schema", k_jsonl_schema}, {"catalogue", catalogue}});
}

std::string jsonl_target_line(const checks::TargetResult& result, const TargetPolicyVerdict* policy) {
    json out = {{"kind", "target"}, {"result", target_result_to_json(result)}};
    if (policy) out["policy"] = target_policy_to_json(result, *policy);
    return line(out);
}

std::string jsonl_input_error_line(const InputError& error) {
    json out = input_errors_to_json({error}).at(0);
    out["kind"] = "input_error";
    return line(out);
}

std::string jsonl_summary_line(const ScanReport& report) {
    std::map<std::string, int> totals;
    for (const checks::TargetResult& r : report.targets)
        for (const checks::Finding& f : r.findings) totals[std::string(checks::status_name(f.status))]++;
    json counts = json::object();
    for (const char* s : {"pass", "info", "warn", "fail", "error", "not_applicable"}) counts[s] = totals[s];
    json out = {{"kind", "summary"},
                {"schema", k_jsonl_schema},
                {"targets", report.targets.size()},
                {"input_errors", report.input_errors.size()},
                {"status_counts", counts}};
    if (!report.shard.empty()) out["shard"] = report.shard;
    if (report.policy) out["policy_passed"] = report.policy->passed();
    return line(out);
}

}  // namespace osescan::report
