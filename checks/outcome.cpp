#include "checks/outcome.hpp"

#include <stdexcept>

#include "checks/check.hpp"

namespace osescan::checks {

const std::vector<Outcome>& shared_outcomes() {
    static const std::vector<Outcome> outcomes{
        {"needs-host-name", Status::not_applicable,
         "Not applicable: the target is an IP address, this check needs a host name"},
        {"internal-error", Status::error, "Could not tell: {why}"},
        {"too-many-rounds", Status::error,
         "Could not tell: the check kept asking for more facts (over {rounds} dependent rounds)"},
        // A probe could not finish: the check cannot tell, whatever it would have concluded.
        {k_probe_outcome_prefix, Status::error, "Could not tell: {what} failed ({kind}){detail}"},
    };
    return outcomes;
}

const Outcome* find_outcome(const CheckInfo& info, std::string_view code) {
    for (const Outcome& outcome : info.outcomes)
        if (outcome.code == code) return &outcome;
    return find_shared_outcome(code);
}

std::string_view fix_for(const CheckInfo& info, std::string_view outcome) {
    const Outcome* declared = find_outcome(info, outcome);
    return declared && !declared->fix.empty() ? declared->fix : info.fix;
}

const Outcome* find_shared_outcome(std::string_view code) {
    for (const Outcome& outcome : shared_outcomes()) {
        if (outcome.code == k_probe_outcome_prefix) {
            if (code.size() > outcome.code.size() && code.substr(0, outcome.code.size()) == outcome.code)
                return &outcome;
        } else if (outcome.code == code) {
            return &outcome;
        }
    }
    return nullptr;
}

std::vector<Outcome> join_outcomes(std::initializer_list<std::vector<Outcome>> parts) {
    std::vector<Outcome> out;
    for (const std::vector<Outcome>& part : parts) out.insert(out.end(), part.begin(), part.end());
    return out;
}

std::string render_summary(std::string_view summary_template, const nlohmann::json& params) {
    std::string out;
    out.reserve(summary_template.size() + 32);
    size_t i = 0;
    while (i < summary_template.size()) {
        const size_t open = summary_template.find('{', i);
        if (open == std::string_view::npos) break;
        const size_t close = summary_template.find('}', open);
        if (close == std::string_view::npos) throw std::logic_error("unclosed '{' in outcome text");
        out.append(summary_template.substr(i, open - i));
        const std::string name(summary_template.substr(open + 1, close - open - 1));
        const auto it = params.find(name);
        if (it == params.end())
            throw std::logic_error("outcome text needs parameter '" + name + "', which the check did not give");
        if (it->is_string()) out += it->get<std::string>();
        else out += it->dump();
        i = close + 1;
    }
    out.append(summary_template.substr(i));
    return out;
}

}  // namespace osescan::checks
