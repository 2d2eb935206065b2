#include "checks/common/findings.hpp"

#include <stdexcept>

#include "checks/common/display_text.hpp"
#include "checks/registry.hpp"

namespace osescan::checks::common {

namespace {
OutcomeObserver g_observer = nullptr;
}

void set_outcome_observer(OutcomeObserver observer) { g_observer = observer; }

namespace {
// The runner concludes for checks it was handed, registered or not (tests use their own).
const Outcome& declared_outcome(std::string_view check_id, std::string_view outcome) {
    const Check* check = find_check(check_id);
    const Outcome* declared = check ? find_outcome(check->info, outcome) : find_shared_outcome(outcome);
    if (!declared)
        throw std::logic_error("check " + std::string(check_id) + " concluded '" + std::string(outcome) +
                               "', which its entry does not declare");
    return *declared;
}
}  // namespace

Status outcome_status(std::string_view check_id, std::string_view outcome) {
    return declared_outcome(check_id, outcome).status;
}

Finding conclude(std::string_view check_id, std::string subject, std::string_view outcome,
                 nlohmann::json params, nlohmann::json evidence) {
    const Outcome* declared = &declared_outcome(check_id, outcome);
    if (g_observer) g_observer(check_id, outcome);
    return Finding{std::string(check_id), std::move(subject), declared->status, std::string(outcome),
                   render_summary(declared->summary, params), std::move(evidence)};
}

Finding probe_error_finding(std::string check_id, std::string subject, const facts::ProbeError& error,
                            const std::string& what) {
    // The detail may quote the remote side: keep it valid UTF-8 and one line.
    nlohmann::json evidence{{"probe_error", evidence_text(error.kind)}, {"detail", evidence_text(error.detail)}};
    nlohmann::json params{{"what", what},
                          {"kind", display_text(error.kind)},
                          {"detail", error.detail.empty() ? std::string() : ": " + display_text(error.detail, 200)}};
    return conclude(check_id, std::move(subject), std::string(k_probe_outcome_prefix) + error.kind, std::move(params),
                    std::move(evidence));
}

}  // namespace osescan::checks::common
