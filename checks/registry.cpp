#include "checks/registry.hpp"

#include <algorithm>
#include <map>
#include <set>

// One include per family; each family header declares its checks (Check values).
#include "checks/all_families.hpp"

namespace osescan::checks {

const std::vector<Check>& all_checks() {
    // The one list. Order is the order of reports: family by family, most important first.
    static const std::vector<Check> checks = [] {
        std::vector<Check> all;
        for (const auto& family_checks : family_check_lists())
            all.insert(all.end(), family_checks.begin(), family_checks.end());
        return all;
    }();
    return checks;
}

const Check* find_check(std::string_view id) {
    // Every finding looks its check up (common::conclude): an index, not a scan of the list.
    static const std::map<std::string_view, const Check*, std::less<>> index = [] {
        std::map<std::string_view, const Check*, std::less<>> by_id;
        for (const Check& c : all_checks()) by_id.emplace(c.info.id, &c);
        return by_id;
    }();
    const auto it = index.find(id);
    return it == index.end() ? nullptr : it->second;
}

namespace {
bool term_matches(const Check& check, const std::string& term) {
    if (family_name(check.info.family) == term) return true;
    if (check.info.id == term) return true;
    // dotted prefix: "tls" matches "tls.version", "tls.certificate" matches "tls.certificate.key"
    return check.info.id.size() > term.size() && check.info.id.substr(0, term.size()) == term &&
           check.info.id[term.size()] == '.';
}

bool any_match(const Check& check, const std::vector<std::string>& terms) {
    return std::any_of(terms.begin(), terms.end(),
                       [&](const std::string& t) { return term_matches(check, t); });
}
}  // namespace

Selection select_checks(const std::vector<std::string>& only, const std::vector<std::string>& skip) {
    Selection sel;
    for (const auto* terms : {&only, &skip})
        for (const std::string& term : *terms)
            if (std::none_of(all_checks().begin(), all_checks().end(),
                             [&](const Check& c) { return term_matches(c, term); }))
                sel.unknown.push_back(term);
    for (const Check& c : all_checks()) {
        if (!only.empty() && !any_match(c, only)) continue;
        if (any_match(c, skip)) continue;
        sel.checks.push_back(&c);
    }
    return sel;
}

}  // namespace osescan::checks
