#include "checks/https/security_txt_file.hpp"

#include <algorithm>
#include <cctype>

#include "facts/utf8.hpp"

namespace osescan::checks::https {

namespace {

constexpr int64_t k_year_seconds = 366 * 86400;  // "less than a year": leap years allowed

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
    return text;
}

void add_problem(std::vector<std::string>& problems, std::string problem) {
    if (problems.size() < k_security_txt_max_problems) problems.push_back(std::move(problem));
}

// Lines split on LF (CRLF's CR is trimmed with the line), with 1-based numbers.
std::vector<std::pair<size_t, std::string_view>> lines_of(std::string_view body) {
    std::vector<std::pair<size_t, std::string_view>> out;
    size_t number = 1;
    size_t from = 0;
    while (from <= body.size()) {
        const size_t end = body.find('\n', from);
        std::string_view line = body.substr(from, end == std::string_view::npos ? std::string_view::npos : end - from);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        out.emplace_back(number++, line);
        if (end == std::string_view::npos) break;
        from = end + 1;
    }
    return out;
}

// RFC 9116 §4 field-name = 1*(%x21-39 / %x3B-7E), i.e. visible ASCII but ":".
bool is_field_name(std::string_view name) {
    if (name.empty()) return false;
    return std::all_of(name.begin(), name.end(), [](char c) { return c >= 0x21 && c <= 0x7E && c != ':'; });
}

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool digits(std::string_view text, size_t at, size_t count, int& out) {
    if (at + count > text.size()) return false;
    out = 0;
    for (size_t i = at; i < at + count; ++i) {
        if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
        out = out * 10 + (text[i] - '0');
    }
    return true;
}

bool starts_with_ci(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && lower(text.substr(0, prefix.size())) == prefix;
}

bool has_space_or_control(std::string_view text) {
    return std::any_of(text.begin(), text.end(),
                       [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F; });
}

}  // namespace

SecurityTxtFile parse_security_txt(std::string_view body) {
    SecurityTxtFile out;
    if (!facts::is_valid_utf8(body)) add_problem(out.problems, "the file is not valid UTF-8 (RFC 9116 §4)");
    std::vector<std::pair<size_t, std::string_view>> lines = lines_of(body);
    // RFC 4880 §7: "-----BEGIN PGP SIGNED MESSAGE-----", Hash: armor headers, an empty line,
    // the dash-escaped text, then "-----BEGIN PGP SIGNATURE-----" ... "-----END PGP SIGNATURE-----".
    size_t first = 0;
    size_t last = lines.size();
    while (first < lines.size() && trim(lines[first].second).empty()) ++first;
    if (first < lines.size() && lines[first].second == "-----BEGIN PGP SIGNED MESSAGE-----") {
        out.pgp_signed = true;
        size_t at = first + 1;
        while (at < lines.size() && !lines[at].second.empty()) {
            if (!starts_with_ci(lines[at].second, "hash:"))
                add_problem(out.problems, "line " + std::to_string(lines[at].first) +
                                              ": unexpected armor header in the signed message (RFC 4880 §7)");
            ++at;
        }
        first = at + 1;
        size_t signature = first;
        while (signature < lines.size() && lines[signature].second != "-----BEGIN PGP SIGNATURE-----") ++signature;
        if (signature == lines.size()) {
            add_problem(out.problems, "the PGP signed message has no \"-----BEGIN PGP SIGNATURE-----\"");
        } else {
            bool ended = false;
            for (size_t i = signature + 1; i < lines.size(); ++i) {
                if (lines[i].second == "-----END PGP SIGNATURE-----") {
                    ended = true;
                    for (size_t j = i + 1; j < lines.size(); ++j)
                        if (!trim(lines[j].second).empty()) {
                            add_problem(out.problems, "line " + std::to_string(lines[j].first) +
                                                          ": text after the PGP signature is not signed");
                            break;
                        }
                    break;
                }
            }
            if (!ended) add_problem(out.problems, "the PGP signature has no \"-----END PGP SIGNATURE-----\"");
        }
        last = signature;
        // RFC 4880 §7.1: dash-escaped lines start with "- ".
        for (size_t i = first; i < last; ++i)
            if (lines[i].second.substr(0, 2) == "- ") lines[i].second.remove_prefix(2);
    }
    for (size_t i = first; i < last && i < lines.size(); ++i) {
        const auto& [number, raw] = lines[i];
        const std::string_view line = trim(raw);
        if (line.empty() || line.front() == '#') continue;  // §4: blank lines and comments
        const size_t colon = line.find(':');
        const std::string where = "line " + std::to_string(number);
        if (colon == std::string_view::npos || !is_field_name(line.substr(0, colon))) {
            add_problem(out.problems, where + ": not a field (\"Name: value\"), not a comment");
            continue;
        }
        // §4: field = field-name ":" [WSP] unstructured; no space before the colon.
        if (out.fields.size() < k_security_txt_max_fields)
            out.fields.push_back(
                {std::string(line.substr(0, colon)), std::string(trim(line.substr(colon + 1))), number});
    }
    if (out.fields.size() >= k_security_txt_max_fields)
        add_problem(out.problems,
                    "more than " + std::to_string(k_security_txt_max_fields) + " fields; the rest ignored");
    return out;
}

