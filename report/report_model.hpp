#pragma once
// The report model: everything a renderer (text, JSON, later HTML/SARIF/JUnit) needs about
// one scan. The CLI fills it; renderers only read it, so every output format tells the
// same story.

#include <chrono>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "checks/check.hpp"
#include "checks/finding.hpp"
#include "engine/facts/facts.hpp"

namespace osescan::report {

inline constexpr const char* k_tool_name = "osescan";

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
};

}  // namespace osescan::report
