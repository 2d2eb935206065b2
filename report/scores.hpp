#pragma once
// The score model, computed here and only here (every renderer shows these numbers):
//
// - family score = mean over the family's scored findings: pass 100, warn 50, fail 0
//   (info / not_applicable / error excluded; errors counted next to the score);
// - overall = unweighted mean of the family scores, then capped: one `fail` whose outcome
//   is flagged blocking in the catalogue (checks/outcome.hpp: the service is refused — an
//   untrusted, expired or wrong-name certificate, no HTTPS, DNSSEC bogus, an RPKI-invalid
//   route) caps it at k_blocking_cap, whatever the rest scores;
// - a scored check with an `error` finding (it could not run, wholly or for some subject)
//   makes the score incomplete: shown with the number of such checks, never as a clean score;
// - no scored check could run (no pass/warn/fail at all) → no score ("—"), not 100.
//
// report/README.md ("Scores") documents the rules; tests/unit/test_report_scores.cpp pins them.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "checks/finding.hpp"

namespace osescan::report {

// The highest overall score a target with a blocking failure can have: below 50, so it is
// drawn red in every renderer.
inline constexpr double k_blocking_cap = 49;

struct FamilyScore {
    std::optional<double> score;        // none when the family had no scored pass/warn/fail
    int scored = 0;                     // findings that counted
    int errors = 0;                     // error findings (shown next to the score)
    std::map<std::string, int> counts;  // status name -> number of findings
};

// Why the overall score was capped: a blocking fail.
struct ScoreCap {
    std::string check_id;
    std::string outcome;
    std::string subject;
    double limit = k_blocking_cap;
};

struct TargetScores {
    std::map<std::string, FamilyScore> families;  // family name -> score
    std::optional<double> uncapped;               // mean of the family scores; none without any
    std::optional<double> overall;                // what is shown: `uncapped` after the caps
    std::vector<ScoreCap> caps;                   // every blocking fail, in finding order
    std::vector<std::string> checks_not_run;      // scored checks with an error finding (ids, in finding order)

    bool capped() const { return !caps.empty() && overall && uncapped && *overall < *uncapped; }
    bool complete() const { return checks_not_run.empty(); }
};

TargetScores score_findings(const std::vector<checks::Finding>& findings);

// The notes that go with the overall score, for people: "capped at 49: tls.certificate.validity
// expired (198.51.100.10)", "incomplete: 3 checks could not run". Empty when there is none.
std::vector<std::string> score_notes(const TargetScores& scores);

}  // namespace osescan::report
