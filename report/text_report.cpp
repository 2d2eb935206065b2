#include "report/text_report.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

#include "checks/registry.hpp"
#include "report/finding_groups.hpp"
#include "report/scores.hpp"
#include "report/terminal_text.hpp"

namespace osescan::report {

namespace {
// Evidence is for CI; a person skimming gets the first part of it.
constexpr size_t k_max_evidence_chars = 400;
constexpr size_t k_max_summary_chars = 1000;

namespace ansi {
constexpr const char* reset = "\x1b[0m";
constexpr const char* bold = "\x1b[1m";
constexpr const char* dim = "\x1b[2m";
constexpr const char* red = "\x1b[31m";
constexpr const char* green = "\x1b[32m";
constexpr const char* yellow = "\x1b[33m";
constexpr const char* magenta = "\x1b[35m";
constexpr const char* cyan = "\x1b[36m";
}  // namespace ansi

const checks::Status k_all_statuses[] = {checks::Status::pass, checks::Status::info,
                                         checks::Status::warn, checks::Status::fail,
                                         checks::Status::error, checks::Status::not_applicable};

const char* status_colour(checks::Status status) {
    switch (status) {
        case checks::Status::pass: return ansi::green;
        case checks::Status::info: return ansi::cyan;
        case checks::Status::warn: return ansi::yellow;
        case checks::Status::fail: return ansi::red;
        case checks::Status::error: return ansi::magenta;
        case checks::Status::not_applicable: return ansi::dim;
    }
    return ansi::reset;
}

const char* status_symbol(checks::Status status) {
    switch (status) {
        case checks::Status::pass: return "\u2713";  // ✓
        case checks::Status::info: return "i";
        case checks::Status::warn: return "!";
        case checks::Status::fail: return "\u2717";  // ✗
        case checks::Status::error: return "?";
        case checks::Status::not_applicable: return "-";
    }
    return "?";
}

const char* status_short_name(checks::Status status) {
    return status == checks::Status::not_applicable ? "n/a"
                                                    : checks::status_name(status).data();
}

class Painter {
public:
    explicit Painter(bool colour) : m_colour(colour) {}
    std::string operator()(const char* style, const std::string& text) const {
        return m_colour ? std::string(style) + text + ansi::reset : text;
    }

private:
    bool m_colour;
};

std::string score_text(const std::optional<double>& score) {
    if (!score) return "no score";
    return "score " + std::to_string(std::lround(*score)) + "/100";
}

std::string counts_text(const std::map<checks::Status, int>& counts, const Painter& paint) {
    std::string out;
    for (checks::Status s : k_all_statuses) {
        auto it = counts.find(s);
        const int n = it == counts.end() ? 0 : it->second;
        if (!out.empty()) out += " \u00b7 ";  // middle dot
        const std::string item = std::string(status_short_name(s)) + " " + std::to_string(n);
        out += n > 0 ? paint(status_colour(s), item) : item;
    }
    return out;
}

// "example.com", "example.com:8443/app", "[2001:db8::1]"; plus what the user typed when it
// reads differently (an IDN in U-labels).
std::string target_heading(const facts::Target& t) {
    const bool v6 = t.is_ip && t.host.find(':') != std::string::npos;
    std::string shown = v6 ? "[" + t.host + "]" : t.host;
    if (t.port != 443) shown += ":" + std::to_string(t.port);
    if (t.path != "/") shown += t.path;
    std::string out = terminal_safe(shown);
    // Case and a trailing dot are not worth repeating; a U-label spelling is.
    std::string typed = t.input;
    if (!typed.empty() && typed.back() == '.') typed.pop_back();
    std::transform(typed.begin(), typed.end(), typed.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!typed.empty() && typed != t.host && typed.find("://") == std::string::npos &&
        (typed.front() != '[' || typed != "[" + t.host + "]"))
        out += " (" + terminal_safe(t.input) + ")";
    return out;
}

void append_indented_lines(std::string& out, const std::string& indent, std::string_view text) {
    std::istringstream lines{std::string(text)};
    std::string line;
    while (std::getline(lines, line)) out += indent + terminal_safe(line) + "\n";
}

void append_row(std::string& out, const checks::Finding& f, const checks::Check* check, const std::string& subjects,
                const std::string& summary, const Painter& paint) {
    const std::string marker = std::string(status_symbol(f.status)) + " " + status_word(f.status);
    out += "    " + paint(status_colour(f.status), marker) + "  ";
    out += terminal_safe(check ? std::string(check->info.title) : f.check_id);
    if (!subjects.empty()) out += " (" + terminal_safe(subjects) + ")";
    out += ": " + terminal_safe_clipped(summary, k_max_summary_chars) + "\n";
}

// --verbose: every finding on its own row, with its evidence and, for warn and fail, the
// catalogue's advice.
void append_finding(std::string& out, const checks::Finding& f, const checks::Check* check,
                    const Painter& paint) {
    append_row(out, f, check, f.subject, f.summary, paint);

    const std::string indent = "           ";
    if (!f.evidence.is_null() && !f.evidence.empty()) {
        const std::string compact = f.evidence.dump(-1, ' ', false,
                                                    nlohmann::json::error_handler_t::replace);
        out += indent + paint(ansi::dim, "evidence: " +
                                             terminal_safe_clipped(compact, k_max_evidence_chars)) +
               "\n";
    }
    const bool needs_action = f.status == checks::Status::warn || f.status == checks::Status::fail;
    if (!needs_action || !check) return;
    if (!check->info.why.empty()) out += indent + "why: " + terminal_safe(check->info.why) + "\n";
    const std::string_view fix = checks::fix_for(check->info, f.outcome);
    if (!fix.empty()) out += indent + "fix: " + terminal_safe(fix) + "\n";
    for (const checks::ConfigSnippet& s : check->info.snippets) {
        out += indent + terminal_safe(s.server) + ":\n";
        append_indented_lines(out, indent + "  ", s.code);
    }
    for (const checks::Reference& r : check->info.refs)
        out += indent + "see: " + terminal_safe(r.label) + " <" + terminal_safe(r.url) + ">\n";
}
}  // namespace

bool use_colour(bool stdout_is_tty, const char* no_color_env) {
    const bool no_color = no_color_env != nullptr && no_color_env[0] != '\0';
    return stdout_is_tty && !no_color;
}

std::string status_word(checks::Status status) {
    switch (status) {
        case checks::Status::pass: return "PASS";
        case checks::Status::info: return "INFO";
        case checks::Status::warn: return "WARN";
        case checks::Status::fail: return "FAIL";
        case checks::Status::error: return "ERR ";
        case checks::Status::not_applicable: return "N/A ";
    }
    return "ERR ";
}

std::string render_target_text(const checks::TargetResult& result, const TextOptions& options) {
    const Painter paint(options.colour);
    const TargetScores scores = score_findings(result.findings);
    std::map<checks::Status, int> counts;
    for (const checks::Finding& f : result.findings) counts[f.status]++;

    // The score never reads clean when it is capped or incomplete: its notes follow it.
    std::string overall = "overall " + score_text(scores.overall);
    for (const std::string& note : score_notes(scores)) overall += " \u00b7 " + terminal_safe(note);
    const char* overall_style = scores.caps.empty() ? ansi::bold : ansi::red;
    std::string out = paint(ansi::bold, target_heading(result.target)) + "  " + paint(overall_style, overall) + "\n";
    out += "  " + counts_text(counts, paint) + "\n";
    if (result.findings.empty()) {
        out += "  no findings (no selected check applies)\n";
        return out;
    }

    // Group by family, families in catalogue order; findings keep their order inside.
    std::map<int, std::vector<size_t>> by_family;
    constexpr int k_unknown_family = 1000;
    for (size_t i = 0; i < result.findings.size(); ++i) {
        const checks::Check* check = checks::find_check(result.findings[i].check_id);
        by_family[check ? static_cast<int>(check->info.family) : k_unknown_family].push_back(i);
    }
    for (const auto& [family_index, findings] : by_family) {
        std::string heading = "other";
        std::string score_line;
        if (family_index != k_unknown_family) {
            const auto family = static_cast<checks::Family>(family_index);
            heading = std::string(checks::family_title(family));
            auto it = scores.families.find(std::string(checks::family_name(family)));
            if (it != scores.families.end()) {
                score_line = score_text(it->second.score);
                if (it->second.errors > 0)
                    score_line += " \u00b7 " + std::to_string(it->second.errors) +
                                  (it->second.errors == 1 ? " error" : " errors");
            }
        }
        out += "\n  " + paint(ansi::bold, heading) + (score_line.empty() ? "" : "  " + score_line) + "\n";
        if (options.verbose) {
            for (size_t i : findings)
                append_finding(out, result.findings[i], checks::find_check(result.findings[i].check_id), paint);
            continue;
        }
        for (const FindingGroup& g : group_findings(result.findings, findings)) {
            const checks::Finding& f = result.findings[g.members.front()];
            append_row(out, f, checks::find_check(f.check_id), join_subjects(g.subjects), g.summary, paint);
        }
    }
    return out;
}

std::string render_scan_footer_text(const ScanReport& report, const TextOptions& options) {
    const Painter paint(options.colour);
    std::map<checks::Status, int> counts;
    for (const checks::TargetResult& r : report.targets)
        for (const checks::Finding& f : r.findings) counts[f.status]++;
    using namespace std::chrono;
    const double seconds =
        std::max(0.0, duration<double>(report.finished - report.started).count());
    char took[32];
    std::snprintf(took, sizeof took, "%.1f s", seconds);
    const size_t n = report.targets.size();
    return "\n" + std::to_string(n) + (n == 1 ? " target" : " targets") + ", " +
           std::to_string(report.checks.size()) + (report.checks.size() == 1 ? " check" : " checks") +
           ", " + took + ": " + counts_text(counts, paint) + "\n";
}

std::string render_text_report(const ScanReport& report, const TextOptions& options) {
    std::string out;
    for (size_t i = 0; i < report.targets.size(); ++i) {
        if (i) out += "\n";
        out += render_target_text(report.targets[i], options);
    }
    return out + render_scan_footer_text(report, options);
}

}  // namespace osescan::report
