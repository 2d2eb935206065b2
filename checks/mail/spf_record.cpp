#include "checks/mail/spf_record.hpp"

#include <arpa/inet.h>

#include <array>
#include <charconv>

#include "checks/mail/record_text.hpp"

namespace osescan::checks::mail {

namespace {


bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }

// A prefix length: 1*DIGIT without leading zeros (§5.6), at most `max`.
std::optional<int> cidr_length(std::string_view text, int max) {
    if (text.empty() || text.size() > 3) return std::nullopt;
    if (text.size() > 1 && text[0] == '0') return std::nullopt;
    int value = 0;
    for (char c : text) {
        if (!is_digit(c)) return std::nullopt;
        value = value * 10 + (c - '0');
    }
    if (value > max) return std::nullopt;
    return value;
}

// §5.6 dual-cidr-length = [ ip4-cidr-length ] [ "/" ip6-cidr-length ], each "/" digits.
// `text` starts at the first "/" after the domain-spec (or is empty).
bool parse_dual_cidr(std::string_view text, SpfMechanism& m, std::string& error) {
    if (text.empty()) return true;
    if (text.substr(0, 2) == "//") {
        auto v6 = cidr_length(text.substr(2), 128);
        if (!v6) { error = "invalid IPv6 prefix length"; return false; }
        m.cidr6 = *v6;
        return true;
    }
    text.remove_prefix(1);
    size_t slash = text.find("//");
    auto v4 = cidr_length(text.substr(0, slash), 32);
    if (!v4) { error = "invalid IPv4 prefix length"; return false; }
    m.cidr4 = *v4;
    if (slash != std::string_view::npos) {
        auto v6 = cidr_length(text.substr(slash + 2), 128);
        if (!v6) { error = "invalid IPv6 prefix length"; return false; }
        m.cidr6 = *v6;
    }
    return true;
}

bool is_toplabel(std::string_view label) {
    // §7.1 toplabel: alphanumerics with at least one letter, or containing inner hyphens;
    // never all digits, never starting or ending with "-".
    if (label.empty() || label.size() > 63) return false;
    if (label.front() == '-' || label.back() == '-') return false;
    bool letter_or_hyphen = false;
    for (char c : label) {
        if (!is_alnum(c) && c != '-') return false;
        if (is_alpha(c) || c == '-') letter_or_hyphen = true;
    }
    return letter_or_hyphen;
}

}  // namespace

bool is_spf_record(std::string_view txt) {
    if (txt.size() < 6 || !iequals(txt.substr(0, 6), "v=spf1")) return false;
    return txt.size() == 6 || txt[6] == ' ';
}

std::string_view qualifier_symbol(SpfQualifier qualifier) {
    switch (qualifier) {
        case SpfQualifier::pass: return "+";
        case SpfQualifier::fail: return "-";
        case SpfQualifier::softfail: return "~";
        case SpfQualifier::neutral: return "?";
    }
    return "?";
}

std::string_view mechanism_name(SpfMechanismKind kind) {
    switch (kind) {
        case SpfMechanismKind::all: return "all";
        case SpfMechanismKind::include: return "include";
        case SpfMechanismKind::a: return "a";
        case SpfMechanismKind::mx: return "mx";
        case SpfMechanismKind::ptr: return "ptr";
        case SpfMechanismKind::ip4: return "ip4";
        case SpfMechanismKind::ip6: return "ip6";
        case SpfMechanismKind::exists: return "exists";
    }
    return "?";
}

