#pragma once
// --policy FILE: a team's own gate, in JSON (schema: report/osescan-policy.schema.json,
// example: examples/ci/policy.json). It names
//   - "required": checks that must have run (a missing one counts as a failure),
//   - "accept": per check, the worst status that is still fine ("tls.version": "pass",
//     "https.hsts.policy": "warn"); other checks use "fail_on" (or --fail-on),
//   - "ignore": findings to leave out of the gate, each with a mandatory reason that the
//     reports show next to the finding.
// Rule keys are check ids, dotted id prefixes or family names (as for --only); the most
// specific key wins (an id over a prefix over a family). Pure: parsing and judging only.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "checks/finding.hpp"
#include "report/fail_on.hpp"
#include "report/report_model.hpp"

namespace osescan::report {

struct PolicyIgnore {
    std::string check;    // id, prefix or family
    std::string target;   // host (normalised as in the report); "" = every target
    std::string subject;  // a finding's subject; "" = every subject
    std::string reason;   // mandatory, shown in the reports
};

struct PolicyAccept {
    std::string check;       // id, prefix or family
    checks::Status worst;    // the worst status that is still acceptable
};

struct Policy {
    std::optional<FailOn> fail_on;  // none = --fail-on
    std::vector<std::string> required;
    std::vector<PolicyAccept> accept;
    std::vector<PolicyIgnore> ignore;
};

struct PolicyParse {
    std::optional<Policy> policy;
    std::vector<std::string> errors;  // readable, one per problem
};

PolicyParse parse_policy(const nlohmann::json& document);

// Judges one target. `default_fail_on` is --fail-on, used where the policy has no
// "fail_on" and no "accept" rule for a check.
TargetPolicyVerdict evaluate_policy(const Policy& policy, const checks::TargetResult& result,
                                    FailOn default_fail_on);

}  // namespace osescan::report