std::optional<int64_t> parse_rfc3339(std::string_view text) {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!digits(text, 0, 4, year) || text.size() < 20 || text[4] != '-' || !digits(text, 5, 2, month) ||
        text[7] != '-' || !digits(text, 8, 2, day) || (text[10] != 'T' && text[10] != 't') ||
        !digits(text, 11, 2, hour) || text[13] != ':' || !digits(text, 14, 2, minute) || text[16] != ':' ||
        !digits(text, 17, 2, second))
        return std::nullopt;
    static constexpr int k_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (month < 1 || month > 12 || day < 1 || day > k_days[month - 1] || (month == 2 && day == 29 && !leap) ||
        hour > 23 || minute > 59 || second > 60)
        return std::nullopt;
    size_t at = 19;
    if (at < text.size() && text[at] == '.') {
        const size_t from = ++at;
        while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at]))) ++at;
        if (at == from) return std::nullopt;
    }
    int offset = 0;
    if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
        ++at;
    } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
        int oh = 0, om = 0;
        if (!digits(text, at + 1, 2, oh) || at + 3 >= text.size() || text[at + 3] != ':' ||
            !digits(text, at + 4, 2, om) || oh > 23 || om > 59)
            return std::nullopt;
        offset = (text[at] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
        at += 6;
    } else {
        return std::nullopt;
    }
    if (at != text.size()) return std::nullopt;
    return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 + hour * 3600 +
           minute * 60 + std::min(second, 59) - offset;
}

std::string security_txt_uri_problem(std::string_view field, std::string_view value) {
    if (value.empty()) return "is empty";
    if (has_space_or_control(value)) return "contains spaces or control characters (not a URI)";
    const size_t colon = value.find(':');
    if (colon == std::string_view::npos || colon == 0) return "is not an absolute URI (RFC 3986 §4.3)";
    for (char c : value.substr(0, colon))
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.')
            return "is not an absolute URI (RFC 3986 §4.3)";
    const std::string scheme = lower(value.substr(0, colon));
    const std::string name = lower(field);
    if (scheme == "https") {
        if (value.size() <= 8 || value.substr(colon, 3) != "://") return "is an https URI without a host";
        return "";
    }
    if (name == "contact" && (scheme == "mailto" || scheme == "tel")) {
        if (value.size() == colon + 1) return "has an empty " + scheme + ": address";
        return "";
    }
    // §2.5.4: the key may also be given as openpgp4fpr: or dns: (RFC 7929) URIs.
    if (name == "encryption" && (scheme == "openpgp4fpr" || scheme == "dns")) return "";
    if (scheme == "http") return "uses http://; web URIs must begin with https:// (RFC 9116 §2.5)";
    return "uses the scheme \"" + scheme + ":\", which " + std::string(field) + " does not allow (RFC 9116 §2.5)";
}

SecurityTxtVerdict judge_security_txt(const SecurityTxtFile& file, const std::string& url, int64_t now) {
    SecurityTxtVerdict out;
    out.problems = file.problems;
    size_t expires_count = 0;
    size_t languages_count = 0;
    for (const SecurityTxtField& field : file.fields) {
        const std::string name = lower(field.name);
        const std::string where = "line " + std::to_string(field.line) + " " + field.name;
        if (name == "contact" || name == "acknowledgments" || name == "canonical" || name == "encryption" ||
            name == "hiring" || name == "policy" || name == "expires" || name == "preferred-languages")
            ++out.known_fields;
        if (name == "contact" || name == "acknowledgments" || name == "canonical" || name == "encryption" ||
            name == "hiring" || name == "policy") {
            const std::string problem = security_txt_uri_problem(field.name, field.value);
            if (!problem.empty()) add_problem(out.problems, where + " " + problem);
            if (name == "contact") out.contacts.push_back(field.value);
            if (name == "canonical") out.canonical.push_back(field.value);
        } else if (name == "expires") {
            ++expires_count;
            const std::optional<int64_t> when = parse_rfc3339(field.value);
            if (!when) add_problem(out.problems, where + " is not an RFC 3339 date-time (e.g. 2026-12-31T23:59:59Z)");
            else if (!out.expires) out.expires = when;
        } else if (name == "preferred-languages") {
            ++languages_count;
        } else if (out.unknown_fields.size() < 20) {
            out.unknown_fields.push_back(field.name);  // §2.4: unknown fields are ignored
        }
    }
    if (out.contacts.empty()) add_problem(out.problems, "no Contact field (RFC 9116 §2.5.3: required)");
    if (expires_count == 0) add_problem(out.problems, "no Expires field (RFC 9116 §2.5.5: required)");
    if (expires_count > 1)
        add_problem(out.problems,
                    "Expires appears " + std::to_string(expires_count) + " times (RFC 9116 §2.5.5: exactly once)");
    if (languages_count > 1) add_problem(out.problems, "Preferred-Languages appears more than once (RFC 9116 §2.5.8)");
    // §2.5.2: a file whose URL matches none of its Canonical URIs should not be trusted.
    if (!out.canonical.empty() && std::find(out.canonical.begin(), out.canonical.end(), url) == out.canonical.end())
        add_problem(out.problems,
                    "it was fetched from " + url + ", which none of its Canonical URIs names (RFC 9116 §2.5.2)");
    if (out.expires) {
        out.expired = *out.expires <= now;
        out.long_lived = *out.expires - now > k_year_seconds;
    }
    return out;
}

}  // namespace osescan::checks::https
