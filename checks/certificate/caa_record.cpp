#include "checks/certificate/caa_record.hpp"

#include <cctype>

namespace osescan::checks::certificate {

namespace {

bool is_alpha_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

void skip_spaces(std::string_view text, size_t& at) {
    while (at < text.size() && (text[at] == ' ' || text[at] == '\t')) ++at;
}

// RFC 1035 §5.1 character-string, quoted or not, with "\X" and "\DDD" escapes.
std::optional<std::string> read_character_string(std::string_view text, size_t& at) {
    std::string out;
    const bool quoted = at < text.size() && text[at] == '"';
    if (quoted) ++at;
    while (at < text.size()) {
        const char c = text[at];
        if (quoted && c == '"') {
            ++at;
            return out;
        }
        if (!quoted && (c == ' ' || c == '\t')) break;
        if (c == '\\') {
            if (at + 1 >= text.size()) return std::nullopt;
            if (std::isdigit(static_cast<unsigned char>(text[at + 1]))) {
                if (at + 4 > text.size()) return std::nullopt;
                int value = 0;
                for (size_t i = 1; i <= 3; ++i) {
                    const char d = text[at + i];
                    if (!std::isdigit(static_cast<unsigned char>(d))) return std::nullopt;
                    value = value * 10 + (d - '0');
                }
                if (value > 255) return std::nullopt;
                out += static_cast<char>(value);
                at += 4;
            } else {
                out += text[at + 1];
                at += 2;
            }
        } else {
            out += c;
            ++at;
        }
        if (out.size() > k_caa_max_value_bytes) return std::nullopt;
    }
    if (quoted) return std::nullopt;  // no closing quote
    return out;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// RFC 3597 §5: "\# <length> <hex>" (hex possibly split by spaces).
std::optional<CaaProperty> parse_generic(std::string_view data) {
    size_t at = 2;
    skip_spaces(data, at);
    size_t length = 0;
    const size_t digits_from = at;
    while (at < data.size() && std::isdigit(static_cast<unsigned char>(data[at])) && at - digits_from < 6)
        length = length * 10 + static_cast<size_t>(data[at++] - '0');
    if (at == digits_from) return std::nullopt;
    std::string bytes;
    int high = -1;
    for (; at < data.size(); ++at) {
        if (data[at] == ' ' || data[at] == '\t') continue;
        const int digit = hex_digit(data[at]);
        if (digit < 0) return std::nullopt;
        if (high < 0) {
            high = digit;
        } else {
            bytes += static_cast<char>(high * 16 + digit);
            high = -1;
        }
        if (bytes.size() > k_caa_max_value_bytes + 17) return std::nullopt;
    }
    if (high >= 0 || bytes.size() != length || bytes.size() < 2) return std::nullopt;
    const size_t tag_length = static_cast<unsigned char>(bytes[1]);
    if (2 + tag_length > bytes.size()) return std::nullopt;
    CaaProperty out;
    out.flags = static_cast<uint8_t>(bytes[0]);
    out.tag = bytes.substr(2, tag_length);
    out.value = bytes.substr(2 + tag_length);
    return out;
}

// RFC 8659 §4.2: label = (ALPHA / DIGIT) *( *("-") (ALPHA / DIGIT)).
bool is_label(std::string_view label) {
    if (label.empty() || label.size() > 63) return false;
    if (!is_alpha_digit(label.front()) || !is_alpha_digit(label.back())) return false;
    for (char c : label)
        if (!is_alpha_digit(c) && c != '-') return false;
    return true;
}

// issuer-domain-name = label *("." label)
bool is_domain_name(std::string_view name) {
    if (name.empty() || name.size() > 253) return false;
    size_t from = 0;
    while (true) {
        const size_t dot = name.find('.', from);
        if (!is_label(name.substr(from, dot == std::string_view::npos ? std::string_view::npos : dot - from)))
            return false;
        if (dot == std::string_view::npos) return true;
        from = dot + 1;
    }
}

bool is_wsp(char c) { return c == ' ' || c == '\t'; }

// RFC 3966 §5.1.4: global-number-digits = "+" *phonedigit DIGIT *phonedigit, with
// phonedigit = DIGIT / "-" / "." / "(" / ")".
bool is_global_phone_number(std::string_view value) {
    if (value.size() < 2 || value.front() != '+') return false;
    bool digit = false;
    for (char c : value.substr(1)) {
        if (c >= '0' && c <= '9') digit = true;
        else if (c != '-' && c != '.' && c != '(' && c != ')') return false;
    }
    return digit;
}

// RFC 6532 §3.2 addr-spec, checked loosely: one "@", a non-empty local part without
// spaces or controls (quoted local parts with "@" are not accepted), and a domain of
// valid labels.
bool is_email_address(std::string_view value) {
    const size_t at = value.rfind('@');
    if (at == std::string_view::npos || at == 0) return false;
    for (char c : value.substr(0, at))
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F || c == '@') return false;
    return is_domain_name(value.substr(at + 1));
}

// RFC 8659 §4.4: an iodef URL with the mailto: (RFC 6068), http: or https: (RFC 6546) scheme.
std::string iodef_error(std::string_view value) {
    for (char c : value)
        if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7F)
            return "the iodef URL contains a space, control or non-ASCII character";
    const size_t colon = value.find(':');
    if (colon == std::string_view::npos) return "the iodef value is not a URL";
    const std::string_view scheme = value.substr(0, colon);
    const std::string_view rest = value.substr(colon + 1);
    if (iequals(scheme, "mailto")) {
        if (!is_email_address(rest)) return "the iodef mailto: URL has no valid e-mail address";
        return "";
    }
    if (iequals(scheme, "http") || iequals(scheme, "https")) {
        if (rest.size() < 3 || rest.substr(0, 2) != "//") return "the iodef URL has no host";
        const std::string_view authority = rest.substr(2, rest.find('/', 2) - 2);
        if (authority.empty()) return "the iodef URL has no host";
        return "";
    }
    return "the iodef URL scheme must be mailto:, http: or https: (RFC 8659 §4.4)";
}

}  // namespace

