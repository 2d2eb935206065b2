#include "report/scores.hpp"

#include "checks/registry.hpp"

namespace osescan::report {

TargetScores score_findings(const std::vector<checks::Finding>& findings) {
    TargetScores out;
    std::map<std::string, double> sums;
    for (const checks::Finding& f : findings) {
        const checks::Check* check = checks::find_check(f.check_id);
        if (!check) continue;
        const std::string family{checks::family_name(check->info.family)};
        FamilyScore& fs = out.families[family];
        fs.counts[std::string(checks::status_name(f.status))]++;
        if (f.status == checks::Status::error) fs.errors++;
        if (!check->info.scored) continue;
        double points = -1;
        if (f.status == checks::Status::pass) points = 100;
        else if (f.status == checks::Status::warn) points = 50;
        else if (f.status == checks::Status::fail) points = 0;
        if (points < 0) continue;
        sums[family] += points;
        fs.scored++;
    }
    double total = 0;
    int families_scored = 0;
    for (auto& [family, fs] : out.families) {
        if (fs.scored == 0) continue;
        fs.score = sums[family] / fs.scored;
        total += *fs.score;
        families_scored++;
    }
    if (families_scored) out.overall = total / families_scored;
    return out;
}

}  // namespace osescan::report
