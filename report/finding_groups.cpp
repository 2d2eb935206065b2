#include "report/finding_groups.hpp"

#include <cctype>
#include <map>
#include <tuple>

namespace osescan::report {

namespace {
// Stands for "this finding's subject" inside a summary while comparing summaries.
constexpr char k_subject_mark = '\x01';

bool is_address(const std::string& subject) {
    if (subject.empty()) return false;
    for (char c : subject)
        if (!std::isxdigit(static_cast<unsigned char>(c)) && c != '.' && c != ':') return false;
    return true;
}

// The summary with the finding's own subject (and an endpoint made of it: "[2001:db8::1]:443",
// "198.51.100.1:443") replaced by a mark, so that two addresses saying the same compare equal.
std::string generic_summary(const checks::Finding& f) {
    const std::string& s = f.summary;
    if (f.subject.empty()) return s;
    std::string out;
    size_t i = 0;
    while (i < s.size()) {
        size_t start = i, end = 0;
        if (s.compare(i, f.subject.size() + 2, "[" + f.subject + "]") == 0) end = i + f.subject.size() + 2;
        else if (s.compare(i, f.subject.size(), f.subject) == 0) end = i + f.subject.size();
        if (end) {
            // A subject inside a longer token ("198.51.100.10" in "198.51.100.100") is not it.
            const bool before_ok = start == 0 || !(std::isalnum(static_cast<unsigned char>(s[start - 1])) ||
                                                   s[start - 1] == '.' || s[start - 1] == ':');
            size_t after = end;
            if (after < s.size() && s[after] == ':' && after + 1 < s.size() &&
                std::isdigit(static_cast<unsigned char>(s[after + 1]))) {
                after++;
                while (after < s.size() && std::isdigit(static_cast<unsigned char>(s[after]))) after++;
            }
            const bool after_ok =
                after == s.size() ||
                !(std::isalnum(static_cast<unsigned char>(s[after])) ||
                  (s[after] == '.' && after + 1 < s.size() && std::isalnum(static_cast<unsigned char>(s[after + 1]))));
            if (before_ok && after_ok) {
                out += k_subject_mark;
                i = after;
                continue;
            }
        }
        out += s[i++];
    }
    return out;
}
}  // namespace

std::vector<FindingGroup> group_findings(const std::vector<checks::Finding>& findings,
                                         const std::vector<size_t>& indices,
                                         const std::function<std::string(size_t)>& separate) {
    using Key = std::tuple<std::string, checks::Status, std::string, std::string, std::string>;
    std::vector<FindingGroup> groups;
    std::vector<std::string> generic;  // per group
    std::vector<bool> all_addresses;   // per group
    std::map<Key, size_t> by_key;
    for (size_t i : indices) {
        const checks::Finding& f = findings[i];
        // Findings without a subject are about the target as a whole: each is its own row.
        std::string shared = f.subject.empty() ? std::string() : generic_summary(f);
        const Key key{f.check_id, f.status, f.outcome, shared, separate ? separate(i) : std::string()};
        auto it = f.subject.empty() ? by_key.end() : by_key.find(key);
        if (it == by_key.end()) {
            if (!f.subject.empty()) by_key.emplace(key, groups.size());
            groups.push_back({{i}, {}, f.summary});
            if (!f.subject.empty()) groups.back().subjects.push_back(f.subject);
            generic.push_back(shared);
            all_addresses.push_back(is_address(f.subject));
            continue;
        }
        FindingGroup& g = groups[it->second];
        g.members.push_back(i);
        g.subjects.push_back(f.subject);
        all_addresses[it->second] = all_addresses[it->second] && is_address(f.subject);
    }
    // A row for several subjects words its verdict for each of them.
    for (size_t g = 0; g < groups.size(); ++g) {
        if (groups[g].members.size() < 2) continue;
        std::string text;
        for (char c : generic[g])
            text += c == k_subject_mark ? (all_addresses[g] ? "each address" : "each of them") : std::string(1, c);
        groups[g].summary = text;
    }
    return groups;
}

std::string join_subjects(const std::vector<std::string>& subjects) {
    std::string out;
    for (const std::string& s : subjects) out += (out.empty() ? "" : ", ") + s;
    return out;
}

}  // namespace osescan::report
