#include "report/explain_text.hpp"

#include <sstream>

#include "report/terminal_text.hpp"

namespace osescan::report {

namespace {
void append_block(std::string& out, std::string_view heading, std::string_view text) {
    if (text.empty()) return;
    out += "\n" + std::string(heading) + "\n";
    std::istringstream lines{std::string(text)};
    std::string line;
    while (std::getline(lines, line)) out += "  " + terminal_safe(line) + "\n";
}

std::string outcome_line(std::string_view code, const checks::Outcome& outcome) {
    std::string out = "  " + terminal_safe(code) + "  " + std::string(checks::status_name(outcome.status));
    if (outcome.blocking) out += ", blocking (caps the overall score)";
    return out + ": " + terminal_safe(outcome.summary) + "\n";
}
}  // namespace

std::string render_explanation(const checks::CheckInfo& info, const checks::Outcome* outcome,
                               std::string_view outcome_code) {
    std::string out = terminal_safe(info.title) + "\n";
    out += "check " + terminal_safe(info.id) + " \u00b7 family " + std::string(checks::family_name(info.family)) +
           (info.scored ? " \u00b7 scored" : " \u00b7 not scored") + "\n";
    if (outcome) {
        out += "\nOutcome\n" + outcome_line(outcome_code, *outcome);
    }
    append_block(out, "Why it matters", info.why);
    const std::string_view fix = outcome ? checks::fix_for(info, outcome_code) : info.fix;
    if (!fix.empty() || !info.snippets.empty()) {
        append_block(out, "How to fix", fix.empty() ? std::string_view("(see the examples)") : fix);
        for (const checks::ConfigSnippet& s : info.snippets) {
            out += "\n  " + terminal_safe(s.server) + ":\n";
            std::istringstream lines{std::string(s.code)};
            std::string line;
            while (std::getline(lines, line)) out += "    " + terminal_safe(line) + "\n";
        }
    }
    if (!info.refs.empty()) {
        out += "\nReferences\n";
        for (const checks::Reference& r : info.refs)
            out += "  " + terminal_safe(r.label) + "  <" + terminal_safe(r.url) + ">\n";
    }
    if (!outcome && !info.outcomes.empty()) {
        out += "\nOutcomes (osescan explain " + terminal_safe(info.id) + "/OUTCOME for one)\n";
        for (const checks::Outcome& o : info.outcomes) out += outcome_line(o.code, o);
    }
    return out;
}

}  // namespace osescan::report
