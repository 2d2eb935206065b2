#include "checks/common/findings.hpp"

#include "checks/common/display_text.hpp"

namespace osescan::checks::common {

Finding make_finding(std::string check_id, std::string subject, Status status, std::string outcome,
                     std::string summary, nlohmann::json evidence) {
    return Finding{std::move(check_id), std::move(subject), status, std::move(outcome),
                   std::move(summary), std::move(evidence)};
}

Finding probe_error_finding(std::string check_id, std::string subject, const facts::ProbeError& error,
                            const std::string& what) {
    // The detail may quote the remote side: keep it valid UTF-8 and one line.
    nlohmann::json evidence{{"probe_error", evidence_text(error.kind)}, {"detail", evidence_text(error.detail)}};
    std::string summary = "Could not tell: " + what + " failed (" + display_text(error.kind) + ")";
    if (!error.detail.empty()) summary += ": " + display_text(error.detail, 200);
    return make_finding(std::move(check_id), std::move(subject), Status::error,
                        "probe-" + error.kind, std::move(summary), std::move(evidence));
}

}  // namespace osescan::checks::common