std::optional<CaaProperty> parse_caa_data(std::string_view data) {
    size_t at = 0;
    skip_spaces(data, at);
    if (data.substr(at, 2) == "\\#") return parse_generic(data.substr(at));
    unsigned flags = 0;
    const size_t digits_from = at;
    while (at < data.size() && std::isdigit(static_cast<unsigned char>(data[at])) && at - digits_from < 3)
        flags = flags * 10 + static_cast<unsigned>(data[at++] - '0');
    if (at == digits_from || flags > 255 || at >= data.size() || !is_wsp(data[at])) return std::nullopt;
    skip_spaces(data, at);
    const size_t tag_from = at;
    while (at < data.size() && !is_wsp(data[at])) ++at;
    if (at == tag_from || at >= data.size()) return std::nullopt;
    CaaProperty out;
    out.flags = static_cast<uint8_t>(flags);
    out.tag = std::string(data.substr(tag_from, at - tag_from));
    if (out.tag.size() > 255) return std::nullopt;
    skip_spaces(data, at);
    auto value = read_character_string(data, at);
    if (!value) return std::nullopt;
    skip_spaces(data, at);
    if (at != data.size()) return std::nullopt;
    out.value = std::move(*value);
    return out;
}

CaaIssueParse parse_caa_issue_value(std::string_view value) {
    CaaIssueParse out;
    CaaIssueValue parsed;
    size_t at = 0;
    skip_spaces(value, at);
    const size_t name_from = at;
    while (at < value.size() && !is_wsp(value[at]) && value[at] != ';') ++at;
    parsed.issuer = std::string(value.substr(name_from, at - name_from));
    if (!parsed.issuer.empty() && !is_domain_name(parsed.issuer)) {
        out.error = "the issuer \"" + parsed.issuer + "\" is not a domain name (RFC 8659 §4.2)";
        return out;
    }
    skip_spaces(value, at);
    if (at == value.size()) {
        out.value = std::move(parsed);
        return out;
    }
    if (value[at] != ';') {
        out.error = "text after the issuer domain name must start with \";\" (RFC 8659 §4.2)";
        return out;
    }
    ++at;
    skip_spaces(value, at);
    // parameters = (parameter *WSP ";" *WSP parameters) / parameter — optional as a whole.
    while (at < value.size()) {
        const size_t tag_from = at;
        while (at < value.size() && (is_alpha_digit(value[at]) || value[at] == '-')) ++at;
        const std::string_view tag = value.substr(tag_from, at - tag_from);
        if (!is_label(tag)) {
            out.error = "a parameter has no valid tag (RFC 8659 §4.2: letters, digits and inner hyphens)";
            return out;
        }
        skip_spaces(value, at);
        if (at >= value.size() || value[at] != '=') {
            out.error = "the parameter \"" + std::string(tag) + "\" has no \"=\" (RFC 8659 §4.2)";
            return out;
        }
        ++at;
        skip_spaces(value, at);
        const size_t value_from = at;
        // value = *(%x21-3A / %x3C-7E): visible ASCII except ";"
        while (at < value.size() && value[at] >= 0x21 && value[at] <= 0x7E && value[at] != ';') ++at;
        parsed.parameters.emplace_back(std::string(tag), std::string(value.substr(value_from, at - value_from)));
        if (parsed.parameters.size() > k_caa_max_parameters) {
            out.error = "more than " + std::to_string(k_caa_max_parameters) + " parameters";
            return out;
        }
        skip_spaces(value, at);
        if (at == value.size()) break;
        if (value[at] != ';') {
            out.error = "the value of parameter \"" + std::string(tag) +
                        "\" contains a character not allowed (space, control or non-ASCII)";
            return out;
        }
        ++at;
        skip_spaces(value, at);
        if (at == value.size()) {
            out.error = "a \";\" with no parameter after it (RFC 8659 §4.2)";
            return out;
        }
    }
    out.value = std::move(parsed);
    return out;
}

