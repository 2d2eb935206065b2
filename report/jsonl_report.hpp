#pragma once
// JSON Lines (--jsonl FILE|-): one compact JSON object per line, written as each target
// completes, so a scan that is killed keeps every target it finished. Lines:
//   {"kind": "catalogue", "schema", "catalogue": {<id>: <the JSON report's catalogue entry>}}
//       before a target line that concludes outcomes no earlier line described (a later
//       entry of the same check supersedes the earlier one: it holds every outcome so far)
//   {"kind": "target", "result": <the JSON report's targets[] entry>, "policy": {...}?}
//   {"kind": "input_error", "source", "line", "text", "problem"}
//   {"kind": "summary", "schema", "targets", "status_counts", "policy_passed"?}  (last)
// A stream without its "summary" line is an unfinished scan.

#include <map>
#include <set>
#include <string>

#include "report/report_model.hpp"

namespace osescan::report {

inline constexpr const char* k_jsonl_schema = "osescan-jsonl/3";

// What the stream has described so far: the catalogue's texts go out once, not per target.
class JsonlCatalogue {
public:
    // The catalogue line this target needs before its own line; "" when every check and
    // outcome it concluded was described already.
    std::string line_for(const checks::TargetResult& result);

private:
    std::map<std::string, std::set<std::string>> m_described;  // check id -> outcome codes
};

std::string jsonl_target_line(const checks::TargetResult& result, const TargetPolicyVerdict* policy);
std::string jsonl_input_error_line(const InputError& error);
std::string jsonl_summary_line(const ScanReport& report);

}  // namespace osescan::report
