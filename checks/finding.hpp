#pragma once
// The result model: what a check concludes about a target (see ../shared/design/checks.md).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "facts/facts.hpp"

namespace osescan::checks {

// `error` means "could not tell" (a probe could not finish); it is never shown as a pass.
enum class Status { pass, info, warn, fail, error, not_applicable };

std::string_view status_name(Status status);            // "pass", ..., "not_applicable"
std::optional<Status> status_from_name(std::string_view name);

// Order used for "the worst of" and for --fail-on: not_applicable < pass < info < warn <
// fail < error. An error ranks highest so that a gate never passes on what it could not see.
int severity(Status status);
Status worst(Status a, Status b);

struct Finding {
    std::string check_id;   // stable dotted id, e.g. "tls.version"
    std::string subject;    // what was judged: an address ("198.51.100.10"), a zone, or ""
    Status status = Status::error;
    std::string outcome;    // stable kebab-case code for CI, e.g. "tls13-missing"
    std::string summary;    // one line for people
    nlohmann::json evidence = nlohmann::json::object();  // structured, for CI and reports
};

// Everything the scan concluded about one target.
struct TargetResult {
    facts::Target target;
    std::vector<Finding> findings;
    facts::FactStore facts;      // what was observed (for --save-facts)
    double duration_ms = 0;
};

}  // namespace osescan::checks
