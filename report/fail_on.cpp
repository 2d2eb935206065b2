#include "report/fail_on.hpp"

namespace osescan::report {

std::optional<FailOn> fail_on_from_name(std::string_view name) {
    for (FailOn level : {FailOn::warn, FailOn::fail, FailOn::error, FailOn::never})
        if (fail_on_name(level) == name) return level;
    return std::nullopt;
}

std::string_view fail_on_name(FailOn level) {
    switch (level) {
        case FailOn::warn: return "warn";
        case FailOn::fail: return "fail";
        case FailOn::error: return "error";
        case FailOn::never: return "never";
    }
    return "fail";
}

checks::Status worst_accepted_for_fail_on(FailOn level) {
    switch (level) {
        case FailOn::warn: return checks::Status::info;
        case FailOn::fail: return checks::Status::warn;
        case FailOn::error: return checks::Status::fail;
        case FailOn::never: return checks::Status::error;
    }
    return checks::Status::warn;
}

bool breaks_gate(checks::Status status, checks::Status worst_accepted) {
    return checks::severity(status) > checks::severity(worst_accepted);
}

bool gate_trips(const std::vector<checks::TargetResult>& results, FailOn level) {
    const checks::Status accepted = worst_accepted_for_fail_on(level);
    for (const checks::TargetResult& r : results)
        for (const checks::Finding& f : r.findings)
            if (breaks_gate(f.status, accepted)) return true;
    return false;
}

}  // namespace osescan::report
