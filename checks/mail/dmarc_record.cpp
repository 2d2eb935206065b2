#include "checks/mail/dmarc_record.hpp"

#include <set>

#include "checks/mail/record_text.hpp"

namespace osescan::checks::mail {

namespace {

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

// dmarc-uri = URI [ "!" 1*DIGIT [ "k" / "m" / "g" / "t" ] ] (§6.4), comma separated.
bool parse_uris(std::string_view value, std::vector<DmarcUri>& out, std::string& error) {
    size_t start = 0;
    while (start <= value.size()) {
        size_t comma = value.find(',', start);
        std::string_view item = trim(value.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
        if (item.empty()) { error = "empty URI"; return false; }
        if (out.size() >= k_dmarc_max_uris) { error = "too many URIs"; return false; }
        size_t bang = item.find('!');
        if (bang != std::string_view::npos) {
            std::string_view size = item.substr(bang + 1);
            if (!size.empty() && std::string_view("kmgtKMGT").find(size.back()) != std::string_view::npos)
                size.remove_suffix(1);
            if (!number(size, 999999999)) { error = "invalid size limit in URI"; return false; }
            item = item.substr(0, bang);
        }
        size_t colon = item.find(':');
        if (colon == std::string_view::npos || colon == 0) { error = "not a URI: \"" + std::string(item.substr(0, 60)) + "\""; return false; }
        for (char c : item)
            if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
                error = "invalid character in URI";
                return false;
            }
        DmarcUri uri{std::string(item), ""};
        if (lowered(item.substr(0, colon)) == "mailto") {
            size_t at = item.rfind('@');
            if (at == std::string_view::npos || at + 1 >= item.size()) { error = "mailto: URI without a domain"; return false; }
            std::string domain = lowered(item.substr(at + 1));
            if (size_t q = domain.find('?'); q != std::string::npos) domain.resize(q);
            if (!domain.empty() && domain.back() == '.') domain.pop_back();
            if (domain.empty()) { error = "mailto: URI without a domain"; return false; }
            uri.mailto_domain = domain;
        }
        out.push_back(std::move(uri));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return true;
}

bool colon_list(std::string_view value, std::string_view allowed_single, const std::set<std::string>& allowed_words) {
    size_t start = 0;
    while (true) {
        size_t colon = value.find(':', start);
        std::string item = lowered(trim(value.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start)));
        bool ok = (item.size() == 1 && allowed_single.find(item[0]) != std::string_view::npos) || allowed_words.count(item) > 0;
        if (!ok) return false;
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
        if (!seen.insert(name).second) return fail("duplicate tag \"" + name + "\"", at);
        if (first) {
            first = false;  // v=DMARC1, already checked by is_dmarc_record
            continue;
        }
        if (name == "v") return fail("\"v\" must be the first tag", at);
        if (name == "p" || name == "sp") {
            const std::string policy = lowered(value);
            if (policy != "none" && policy != "quarantine" && policy != "reject")
                return fail(name + "= must be none, quarantine or reject", at);
            if (name == "p") record.p = policy;
            else record.sp = policy;
        } else if (name == "pct") {
            auto pct = number(value, 100);
            if (!pct) return fail("pct= must be 0 to 100", at);
            record.pct = static_cast<int>(*pct);
        } else if (name == "adkim" || name == "aspf") {
            const std::string mode = lowered(value);
            if (mode != "r" && mode != "s") return fail(name + "= must be r or s", at);
            (name == "adkim" ? record.adkim : record.aspf) = mode;
        } else if (name == "fo") {
            if (!colon_list(value, "01ds", {})) return fail("fo= must be a colon-separated list of 0, 1, d, s", at);
            record.fo = lowered(value);
        } else if (name == "rf") {
            if (!colon_list(value, "", {"afrf"})) return fail("rf= must list report formats (afrf)", at);
            record.rf = lowered(value);
        } else if (name == "ri") {
            auto ri = number(value, 4294967295L);
            if (!ri) return fail("ri= must be a number of seconds", at);
            record.ri = *ri;
        } else if (name == "rua" || name == "ruf") {
            std::string error;
            if (!parse_uris(value, name == "rua" ? record.rua : record.ruf, error)) return fail(name + "=: " + error, at);
        } else if (record.unknown_tags.size() < 32) {
            record.unknown_tags.push_back(name);
        }
        if (semi == std::string_view::npos) break;
    }
    out.record = std::move(record);
    return out;
}

}  // namespace osescan::checks::mail
