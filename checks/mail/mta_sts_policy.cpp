#include "checks/mail/mta_sts_policy.hpp"

#include <set>

#include "checks/mail/record_text.hpp"

namespace osescan::checks::mail {

namespace {

constexpr std::string_view k_version = "v=STSv1";

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_wsp(char c) { return c == ' ' || c == '\t'; }

// sts-ext-name / sts-policy-ext-name = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")
bool valid_ext_name(std::string_view name) {
    if (name.empty() || name.size() > 32 || !(is_alpha(name[0]) || is_digit(name[0]))) return false;
    for (char c : name)
        if (!(is_alpha(c) || is_digit(c) || c == '_' || c == '-' || c == '.')) return false;
    return true;
}

std::string_view trim_wsp(std::string_view s) {
    while (!s.empty() && is_wsp(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_wsp(s.back())) s.remove_suffix(1);
    return s;
}

// A host name as RFC 5321's Domain: LDH labels of 1-63 octets, at least two labels.
bool valid_domain(std::string_view name) {
    if (name.empty() || name.size() > 253) return false;
    size_t labels = 0;
    size_t start = 0;
    while (start <= name.size()) {
        const size_t dot = name.find('.', start);
        const std::string_view label =
            name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
        for (char c : label)
            if (!(is_alpha(c) || is_digit(c) || c == '-')) return false;
        ++labels;
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    return labels >= 2;
}

std::string bounded(std::string_view s) { return std::string(s.substr(0, 80)); }

}  // namespace

bool is_mta_sts_record(std::string_view txt) {
    if (txt.substr(0, k_version.size()) != k_version) return false;
    const std::string_view rest = trim_wsp(txt.substr(k_version.size()));
    return rest.empty() || rest[0] == ';';
}

// sts-text-record = sts-version 1*(sts-field-delim sts-field) [sts-field-delim]
// sts-field = sts-id / sts-extension; sts-id = %s"id=" 1*32(ALPHA / DIGIT)
MtaStsRecordParse parse_mta_sts_record(std::string_view text) {
    MtaStsRecordParse out;
    auto fail = [&](std::string error) {
        out.record.reset();
        out.error = std::move(error);
        return out;
    };
    if (text.size() > k_mta_sts_record_max_chars) return fail("record too long");
    if (!is_mta_sts_record(text)) return fail("does not begin with \"v=STSv1\"");
    std::optional<std::string> id;
    size_t start = text.find(';', k_version.size());
    start = start == std::string_view::npos ? text.size() : start + 1;
    while (start < text.size()) {
        const size_t semi = text.find(';', start);
        const std::string_view field =
            trim_wsp(text.substr(start, semi == std::string_view::npos ? std::string_view::npos : semi - start));
        start = semi == std::string_view::npos ? text.size() : semi + 1;
        if (field.empty()) {
            if (!trim_wsp(text.substr(std::min(start, text.size()))).empty()) return fail("empty field");
            continue;
        }
        const size_t eq = field.find('=');
        if (eq == std::string_view::npos) return fail("field without \"=\"");
        const std::string_view name = field.substr(0, eq);
        const std::string_view value = field.substr(eq + 1);
        if (name == "id") {
            if (id) return fail("id= given twice");
            if (value.empty() || value.size() > 32) return fail("id= must be 1 to 32 letters and digits");
            for (char c : value)
                if (!is_alpha(c) && !is_digit(c)) return fail("id= must be 1 to 32 letters and digits");
            id = std::string(value);
        } else if (name == "v") {
            return fail("\"v\" given twice");
        } else {
            // sts-ext-value = 1*(%x21-3A / %x3C / %x3E-7E)
            if (!valid_ext_name(name)) return fail("invalid field name");
            if (value.empty()) return fail("empty value of field \"" + bounded(name) + "\"");
            for (char c : value) {
                const auto u = static_cast<unsigned char>(c);
                if (u < 0x21 || u > 0x7e || c == '=') return fail("invalid value of field \"" + bounded(name) + "\"");
            }
        }
    }
    if (!id) return fail("no id= field (required)");
    out.record = MtaStsRecord{*id};
    return out;
}

MtaStsPolicyParse parse_mta_sts_policy(std::string_view text) {
    MtaStsPolicyParse out;
    auto fail = [&](std::string error, size_t line) {
        out.policy.reset();
        out.error = std::move(error);
        out.line = line;
        return out;
    };
    if (text.size() > k_mta_sts_policy_max_bytes) return fail("policy larger than 64 KB (RFC 8461 §3.3)", 0);
    MtaStsPolicy policy;
    std::optional<std::string> version;
    std::optional<std::string> mode;
    std::optional<uint64_t> max_age;
    std::set<std::string> seen;
    size_t line_no = 0;
    size_t start = 0;
    while (start < text.size()) {
        // sts-policy-term = LF / CRLF
        const size_t lf = text.find('\n', start);
        std::string_view line = text.substr(start, lf == std::string_view::npos ? std::string_view::npos : lf - start);
        start = lf == std::string_view::npos ? text.size() : lf + 1;
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        line = trim_wsp(line);
        if (line.empty()) {
            // Only a final terminator (or trailing whitespace lines) may leave an empty line.
            if (!trim(text.substr(start)).empty()) return fail("empty line inside the policy", line_no);
            continue;
        }
        const size_t colon = line.find(':');
        if (colon == std::string_view::npos) return fail("line without \":\"", line_no);
        const std::string_view name = line.substr(0, colon);
        const std::string_view value = trim_wsp(line.substr(colon + 1));
        if (!valid_ext_name(name)) return fail("invalid field name", line_no);
        for (char c : value) {
            const auto u = static_cast<unsigned char>(c);
            if ((u < 0x20 && c != '\t') || u > 0x7e) return fail("invalid character in the value", line_no);
        }
        const std::string key(name);
        // "If any field other than mx is duplicated, the first entry is honoured" (§3.2).
        if (key != "mx" && !seen.insert(key).second) {
            if (policy.notes.size() < 16)
                policy.notes.push_back("field \"" + bounded(key) + "\" repeated: the first one counts");
            continue;
        }
        if (key == "version") {
            version = std::string(value);
        } else if (key == "mode") {
            mode = std::string(value);
        } else if (key == "max_age") {
            if (value.empty() || value.size() > 10) return fail("max_age must be 1 to 10 digits", line_no);
            uint64_t seconds = 0;
            for (char c : value) {
                if (!is_digit(c)) return fail("max_age must be 1 to 10 digits", line_no);
                seconds = seconds * 10 + static_cast<uint64_t>(c - '0');
            }
            max_age = seconds;
        } else if (key == "mx") {
            const std::string pattern = lowered(value);
            const std::string_view domain = std::string_view(pattern).substr(pattern.rfind("*.", 0) == 0 ? 2 : 0);
            if (!valid_domain(domain))
                return fail("mx \"" + bounded(value) + "\" is not a host name or *.domain", line_no);
            if (policy.mx.size() >= k_mta_sts_max_mx) return fail("too many mx fields", line_no);
            policy.mx.push_back(pattern);
        } else if (policy.notes.size() < 16) {
            policy.notes.push_back("unknown field \"" + bounded(key) + "\" ignored");
        }
    }
    if (!version) return fail("no version field (required)", 0);
    if (*version != "STSv1") return fail("version must be STSv1", 0);
    if (!mode) return fail("no mode field (required)", 0);
    if (*mode != "enforce" && *mode != "testing" && *mode != "none")
        return fail("mode must be enforce, testing or none", 0);
    if (!max_age) return fail("no max_age field (required)", 0);
    if (*max_age > k_mta_sts_max_age_limit) return fail("max_age is over 31557600 seconds (RFC 8461 §3.2)", 0);
    if (policy.mx.empty() && *mode != "none") return fail("no mx field (required unless mode is none)", 0);
    policy.mode = *mode;
    policy.max_age = *max_age;
    out.policy = std::move(policy);
    return out;
}

bool mta_sts_mx_matches(std::string_view pattern, std::string_view host) {
    std::string p = lowered(pattern);
    std::string h = lowered(host);
    if (!h.empty() && h.back() == '.') h.pop_back();
    if (!p.empty() && p.back() == '.') p.pop_back();
    if (p.rfind("*.", 0) != 0) return p == h;
    const std::string_view suffix = std::string_view(p).substr(1);  // ".example.com"
    if (h.size() <= suffix.size() || h.compare(h.size() - suffix.size(), suffix.size(), suffix) != 0) return false;
    const std::string_view label = std::string_view(h).substr(0, h.size() - suffix.size());
    return !label.empty() && label.find('.') == std::string_view::npos;
}

}  // namespace osescan::checks::mail