std::string macro_string_error(std::string_view text, bool explanation) {
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c != '%') {
            // macro-literal = %x21-24 / %x26-7E (visible ASCII except "%"); explanations
            // may also contain spaces (§6.2 / §7.1 macro-string in explain-string).
            if (c == ' ' && explanation) continue;
            if (static_cast<unsigned char>(c) < 0x21 || static_cast<unsigned char>(c) > 0x7e)
                return "character not allowed at offset " + std::to_string(i);
            continue;
        }
        if (i + 1 >= text.size()) return "lone \"%\" at the end";
        const char next = text[i + 1];
        if (next == '%' || next == '_' || next == '-') { ++i; continue; }
        if (next != '{') return "\"%\" must be followed by {, %, _ or - (offset " + std::to_string(i) + ")";
        size_t close = text.find('}', i + 2);
        if (close == std::string_view::npos) return "unterminated macro at offset " + std::to_string(i);
        std::string_view body = text.substr(i + 2, close - i - 2);
        if (body.empty()) return "empty macro at offset " + std::to_string(i);
        const char letter = lower(body[0]);
        const std::string_view letters = explanation ? "slodiphcrtv" : "slodiphv";
        if (letters.find(letter) == std::string_view::npos)
            return std::string("unknown macro letter '") + body[0] + "' at offset " + std::to_string(i);
        size_t j = 1;
        size_t digits = 0;
        while (j < body.size() && is_digit(body[j])) { ++j; ++digits; }
        if (digits > 3) return "macro transformer too long at offset " + std::to_string(i);
        if (j < body.size() && lower(body[j]) == 'r') ++j;
        for (; j < body.size(); ++j)
            if (std::string_view(".-+,/_=").find(body[j]) == std::string_view::npos)
                return "invalid macro delimiter at offset " + std::to_string(i);
        i = close;
    }
    return "";
}

bool has_macros(std::string_view domain_spec) { return domain_spec.find('%') != std::string_view::npos; }

std::string domain_spec_error(std::string_view text) {
    if (text.empty()) return "empty domain";
    if (text.size() > 253 + 64) return "domain too long";
    if (std::string error = macro_string_error(text); !error.empty()) return error;
    // domain-end = ( "." toplabel [ "." ] ) / macro-expand
    if (text.back() == '}') return "";
    std::string_view name = text;
    if (name.back() == '.') name.remove_suffix(1);
    size_t dot = name.rfind('.');
    if (dot == std::string_view::npos) return "domain must have at least two labels";
    if (!is_toplabel(name.substr(dot + 1))) return "invalid top label";
    return "";
}

