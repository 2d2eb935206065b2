#include "checks/mail/dmarc_record.hpp"

#include <set>

#include "checks/mail/record_text.hpp"

namespace osescan::checks::mail {

namespace {

constexpr size_t k_value_copy_max = 64;

std::optional<long> number(std::string_view s, long max) {
    if (s.empty() || s.size() > 10) return std::nullopt;
    long value = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    if (value > max) return std::nullopt;
    return value;
}

std::string bounded(std::string_view s) { return std::string(s.substr(0, k_value_copy_max)); }

void note(std::vector<DmarcDiscarded>& list, std::string tag, std::string_view value, std::string reason) {
    if (list.size() < k_dmarc_max_notes) list.push_back({std::move(tag), bounded(value), std::move(reason)});
}

// One dmarc-uri (RFC 9989 §4.8: a URI of RFC 3986, commas and "!" percent-encoded). The
// RFC 7489 size suffix "!10m" is no longer part of the grammar; receivers of both
// generations understand a URI written with it, so it is stripped, not held against it.
std::optional<DmarcUri> parse_uri(std::string_view item, std::string& reason) {
    if (size_t bang = item.find('!'); bang != std::string_view::npos) {
        std::string_view size = item.substr(bang + 1);
        if (!size.empty() && std::string_view("kmgtKMGT").find(size.back()) != std::string_view::npos)
            size.remove_suffix(1);
        if (!number(size, 999999999)) {
            reason = "invalid size limit";
            return std::nullopt;
        }
        item = item.substr(0, bang);
    }
    const size_t colon = item.find(':');
    if (colon == std::string_view::npos || colon == 0) {
        reason = "not a URI (no scheme)";
        return std::nullopt;
    }
    for (size_t i = 0; i < colon; ++i) {
        const char c = item[i];
        const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (!alpha && (i == 0 || !((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))) {
            reason = "invalid URI scheme";
            return std::nullopt;
        }
    }
    for (char c : item)
        if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
            reason = "invalid character in URI";
            return std::nullopt;
        }
    DmarcUri uri{std::string(item), ""};
    if (lowered(item.substr(0, colon)) == "mailto") {
        const size_t at = item.rfind('@');
        std::string domain = at == std::string_view::npos ? std::string() : lowered(item.substr(at + 1));
        if (size_t q = domain.find('?'); q != std::string::npos) domain.resize(q);
        if (!domain.empty() && domain.back() == '.') domain.pop_back();
        if (domain.empty()) {
            reason = "mailto: URI without a domain";
            return std::nullopt;
        }
        uri.mailto_domain = domain;
    }
    return uri;
}

// dmarc-urilist: each URI that does not parse is ignored (§4.7), the others stand.
void parse_uris(const std::string& tag, std::string_view value, DmarcRecord& record) {
    std::vector<DmarcUri>& out = tag == "rua" ? record.rua : record.ruf;
    size_t start = 0;
    while (start <= value.size()) {
        const size_t comma = value.find(',', start);
        const std::string_view item =
            trim(value.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
        std::string reason;
        if (item.empty()) {
            note(record.invalid_uris, tag, item, "empty URI");
        } else if (out.size() >= k_dmarc_max_uris) {
            note(record.invalid_uris, tag, item, "more than " + std::to_string(k_dmarc_max_uris) + " URIs");
        } else if (auto uri = parse_uri(item, reason)) {
            out.push_back(std::move(*uri));
        } else {
            note(record.invalid_uris, tag, item, reason);
        }
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
}

bool is_policy(const std::string& value) { return value == "none" || value == "quarantine" || value == "reject"; }

// dmarc-fo = "0" / "1" / "d" / "s" / "d:s" / "s:d" in RFC 9989; RFC 7489 allowed any
// colon-separated list of 0, 1, d, s, which RFC 9989 receivers still read.
bool valid_fo(std::string_view value) {
    size_t start = 0;
    while (true) {
        const size_t colon = value.find(':', start);
        const std::string item =
            lowered(trim(value.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start)));
        if (item.size() != 1 || std::string_view("01ds").find(item[0]) == std::string_view::npos) return false;
        if (colon == std::string_view::npos) return true;
        start = colon + 1;
    }
}

}  // namespace

bool is_dmarc_record(std::string_view txt) {
    txt = trim(txt);
    if (txt.size() < 1 || lower(txt[0]) != 'v') return false;
    txt.remove_prefix(1);
    txt = trim(txt);
    if (txt.empty() || txt[0] != '=') return false;
    txt.remove_prefix(1);
    txt = trim(txt);
    if (txt.substr(0, 6) != "DMARC1") return false;
    txt.remove_prefix(6);
    txt = trim(txt);
    return txt.empty() || txt[0] == ';';
}

DmarcParse parse_dmarc(std::string_view text) {
    DmarcParse out;
    auto fail = [&](std::string error, size_t position) {
        out.record.reset();
        out.error = std::move(error);
        out.position = position;
        return out;
    };
    if (text.size() > k_dmarc_max_chars) return fail("record too long", k_dmarc_max_chars);
    if (!is_dmarc_record(text)) return fail("does not start with \"v=DMARC1\"", 0);
    DmarcRecord record;
    std::set<std::string> seen;
    size_t start = 0;
    bool first = true;
    while (start <= text.size()) {
        size_t semi = text.find(';', start);
        const size_t end = semi == std::string_view::npos ? text.size() : semi;
        std::string_view spec = text.substr(start, end - start);
        size_t at = start;
        while (at < end && is_space(text[at])) ++at;
        start = end + 1;
        spec = trim(spec);
        if (spec.empty()) {
            if (semi == std::string_view::npos) break;
            continue;  // a trailing or doubled ";" is allowed (tag-list, RFC 6376 §3.2)
        }
        size_t eq = spec.find('=');
        if (eq == std::string_view::npos) return fail("tag without \"=\"", at);
        const std::string name = lowered(trim(spec.substr(0, eq)));
        const std::string_view value = trim(spec.substr(eq + 1));
        if (name.empty()) return fail("empty tag name", at);
        for (char c : name)
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
                return fail("invalid tag name", at);
        // RFC 6376 §3.2 (the tag-list DMARC records use): a duplicate tag name is invalid.
        if (!seen.insert(name).second) return fail("duplicate tag \"" + name + "\"", at);
        if (first) {
            first = false;  // v=DMARC1, already checked by is_dmarc_record
            continue;
        }
        if (name == "v") return fail("\"v\" must be the first tag", at);
        const std::string lower_value = lowered(value);
        if (name == "p" || name == "sp" || name == "np") {
            if (is_policy(lower_value)) {
                (name == "p" ? record.p : name == "sp" ? record.sp : record.np) = lower_value;
            } else if (record.policy_problems.size() < k_dmarc_max_notes) {
                record.policy_problems.push_back(name + "=" + bounded(value) + " is not none, quarantine or reject");
            }
        } else if (name == "t") {
            if (lower_value == "y" || lower_value == "n") record.t = lower_value;
            else note(record.discarded, name, value, "must be y or n (default n stands)");
        } else if (name == "psd") {
            if (lower_value == "y" || lower_value == "n" || lower_value == "u") record.psd = lower_value;
            else note(record.discarded, name, value, "must be y, n or u (default u stands)");
        } else if (name == "adkim" || name == "aspf") {
            if (lower_value == "r" || lower_value == "s") (name == "adkim" ? record.adkim : record.aspf) = lower_value;
            else note(record.discarded, name, value, "must be r or s (default r stands)");
        } else if (name == "fo") {
            if (valid_fo(value)) record.fo = lower_value;
            else note(record.discarded, name, value, "must be 0, 1, d or s, colon-separated (default 0 stands)");
        } else if (name == "rua" || name == "ruf") {
            parse_uris(name, value, record);
        } else if (name == "pct" || name == "rf" || name == "ri") {
            // Retired by RFC 9989 (Appendix C): ignored by its receivers, honoured by RFC 7489 ones.
            record.retired_tags.push_back(name);
            if (name == "pct") {
                if (auto pct = number(value, 100)) record.pct = static_cast<int>(*pct);
                else note(record.discarded, name, value, "must be 0 to 100");
            }
        } else if (record.unknown_tags.size() < k_dmarc_max_notes) {
            record.unknown_tags.push_back(bounded(name));
        }
        if (semi == std::string_view::npos) break;
    }
    bool p_named = false;
    for (const std::string& problem : record.policy_problems) p_named = p_named || problem.rfind("p=", 0) == 0;
    if (!record.p && !p_named) record.policy_problems.insert(record.policy_problems.begin(), "no p= tag");
    out.record = std::move(record);
    return out;
}

}  // namespace osescan::checks::mail
