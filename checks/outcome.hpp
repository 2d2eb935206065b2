#pragma once
// How a check can end, declared once in its catalogue entry (CheckInfo::outcomes): the
// stable code CI keys on, the status it means, the line people read, and where it differs
// from the check's own advice, how to fix it. Check logic names an outcome and gives the
// values of its text (common::conclude); it never words a finding or picks a status itself,
// so a check cannot return what its entry does not declare.

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "checks/finding.hpp"

namespace osescan::checks {

struct Outcome {
    std::string_view code;     // kebab-case, stable: "tls13-missing"
    Status status;
    // One line for people; "{name}" is replaced by the finding's parameter `name` (text as
    // given, numbers in decimal). Untrusted values are made displayable by the check
    // (common::display_text) before they become parameters.
    std::string_view summary;
    std::string_view fix = {};  // "" = the check's `fix`
    // A fail that makes browsers, resolvers or mail servers refuse the service (an untrusted
    // or expired certificate, no HTTPS, DNSSEC bogus, an RPKI-invalid route): one such
    // finding caps the target's overall score (report/scores.hpp). Declare it with blocking().
    bool blocking = false;
};

// The same outcome, flagged blocking: `blocking({"expired", Status::fail, "... {when}"})`.
constexpr Outcome blocking(Outcome outcome) {
    outcome.blocking = true;
    return outcome;
}

// Outcomes every check has without declaring them: the ways a check ends when it could
// not judge (the runner's and the probes'). "probe-" is a prefix: "probe-timeout",
// "probe-connection-refused", ... one per ProbeError kind.
const std::vector<Outcome>& shared_outcomes();
inline constexpr std::string_view k_probe_outcome_prefix = "probe-";
const Outcome* find_shared_outcome(std::string_view code);

// One table from several lists: a check's own outcomes and those a shared helper
// (a zone verdict, the served chain, the MX host list) concludes on its behalf.
std::vector<Outcome> join_outcomes(std::initializer_list<std::vector<Outcome>> parts);

// "{endpoint} accepts {versions}" with {"endpoint": "a:443", "versions": "TLSv1"}.
// Throws std::logic_error on a placeholder without a parameter (a bug the unit tests catch).
std::string render_summary(std::string_view summary_template, const nlohmann::json& params);

}  // namespace osescan::checks