CaaTagKind caa_tag_kind(std::string_view tag) {
    if (iequals(tag, "issue")) return CaaTagKind::issue;
    if (iequals(tag, "issuewild")) return CaaTagKind::issuewild;
    if (iequals(tag, "issuemail")) return CaaTagKind::issuemail;
    if (iequals(tag, "iodef")) return CaaTagKind::iodef;
    if (iequals(tag, "contactemail")) return CaaTagKind::contactemail;
    if (iequals(tag, "contactphone")) return CaaTagKind::contactphone;
    return CaaTagKind::unknown;
}

std::string caa_property_error(const CaaProperty& property) {
    if (property.tag.empty() || property.tag.size() > 15) return "the tag must be 1 to 15 characters (RFC 8659 §4.1)";
    for (char c : property.tag)
        if (!is_alpha_digit(c)) return "the tag may contain only letters and digits (RFC 8659 §4.1)";
    if ((property.flags & 0x7F) != 0)
        return "reserved flag bits are set (flags " + std::to_string(property.flags) +
               "; RFC 8659 §4.1: only 0 or 128 are valid)";
    switch (caa_tag_kind(property.tag)) {
        case CaaTagKind::issue:
        case CaaTagKind::issuewild:
        case CaaTagKind::issuemail: return parse_caa_issue_value(property.value).error;
        case CaaTagKind::iodef: return iodef_error(property.value);
        case CaaTagKind::contactemail:
            return is_email_address(property.value) ? ""
                                                    : "contactemail must be one e-mail address (CA/B Forum BR A.1.1)";
        case CaaTagKind::contactphone:
            return is_global_phone_number(property.value)
                       ? ""
                       : "contactphone must be a global phone number such as +31-70-1234567 (RFC 3966 §5.1.4)";
        case CaaTagKind::unknown: return "";
    }
    return "";
}

}  // namespace osescan::checks::certificate
