#pragma once
// JSON Lines (--jsonl FILE|-): one compact JSON object per line, written as each target
// completes, so a scan that is killed keeps every target it finished. Lines:
//   {"kind": "target", "result": <the JSON report's targets[] entry>, "policy": {...}?}
//   {"kind": "input_error", "source", "line", "text", "problem"}
//   {"kind": "summary", "schema", "targets", "status_counts", "policy_passed"?}  (last)
// A stream without its "summary" line is an unfinished scan.

#include <string>

#include "report/report_model.hpp"

namespace osescan::report {

inline constexpr const char* k_jsonl_schema = "osescan-jsonl/1";

std::string jsonl_target_line(const checks::TargetResult& result, const TargetPolicyVerdict* policy);
std::string jsonl_input_error_line(const InputError& error);
std::string jsonl_summary_line(const ScanReport& report);

}  // namespace osescan::report
