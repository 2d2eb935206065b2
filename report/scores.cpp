#include "report/scores.hpp"

#include <algorithm>
#include <cmath>

#include "checks/registry.hpp"

namespace osescan::report {

namespace {
// Points of a scored status; none for statuses that do not count.
std::optional<double> points(checks::Status status) {
    switch (status) {
        case checks::Status::pass: return 100;
        case checks::Status::warn: return 50;
        case checks::Status::fail: return 0;
        default: return std::nullopt;
    }
}

bool is_blocking(const checks::CheckInfo& info, const checks::Finding& f) {
    if (f.status != checks::Status::fail) return false;
    const checks::Outcome* outcome = checks::find_outcome(info, f.outcome);
    return outcome && outcome->blocking;
}
}  // namespace

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
        if (is_blocking(check->info, f)) out.caps.push_back({f.check_id, f.outcome, f.subject, k_blocking_cap});
        if (!check->info.scored) continue;
        if (f.status == checks::Status::error &&
            std::find(out.checks_not_run.begin(), out.checks_not_run.end(), f.check_id) == out.checks_not_run.end())
            out.checks_not_run.push_back(f.check_id);
        const std::optional<double> p = points(f.status);
        if (!p) continue;
        sums[family] += *p;
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
    if (families_scored) out.uncapped = total / families_scored;
    out.overall = out.uncapped;
    for (const ScoreCap& cap : out.caps)
        if (out.overall) out.overall = std::min(*out.overall, cap.limit);
    return out;
}

std::vector<std::string> score_notes(const TargetScores& scores) {
    std::vector<std::string> notes;
    if (!scores.caps.empty() && scores.overall) {
        const ScoreCap& first = scores.caps.front();
        std::string note = scores.capped()
                               ? "capped at " + std::to_string(std::lround(first.limit)) + " by a blocking failure: "
                               : std::string("blocking failure: ");
        note += first.check_id + " " + first.outcome;
        if (!first.subject.empty()) note += " (" + first.subject + ")";
        if (scores.caps.size() > 1) note += " and " + std::to_string(scores.caps.size() - 1) + " more";
        notes.push_back(note);
    }
    const size_t n = scores.checks_not_run.size();
    if (n) notes.push_back("incomplete: " + std::to_string(n) + (n == 1 ? " check" : " checks") + " could not run");
    return notes;
}

}  // namespace osescan::report
