#include "report/policy.hpp"

#include <algorithm>
#include <set>

#include "checks/registry.hpp"

namespace osescan::report {

namespace {
using nlohmann::json;

// How specifically `key` names the check `id` of `family`: -1 no match, 0 family name,
// otherwise the key's length (an exact id is longer than any of its prefixes).
int match_rank(const std::string& key, std::string_view id, std::string_view family) {
    if (key == id || (id.size() > key.size() && id.starts_with(key) && id[key.size()] == '.'))
        return static_cast<int>(key.size());
    if (key == family) return 0;
    return -1;
}

bool matches(const std::string& key, const checks::Finding& f) {
    const checks::Check* check = checks::find_check(f.check_id);
    const std::string_view family = check ? checks::family_name(check->info.family) : std::string_view();
    return match_rank(key, f.check_id, family) >= 0;
}

bool known_term(const std::string& term) { return checks::select_checks({term}, {}).unknown.empty(); }

std::string path(const std::string& where, size_t index) { return where + "[" + std::to_string(index) + "]"; }
}  // namespace

PolicyParse parse_policy(const json& document) {
    PolicyParse out;
    auto error = [&](std::string message) { out.errors.push_back(std::move(message)); };
    if (!document.is_object()) {
        error("a policy is a JSON object");
        return out;
    }
    Policy policy;
    static const std::set<std::string> k_keys = {"$schema", "description", "fail_on", "required", "accept", "ignore"};
    for (const auto& [key, value] : document.items())
        if (!k_keys.contains(key)) error("unknown key \"" + key + "\" (known: fail_on, required, accept, ignore)");

    if (document.contains("fail_on")) {
        const json& v = document["fail_on"];
        policy.fail_on = v.is_string() ? fail_on_from_name(v.get<std::string>()) : std::nullopt;
        if (!policy.fail_on) error("fail_on must be \"warn\", \"fail\", \"error\" or \"never\"");
    }
    if (document.contains("required")) {
        const json& v = document["required"];
        if (!v.is_array()) error("required must be an array of check ids");
        else
            for (size_t i = 0; i < v.size(); ++i) {
                if (!v[i].is_string() || v[i].get<std::string>().empty())
                    error(path("required", i) + " must be a check id");
                else if (!known_term(v[i].get<std::string>()))
                    error(path("required", i) + ": unknown check \"" + v[i].get<std::string>() +
                          "\" (see osescan list-checks)");
                else
                    policy.required.push_back(v[i].get<std::string>());
            }
    }
    if (document.contains("accept")) {
        const json& v = document["accept"];
        if (!v.is_object()) error("accept must be an object: {\"check id\": \"worst acceptable status\"}");
        else
            for (const auto& [key, status] : v.items()) {
                checks::Status worst = checks::Status::not_applicable;
                if (status.is_string())
                    for (checks::Status s : {checks::Status::pass, checks::Status::info, checks::Status::warn,
                                             checks::Status::fail, checks::Status::error})
                        if (checks::status_name(s) == status.get<std::string>()) worst = s;
                if (!known_term(key)) error("accept: unknown check \"" + key + "\" (see osescan list-checks)");
                else if (worst == checks::Status::not_applicable)
                    error("accept[\"" + key + "\"] must be \"pass\", \"info\", \"warn\", \"fail\" or \"error\"");
                else
                    policy.accept.push_back({key, worst});
            }
    }
    if (document.contains("ignore")) {
        const json& v = document["ignore"];
        if (!v.is_array()) error("ignore must be an array of {check, reason[, target, subject]}");
        else
            for (size_t i = 0; i < v.size(); ++i) {
                const json& item = v[i];
                const std::string where = path("ignore", i);
                if (!item.is_object()) {
                    error(where + " must be an object");
                    continue;
                }
                bool ok = true;
                for (const auto& [key, value] : item.items())
                    if (key != "check" && key != "target" && key != "subject" && key != "reason") {
                        error(where + ": unknown key \"" + key + "\"");
                        ok = false;
                    }
                auto text = [&](const char* key) {
                    return item.contains(key) && item[key].is_string() ? item[key].get<std::string>() : std::string();
                };
                for (const char* key : {"target", "subject"})
                    if (item.contains(key) && !item[key].is_string()) {
                        error(where + "." + key + " must be a string");
                        ok = false;
                    }
                PolicyIgnore ignore{text("check"), text("target"), text("subject"), text("reason")};
                if (ignore.check.empty()) {
                    error(where + ".check is required");
                    ok = false;
                } else if (!known_term(ignore.check)) {
                    error(where + ": unknown check \"" + ignore.check + "\"");
                    ok = false;
                }
                // A gate exception nobody can explain later is a hole: the reason is mandatory.
                if (ignore.reason.find_first_not_of(" \t") == std::string::npos) {
                    error(where + ".reason is required: say why it is ignored");
                    ok = false;
                }
                if (ok) policy.ignore.push_back(std::move(ignore));
            }
    }
    if (out.errors.empty()) out.policy = std::move(policy);
    return out;
}

TargetPolicyVerdict evaluate_policy(const Policy& policy, const checks::TargetResult& result,
                                    FailOn default_fail_on) {
    TargetPolicyVerdict verdict;
    const checks::Status fallback = worst_accepted_for_fail_on(policy.fail_on.value_or(default_fail_on));
    for (size_t i = 0; i < result.findings.size(); ++i) {
        const checks::Finding& f = result.findings[i];
        for (const PolicyIgnore& ignore : policy.ignore)
            if (matches(ignore.check, f) && (ignore.target.empty() || ignore.target == result.target.host) &&
                (ignore.subject.empty() || ignore.subject == f.subject)) {
                verdict.ignored[i] = ignore.reason;
                break;
            }
        if (verdict.ignored.contains(i)) continue;

        const checks::Check* check = checks::find_check(f.check_id);
        const std::string_view family = check ? checks::family_name(check->info.family) : std::string_view();
        checks::Status accepted = fallback;
        int best = -1;
        for (const PolicyAccept& rule : policy.accept)
            if (const int rank = match_rank(rule.check, f.check_id, family); rank > best) {
                best = rank;
                accepted = rule.worst;
            }
        if (breaks_gate(f.status, accepted))
            verdict.violations.push_back(
                {f.check_id, f.subject, std::string(checks::status_name(f.status)), std::string(checks::status_name(accepted))});
    }
    for (const std::string& required : policy.required) {
        const bool present = std::any_of(result.findings.begin(), result.findings.end(),
                                         [&](const checks::Finding& f) { return matches(required, f); });
        if (!present) verdict.violations.push_back({required, "", "missing", "pass"});
    }
    return verdict;
}

}  // namespace osescan::report