SpfParse parse_spf(std::string_view text) {
    SpfParse out;
    auto fail = [&](std::string error, size_t position) {
        out.error = std::move(error);
        out.position = position;
        out.record.reset();
        return out;
    };
    if (text.size() > k_spf_max_chars) return fail("record too long", k_spf_max_chars);
    if (!is_spf_record(text)) return fail("does not start with \"v=spf1\"", 0);
    SpfRecord record;
    size_t terms = 0;
    size_t pos = 6;
    while (pos < text.size()) {
        // terms are separated by one or more spaces (§4.6.1 "1*SP")
        if (text[pos] == ' ') { ++pos; continue; }
        size_t end = text.find(' ', pos);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view term = text.substr(pos, end - pos);
        const size_t at = pos;
        pos = end;
        if (++terms > k_spf_max_terms) return fail("too many terms", at);

        // modifier = name "=" macro-string, name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." )
        size_t name_end = 0;
        while (name_end < term.size() &&
               (is_alnum(term[name_end]) || term[name_end] == '-' || term[name_end] == '_' || term[name_end] == '.'))
            ++name_end;
        if (name_end > 0 && name_end < term.size() && term[name_end] == '=' && is_alpha(term[0])) {
            std::string name(term.substr(0, name_end));
            for (char& c : name) c = lower(c);
            const std::string_view value = term.substr(name_end + 1);
            if (name == "redirect" || name == "exp") {
                // §6: each of these may appear at most once
                if ((name == "redirect" && record.redirect) || (name == "exp" && record.exp))
                    return fail("duplicate " + name + "= modifier", at);
                if (std::string error = domain_spec_error(value); !error.empty())
                    return fail(name + "=: " + error, at);
                (name == "redirect" ? record.redirect : record.exp) = std::string(value);
            } else {
                if (std::string error = macro_string_error(value); !error.empty())
                    return fail("modifier " + name + "=: " + error, at);
                record.unknown_modifiers.push_back({name, std::string(value)});
            }
            continue;
        }

        SpfMechanism m;
        std::string_view rest = term;
        switch (rest[0]) {
            case '+': m.qualifier = SpfQualifier::pass; rest.remove_prefix(1); break;
            case '-': m.qualifier = SpfQualifier::fail; rest.remove_prefix(1); break;
            case '~': m.qualifier = SpfQualifier::softfail; rest.remove_prefix(1); break;
            case '?': m.qualifier = SpfQualifier::neutral; rest.remove_prefix(1); break;
            default: break;
        }
        size_t name_len = 0;
        while (name_len < rest.size() && is_alnum(rest[name_len])) ++name_len;
        std::string name(rest.substr(0, name_len));
        for (char& c : name) c = lower(c);
        std::string_view args = rest.substr(name_len);
        std::string error;

        static constexpr std::array<std::pair<std::string_view, SpfMechanismKind>, 8> k_names{{
            {"all", SpfMechanismKind::all}, {"include", SpfMechanismKind::include},
            {"a", SpfMechanismKind::a}, {"mx", SpfMechanismKind::mx}, {"ptr", SpfMechanismKind::ptr},
            {"ip4", SpfMechanismKind::ip4}, {"ip6", SpfMechanismKind::ip6}, {"exists", SpfMechanismKind::exists}}};
        bool known = false;
        for (const auto& [n, k] : k_names)
            if (n == name) { m.kind = k; known = true; }
        if (!known) return fail("unknown mechanism \"" + std::string(term.substr(0, 40)) + "\"", at);

        switch (m.kind) {
            case SpfMechanismKind::all:
                if (!args.empty()) return fail("\"all\" takes no argument", at);
                break;
            case SpfMechanismKind::include:
            case SpfMechanismKind::exists:
                if (args.empty() || args[0] != ':') return fail(name + " needs \":domain\"", at);
                args.remove_prefix(1);
                if (error = domain_spec_error(args); !error.empty()) return fail(name + ": " + error, at);
                m.domain_spec = std::string(args);
                break;
            case SpfMechanismKind::a:
            case SpfMechanismKind::mx:
            case SpfMechanismKind::ptr: {
                std::string_view cidr;
                if (!args.empty() && args[0] == ':') {
                    args.remove_prefix(1);
                    size_t slash = (m.kind == SpfMechanismKind::ptr) ? std::string_view::npos : args.find('/');
                    std::string_view domain = args.substr(0, slash);
                    if (slash != std::string_view::npos) cidr = args.substr(slash);
                    if (error = domain_spec_error(domain); !error.empty()) return fail(name + ": " + error, at);
                    m.domain_spec = std::string(domain);
                } else if (!args.empty() && args[0] == '/' && m.kind != SpfMechanismKind::ptr) {
                    cidr = args;
                } else if (!args.empty()) {
                    return fail("unexpected text after \"" + name + "\"", at);
                }
                if (!parse_dual_cidr(cidr, m, error)) return fail(name + ": " + error, at);
                break;
            }
            case SpfMechanismKind::ip4:
            case SpfMechanismKind::ip6: {
                if (args.empty() || args[0] != ':') return fail(name + " needs \":address\"", at);
                args.remove_prefix(1);
                size_t slash = args.find('/');
                std::string address(args.substr(0, slash));
                std::array<unsigned char, 16> buffer{};
                const bool v4 = m.kind == SpfMechanismKind::ip4;
                if (address.size() > 45 || inet_pton(v4 ? AF_INET : AF_INET6, address.c_str(), buffer.data()) != 1)
                    return fail(name + ": invalid address \"" + address.substr(0, 45) + "\"", at);
                m.network = address;
                if (slash != std::string_view::npos) {
                    auto length = cidr_length(args.substr(slash + 1), v4 ? 32 : 128);
                    if (!length) return fail(name + ": invalid prefix length", at);
                    (v4 ? m.cidr4 : m.cidr6) = *length;
                }
                break;
            }
        }
        record.mechanisms.push_back(std::move(m));
    }
    out.record = std::move(record);
    return out;
}

}  // namespace osescan::checks::mail
