#include "checks/https/location_url.hpp"

namespace osescan::checks::https {

namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )   (RFC 3986 §3.1)
bool is_scheme(std::string_view text) {
    if (text.empty() || !is_alpha(text[0])) return false;
    for (const char c : text)
        if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') return false;
    return true;
}

// authority = [ userinfo "@" ] host [ ":" port ]   (RFC 3986 §3.2)
bool parse_authority(std::string_view authority, LocationTarget& out) {
    // Browsers treat '\' as '/' in http(s) URLs, RFC 3986 does not: refuse to guess.
    if (authority.find('\\') != std::string_view::npos) return false;
    const size_t at = authority.rfind('@');
    if (at != std::string_view::npos) authority.remove_prefix(at + 1);

    std::string_view host = authority;
    std::string_view port;
    if (!authority.empty() && authority[0] == '[') {
        const size_t close = authority.find(']');
        if (close == std::string_view::npos) return false;
        host = authority.substr(1, close - 1);
        const std::string_view after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after[0] != ':') return false;
            port = after.substr(1);
        }
    } else {
        const size_t colon = authority.rfind(':');
        if (colon != std::string_view::npos) {
            host = authority.substr(0, colon);
            port = authority.substr(colon + 1);
        }
    }
    if (host.empty()) return false;
    if (!port.empty()) {
        if (port.size() > 5) return false;
        unsigned value = 0;
        for (const char c : port) {
            if (!is_digit(c)) return false;
            value = value * 10 + static_cast<unsigned>(c - '0');
        }
        if (value > 65535) return false;
        out.port = static_cast<uint16_t>(value);
    }
    out.host = lower(host);
    if (!out.host.empty() && out.host.back() == '.') out.host.pop_back();
    return !out.host.empty();
}

}  // namespace

std::optional<LocationTarget> parse_location(std::string_view location) {
    for (const char c : location) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte == 0x7f) return std::nullopt;  // no spaces or controls in a URI
    }
    if (location.empty()) return std::nullopt;

    LocationTarget out;
    std::string_view rest = location;
    const size_t delimiter = location.find_first_of(":/?#");
    if (delimiter != std::string_view::npos && location[delimiter] == ':' &&
        is_scheme(location.substr(0, delimiter))) {
        out.form = LocationTarget::Form::absolute;
        out.scheme = lower(location.substr(0, delimiter));
        rest = location.substr(delimiter + 1);
        // "https:host" has no authority; browsers and RFC 3986 disagree on it.
        if (rest.substr(0, 2) != "//") return std::nullopt;
    } else if (location.substr(0, 2) == "//") {
        out.form = LocationTarget::Form::network_path;
    } else {
        out.form = LocationTarget::Form::relative;
        out.path = location.substr(0, location.find('#'));
        return out;
    }
    rest.remove_prefix(2);
    const size_t authority_end = rest.find_first_of("/?#");
    if (!parse_authority(rest.substr(0, authority_end), out)) return std::nullopt;
    if (authority_end != std::string_view::npos) {
        const std::string_view tail = rest.substr(authority_end);
        out.path = tail.substr(0, tail.find('#'));
    }
    return out;
}

}  // namespace osescan::checks::https
