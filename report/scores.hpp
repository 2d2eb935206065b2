#pragma once
// Scores as defined in ../shared/design/checks.md: family score = mean over the family's
// scored findings (pass 100, warn 50, fail 0; info / not_applicable / error excluded,
// errors counted next to the score); overall = unweighted mean of the family scores.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "checks/finding.hpp"

namespace osescan::report {

struct FamilyScore {
    std::optional<double> score;  // none when the family had no scored pass/warn/fail
    int scored = 0;               // findings that counted
    int errors = 0;               // error findings (shown next to the score)
    std::map<std::string, int> counts;  // status name -> number of findings
};

struct TargetScores {
    std::map<std::string, FamilyScore> families;  // family name -> score
    std::optional<double> overall;
};

TargetScores score_findings(const std::vector<checks::Finding>& findings);

}  // namespace osescan::report
