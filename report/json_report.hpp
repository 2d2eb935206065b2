#pragma once
// The JSON report ("schema": "osescan/3"). Field names are stable API: each one is
// documented in report/README.md and pinned by report/osescan-report.schema.json; a
// breaking change bumps the schema version.

#include <string>

#include <nlohmann/json.hpp>

#include "checks/check.hpp"
#include "checks/finding.hpp"
#include "report/report_model.hpp"

namespace osescan::report {

inline constexpr const char* k_report_schema = "osescan/3";

nlohmann::json check_info_to_json(const checks::CheckInfo& info);   // list-checks entry
// The report's "catalogue": per check that ran (and per check a finding names), its texts
// once, and its outcomes keyed by code (the shared ones only where a finding concluded them).
nlohmann::json catalogue_to_json(const std::vector<const checks::Check*>& checks_run,
                                 const std::vector<checks::TargetResult>& targets);
nlohmann::json finding_to_json(const checks::Finding& finding);     // keys, summary, evidence
nlohmann::json target_result_to_json(const checks::TargetResult& result);
nlohmann::json report_to_json(const ScanReport& report);

// Parts that appear only in batch or policy runs (also used by the JSON Lines stream).
nlohmann::json input_errors_to_json(const std::vector<InputError>& errors);
nlohmann::json target_policy_to_json(const checks::TargetResult& result, const TargetPolicyVerdict& verdict);
nlohmann::json policy_to_json(const ScanReport& report);  // needs report.policy

// The whole report as text, newline-terminated: the outline one field a line, each finding
// (and catalogue entry) compact on a line of its own. Strings that are not valid
// UTF-8 (a server may send anything) are repaired with U+FFFD rather than failing.
std::string render_json_report(const ScanReport& report);

// JSON text of any value with the same UTF-8 repair (also for --save-facts).
std::string dump_json(const nlohmann::json& value, int indent = 2);

}  // namespace osescan::report
