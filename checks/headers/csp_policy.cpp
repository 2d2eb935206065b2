#include "checks/headers/csp_policy.hpp"

#include <algorithm>

namespace osescan::checks::headers {

namespace {

// ASCII whitespace (Infra §4.6): TAB, LF, FF, CR, SPACE; CSP3 §2.2.1 splits on it.
bool is_ascii_whitespace(char c) { return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' '; }

std::string_view strip(std::string_view s) {
    while (!s.empty() && is_ascii_whitespace(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_ascii_whitespace(s.back())) s.remove_suffix(1);
    return s;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// directive-name = 1*( ALPHA / DIGIT / "-" )   (CSP3 §2.2)
bool is_directive_name(std::string_view name) {
    if (name.empty()) return false;
    return std::all_of(name.begin(), name.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

// "Strictly split" on one delimiter (Infra): empty pieces kept, the caller skips them.
template <class Fn>
void split_on(std::string_view text, char delimiter, Fn&& each) {
    size_t start = 0;
    while (true) {
        const size_t end = text.find(delimiter, start);
        if (!each(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start))) return;
        if (end == std::string_view::npos) return;
        start = end + 1;
    }
}

CspPolicy parse_policy(std::string_view serialized) {
    CspPolicy policy;
    split_on(serialized, ';', [&](std::string_view token) {
        token = strip(token);
        if (token.empty()) return true;
        if (policy.directives.size() >= k_csp_max_directives) {
            policy.truncated = true;
            return false;
        }
        size_t name_end = 0;
        while (name_end < token.size() && !is_ascii_whitespace(token[name_end])) ++name_end;
        std::string name = lower(token.substr(0, name_end));
        if (!is_directive_name(name)) {
            // Not a directive any browser knows; kept out of the policy, named in evidence.
            if (policy.invalid_names.size() < k_csp_max_directives) policy.invalid_names.push_back(std::move(name));
            return true;
        }
        if (policy.find(name)) {
            // §2.2.1 step 2.4: a repeated directive is ignored (the first one wins).
            if (policy.duplicate_directives.size() < k_csp_max_directives)
                policy.duplicate_directives.push_back(std::move(name));
            return true;
        }
        CspDirective directive;
        directive.name = std::move(name);
        std::string_view rest = token.substr(name_end);
        while (true) {
            while (!rest.empty() && is_ascii_whitespace(rest.front())) rest.remove_prefix(1);
            if (rest.empty()) break;
            size_t end = 0;
            while (end < rest.size() && !is_ascii_whitespace(rest[end])) ++end;
            if (directive.sources.size() >= k_csp_max_sources) {
                policy.truncated = true;
                break;
            }
            directive.sources.emplace_back(rest.substr(0, end));
            rest.remove_prefix(end);
        }
        policy.directives.push_back(std::move(directive));
        return true;
    });
    return policy;
}

bool has_keyword(const CspDirective& directive, std::string_view keyword) {
    return std::any_of(directive.sources.begin(), directive.sources.end(),
                       [&](const std::string& s) { return lower(s) == keyword; });
}

// nonce-source = "'nonce-" base64-value "'"; hash-source = "'" hash-algorithm "-" base64 "'"
// (CSP3 §2.3.1). Either one makes browsers ignore 'unsafe-inline' (§6.7.3.3).
bool has_nonce_or_hash(const CspDirective& directive) {
    return std::any_of(directive.sources.begin(), directive.sources.end(), [](const std::string& s) {
        const std::string l = lower(s);
        if (l.size() < 3 || l.front() != '\'' || l.back() != '\'') return false;
        for (const char* prefix : {"'nonce-", "'sha256-", "'sha384-", "'sha512-"})
            if (l.rfind(prefix, 0) == 0 && l.size() > std::string_view(prefix).size() + 1) return true;
        return false;
    });
}

std::string bounded(std::string_view source) {
    constexpr size_t k_max = 80;
    return source.size() <= k_max ? std::string(source) : std::string(source.substr(0, k_max)) + "...";
}

// The sources of `directive` that let anyone (or any plain-HTTP attacker) supply the
// resource: "*", "http:" and http:// hosts, a bare "https:", "data:" (CSP3 §2.3.1).
void open_sources(const CspDirective& directive, const std::string& kind, std::vector<CspWeakness>& out) {
    for (const std::string& source : directive.sources) {
        const std::string l = lower(source);
        const bool open =
            l == "*" || l == "http:" || l.rfind("http://", 0) == 0 || l == "https:" || l == "https://*" || l == "data:";
        if (open) out.push_back({kind, directive.name + " " + bounded(source)});
    }
}

}  // namespace

const CspDirective* CspPolicy::find(std::string_view name) const {
    for (const CspDirective& d : directives)
        if (d.name == name) return &d;
    return nullptr;
}

std::vector<CspPolicy> parse_csp_list(std::string_view header_value) {
    std::vector<CspPolicy> policies;
    split_on(header_value, ',', [&](std::string_view serialized) {
        if (policies.size() >= k_csp_max_policies) return false;
        CspPolicy policy = parse_policy(serialized);
        // §2.2.2 step 2.2: a policy without directives is skipped.
        if (!policy.directives.empty() || !policy.invalid_names.empty()) policies.push_back(std::move(policy));
        return true;
    });
    return policies;
}

std::vector<CspWeakness> policy_weaknesses(const CspPolicy& policy) {
    std::vector<CspWeakness> out;
    const CspDirective* default_src = policy.find("default-src");
    // script-src falls back to default-src (CSP3 §6.8.3, "get the effective directive").
    const CspDirective* script = policy.find("script-src");
    if (!script) script = default_src;
    if (!script) {
        out.push_back({"script-inline", "no script-src or default-src: inline scripts run"});
        out.push_back({"script-eval", "no script-src or default-src: eval() runs"});
        out.push_back({"script-source", "no script-src or default-src: scripts load from anywhere"});
    } else {
        // 'strict-dynamic' makes browsers ignore 'unsafe-inline' and every host and scheme
        // source for scripts (CSP3 §8.2); a nonce or hash makes them ignore 'unsafe-inline'.
        const bool strict_dynamic = has_keyword(*script, "'strict-dynamic'");
        if (has_keyword(*script, "'unsafe-inline'") && !strict_dynamic && !has_nonce_or_hash(*script))
            out.push_back({"script-inline", script->name + " 'unsafe-inline' without a nonce or hash"});
        // No nonce or hash neutralises 'unsafe-eval' (CSP3 §8.4).
        if (has_keyword(*script, "'unsafe-eval'")) out.push_back({"script-eval", script->name + " 'unsafe-eval'"});
        if (!strict_dynamic) open_sources(*script, "script-source", out);
    }
    const CspDirective* object = policy.find("object-src");
    if (!object) object = default_src;
    if (!object) out.push_back({"object-source", "no object-src or default-src: plugins load from anywhere"});
    else open_sources(*object, "object-source", out);
    // These four never fall back to default-src (CSP3 §6.3.1, §6.4.1, §6.4.2).
    if (!default_src) out.push_back({"no-default-src", "no default-src"});
    if (!policy.find("base-uri")) out.push_back({"no-base-uri", "no base-uri"});
    if (!policy.find("frame-ancestors")) out.push_back({"no-frame-ancestors", "no frame-ancestors"});
    if (!policy.find("form-action")) out.push_back({"no-form-action", "no form-action"});
    return out;
}

std::vector<CspWeakness> combined_weaknesses(const std::vector<CspPolicy>& policies) {
    std::vector<std::vector<CspWeakness>> each;
    for (const CspPolicy& p : policies) each.push_back(policy_weaknesses(p));
    std::vector<CspWeakness> out;
    if (each.empty()) return out;
    const auto has_kind = [](const std::vector<CspWeakness>& list, const std::string& kind) {
        return std::any_of(list.begin(), list.end(), [&](const CspWeakness& w) { return w.kind == kind; });
    };
    for (const CspWeakness& first : each.front()) {
        const bool in_all =
            std::all_of(each.begin(), each.end(), [&](const auto& l) { return has_kind(l, first.kind); });
        if (!in_all) continue;
        for (const auto& list : each)
            for (const CspWeakness& w : list)
                if (w.kind == first.kind &&
                    std::none_of(out.begin(), out.end(), [&](const CspWeakness& o) { return o.rule == w.rule; }))
                    out.push_back(w);
    }
    return out;
}

bool restricts_framing(const CspPolicy& policy) {
    const CspDirective* frame_ancestors = policy.find("frame-ancestors");
    if (!frame_ancestors) return false;
    return std::none_of(frame_ancestors->sources.begin(), frame_ancestors->sources.end(), [](const std::string& s) {
        const std::string l = lower(s);
        return l == "*" || l == "http:" || l == "https:" || l == "https://*" || l == "http://*";
    });
}

}  // namespace osescan::checks::headers
