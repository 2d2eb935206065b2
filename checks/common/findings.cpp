#include "checks/common/findings.hpp"

namespace osescan::checks::common {

Finding make_finding(std::string check_id, std::string subject, Status status, std::string outcome,
                     std::string summary, nlohmann::json evidence) {
    return Finding{std::move(check_id), std::move(subject), status, std::move(outcome),
                   std::move(summary), std::move(evidence)};
}

Finding probe_error_finding(std::string check_id, std::string subject, const facts::ProbeError& error,
                            const std::string& what) {
    nlohmann::json evidence{{"probe_error", error.kind}, {"detail", error.detail}};
    std::string summary = "Could not tell: " + what + " failed (" + error.kind + ")";
    if (!error.detail.empty()) summary += ": " + error.detail;
    return make_finding(std::move(check_id), std::move(subject), Status::error,
                        "probe-" + error.kind, std::move(summary), std::move(evidence));
}

}  // namespace osescan::checks::common
