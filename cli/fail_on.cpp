#include "cli/fail_on.hpp"

namespace osescan::cli {

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

bool gate_trips(const std::vector<checks::TargetResult>& results, FailOn level) {
    if (level == FailOn::never) return false;
    const checks::Status threshold = level == FailOn::warn   ? checks::Status::warn
                                     : level == FailOn::fail ? checks::Status::fail
                                                             : checks::Status::error;
    for (const checks::TargetResult& r : results)
        for (const checks::Finding& f : r.findings)
            if (checks::severity(f.status) >= checks::severity(threshold)) return true;
    return false;
}

}  // namespace osescan::cli
