#pragma once
// The report model: everything a renderer (text, JSON, later HTML/SARIF/JUnit) needs about
// one scan. The CLI fills it; renderers only read it, so every output format tells the
// same story.

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "checks/check.hpp"
#include "checks/finding.hpp"
#include "facts/facts.hpp"

namespace osescan::report {

inline constexpr const char* k_tool_name = "osescan";

// A line of a --targets file that is not a valid target: reported, the rest are scanned.
struct InputError {
    std::string source;   // the file name, or "-" for standard input
    size_t line = 0;      // 1-based
    std::string text;     // the line as read (untrusted: escape when rendering)
    std::string problem;  // why it was refused
};

// A finding or a missing check that breaks the --policy (report/policy.hpp).
struct PolicyViolation {
    std::string check_id;
    std::string subject;   // the finding's subject; "" for a missing required check
    std::string status;    // the finding's status, or "missing"
    std::string accepted;  // the worst status the policy accepts for this check
};

// What a --policy concluded about one target.
struct TargetPolicyVerdict {
    std::map<size_t, std::string> ignored;   // finding index -> the policy's reason
    std::vector<PolicyViolation> violations;
};

struct PolicySummary {
    std::string file;                          // the --policy path, as given
    std::vector<TargetPolicyVerdict> targets;  // parallel to ScanReport::targets
    bool passed() const {
        for (const TargetPolicyVerdict& t : targets)
            if (!t.violations.empty()) return false;
        return true;
    }
};

struct ScanReport {
    std::string tool_version;
    std::chrono::system_clock::time_point started;
    std::chrono::system_clock::time_point finished;
    // The options that shaped the scan, as the user gave them (see report/README.md).
    nlohmann::json options = nlohmann::json::object();
    // What the judgements were made against: the scan's clock and settings (for a replay,
    // the recorded ones).
    facts::ScanContext context;
    std::vector<const checks::Check*> checks;   // the checks that ran, in report order
    std::vector<checks::TargetResult> targets;  // in the order the targets were given
    std::vector<InputError> input_errors;      // bad --targets lines (they were not scanned)
    std::optional<PolicySummary> policy;       // with --policy
    std::string shard;                         // "I/N" with --shard, else ""

    // The policy's reason when it ignores finding `finding` of target `target`, else null.
    const std::string* ignore_reason(size_t target, size_t finding) const {
        if (!policy || target >= policy->targets.size()) return nullptr;
        auto it = policy->targets[target].ignored.find(finding);
        return it == policy->targets[target].ignored.end() ? nullptr : &it->second;
    }
};

}  // namespace osescan::report
