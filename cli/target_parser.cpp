#include "cli/target_parser.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <arpa/inet.h>
#include <idn2.h>

namespace osescan::cli {

namespace {
// Anything longer is not a host name or a sensible URL; refusing early keeps error
// messages short and the work bounded.
constexpr size_t k_max_input = 2048;
// RFC 1035 §2.3.4: 255 octets on the wire = 253 characters in presentation form without
// the trailing dot; labels 1..63 octets.
constexpr size_t k_max_name = 253;
constexpr size_t k_max_label = 63;

ParsedTarget failure(std::string reason) {
    ParsedTarget out;
    out.error = std::move(reason);
    return out;
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool is_ascii(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](unsigned char c) { return c < 0x80; });
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

std::vector<std::string_view> split_labels(std::string_view name) {
    std::vector<std::string_view> labels;
    size_t start = 0;
    while (true) {
        const size_t dot = name.find('.', start);
        labels.push_back(name.substr(start, dot == std::string_view::npos ? std::string_view::npos
                                                                          : dot - start));
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    return labels;
}

// IDNA2008 (RFC 5891) with the UTS #46 non-transitional mapping: "faß.de" stays "faß",
// Unicode dots (U+3002 ...) separate labels, upper case is folded.
bool to_a_labels(const std::string& name, std::string& out, std::string& why) {
    char* converted = nullptr;
    const int rc = idn2_to_ascii_8z(name.c_str(), &converted, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
    if (rc != IDN2_OK) {
        why = idn2_strerror(rc);
        return false;
    }
    out = converted;
    idn2_free(converted);
    return true;
}

// RFC 1035 §2.3.1 as relaxed by RFC 1123 §2.1 (labels may start with a digit): letters,
// digits and inner hyphens; RFC 1035 §2.3.4 lengths.
std::string host_name_problem(const std::string& name) {
    if (name.empty()) return "empty host name";
    if (name.size() > k_max_name)
        return "host name longer than " + std::to_string(k_max_name) + " characters";
    const std::vector<std::string_view> labels = split_labels(name);
    for (std::string_view label : labels) {
        if (label.empty()) return "empty label (two dots in a row, or a leading dot)";
        const std::string shown(label);
        if (label.size() > k_max_label)
            return "label '" + shown + "' longer than " + std::to_string(k_max_label) + " characters";
        for (unsigned char c : label)
            if (!(std::islower(c) || std::isdigit(c) || c == '-'))
                return "label '" + shown + "' has a character not allowed in a host name " +
                       "(letters, digits and hyphens only)";
        if (label.front() == '-' || label.back() == '-')
            return "label '" + shown + "' starts or ends with a hyphen";
    }
    // RFC 1123 §2.1 / RFC 3696 §2: a top-level label is never all-numeric, so a dotted
    // number that is not a valid IPv4 address is a typo, not a name.
    if (all_digits(labels.back())) return "not a valid IPv4 address, nor a host name";
    return {};
}

ParsedTarget parse_name(std::string_view host) {
    std::string name(host);
    if (!name.empty() && name.back() == '.') name.pop_back();  // absolute form
    if (name.empty()) return failure("empty host name");
    std::string why;
    if (!is_ascii(name)) {
        std::string converted;
        if (!to_a_labels(name, converted, why)) return failure("not a valid internationalised domain name: " + why);
        name = converted;
        if (!name.empty() && name.back() == '.') name.pop_back();  // e.g. a trailing U+3002
    } else {
        name = lower_ascii(name);
        // A-labels must decode to valid U-labels (RFC 5891 §5.4); libidn2 checks that.
        for (std::string_view label : split_labels(name)) {
            if (label.substr(0, 4) != "xn--") continue;
            std::string ignored;
            if (!to_a_labels(std::string(label), ignored, why))
                return failure("label '" + std::string(label) + "' is not a valid A-label: " + why);
        }
    }
    if (std::string problem = host_name_problem(name); !problem.empty()) return failure(problem);
    ParsedTarget out;
    out.target.host = name;
    return out;
}

bool parse_port(std::string_view text, uint16_t& port) {
    if (text.empty() || text.size() > 5 || !all_digits(text)) return false;
    const long value = std::strtol(std::string(text).c_str(), nullptr, 10);
    if (value < 1 || value > 65535) return false;
    port = static_cast<uint16_t>(value);
    return true;
}

// The path and query of a URL, as the HTTP request-target will carry it (RFC 9112 §3.2.1):
// the fragment is dropped, non-ASCII bytes are percent-encoded (RFC 3986 §2.1), spaces
// and control characters are refused.
bool normalise_path(std::string_view rest, std::string& path, std::string& why) {
    rest = rest.substr(0, rest.find('#'));
    std::string out;
    if (rest.empty() || rest.front() != '/') out = "/";
    for (unsigned char c : rest) {
        if (c <= 0x20 || c == 0x7F) {
            why = "the URL path contains a space or a control character";
            return false;
        }
        if (c >= 0x80) {
            char buffer[4];
            std::snprintf(buffer, sizeof buffer, "%%%02X", c);
            out += buffer;
        } else {
            out += static_cast<char>(c);
        }
    }
    path = out;
    return true;
}

ParsedTarget parse_url(std::string_view input, size_t scheme_end) {
    const std::string scheme = lower_ascii(input.substr(0, scheme_end));
    if (scheme != "https" && scheme != "http" && scheme != "nts")
        return failure("unsupported URL scheme '" + scheme + "' (use https://, http://, nts:// or a host name)");
    const std::string_view rest = input.substr(scheme_end + 3);
    const size_t authority_end = rest.find_first_of("/?#");
    const std::string_view authority = rest.substr(0, authority_end);
    const std::string_view after = authority_end == std::string_view::npos ? "" : rest.substr(authority_end);
    if (authority.find('@') != std::string_view::npos)
        return failure("user information (user@) in URLs is not supported");

    std::string_view host;
    std::string_view port_text;
    bool has_port = false;
    if (!authority.empty() && authority.front() == '[') {
        const size_t close = authority.find(']');
        if (close == std::string_view::npos) return failure("unterminated '[' in the URL host");
        host = authority.substr(1, close - 1);
        const std::string_view tail = authority.substr(close + 1);
        if (!tail.empty()) {
            if (tail.front() != ':') return failure("unexpected text after ']' in the URL host");
            has_port = true;
            port_text = tail.substr(1);
        }
        if (host.find(':') == std::string_view::npos)
            return failure("brackets in a URL are only for IPv6 addresses");
    } else {
        const size_t colon = authority.find(':');
        if (colon != std::string_view::npos && authority.find(':', colon + 1) != std::string_view::npos)
            return failure("an IPv6 address in a URL must be in brackets: https://[2001:db8::1]/");
        host = authority.substr(0, colon);
        if (colon != std::string_view::npos) {
            has_port = true;
            port_text = authority.substr(colon + 1);
        }
    }
    if (host.empty()) return failure("the URL has no host");

    ParsedTarget out = parse_host(host);
    if (!out.ok()) return out;
    // RFC 8915 §4: NTS-KE's registered port is 4460.
    uint16_t port = scheme == "nts" ? facts::k_nts_ke_port : 443;
    // RFC 3986 §3.2.3: an empty port means the scheme's default.
    if (has_port && !port_text.empty() && !parse_port(port_text, port))
        return failure("invalid port '" + std::string(port_text) + "' (1-65535)");
    if (scheme == "http") {
        // The target names a web site whose HTTPS side is scanned on 443; plain HTTP is
        // always probed on 80. Another port in an http:// URL would be silently ignored.
        if (has_port && !port_text.empty() && port != 80)
            return failure("an http:// URL is scanned on the HTTPS port 443; for HTTPS on port " +
                           std::string(port_text) + " give https://" + std::string(authority) + "/");
        port = 443;
    }
    out.target.port = port;
    if (scheme == "nts") {
        // A time server: host and NTS-KE port only.
        if (!after.empty() && after != "/") return failure("an nts:// target has no path: nts://host[:port]");
        return out;
    }
    std::string why;
    if (!normalise_path(after, out.target.path, why)) return failure(why);
    return out;
}
}  // namespace

ParsedTarget parse_host(std::string_view host) {
    if (host.find(':') != std::string_view::npos) {
        // RFC 4291 §2.2 text forms; zone identifiers ("%eth0") are link-local only.
        in6_addr address{};
        if (inet_pton(AF_INET6, std::string(host).c_str(), &address) != 1)
            return failure("not a valid IPv6 address");
        char text[INET6_ADDRSTRLEN];
        inet_ntop(AF_INET6, &address, text, sizeof text);  // RFC 5952 canonical form
        ParsedTarget out;
        out.target.host = text;
        out.target.is_ip = true;
        return out;
    }
    in_addr address{};
    if (inet_pton(AF_INET, std::string(host).c_str(), &address) == 1) {
        char text[INET_ADDRSTRLEN];
        inet_ntop(AF_INET, &address, text, sizeof text);
        ParsedTarget out;
        out.target.host = text;
        out.target.is_ip = true;
        return out;
    }
    return parse_name(host);
}

ParsedTarget parse_target(std::string_view input) {
    if (input.empty()) return failure("empty target");
    if (input.size() > k_max_input)
        return failure("longer than " + std::to_string(k_max_input) + " characters");
    ParsedTarget out;
    if (const size_t scheme_end = input.find("://"); scheme_end != std::string_view::npos) {
        out = parse_url(input, scheme_end);
    } else if (input.front() == '[' && input.back() == ']') {
        out = parse_host(input.substr(1, input.size() - 2));
        if (out.ok() && !out.target.is_ip) return failure("brackets are only for IPv6 addresses");
    } else if (input.find('/') != std::string_view::npos) {
        return failure("a host name cannot contain '/'; to scan a path give a URL "
                       "(https://host/path)");
    } else if (const size_t colon = input.find(':');
               colon != std::string_view::npos && input.find(':', colon + 1) == std::string_view::npos) {
        return failure("a host name cannot contain ':'; to scan another port give a URL "
                       "(https://host:port/)");
    } else {
        out = parse_host(input);
    }
    if (out.ok()) out.target.input = std::string(input);
    return out;
}

ParsedTarget parse_time_server(std::string_view input) {
    if (input.find("://") == std::string_view::npos) {
        if (input.find('/') != std::string_view::npos) return failure("a host name cannot contain '/'");
        ParsedTarget out = input.size() > 2 && input.front() == '[' && input.back() == ']'
                               ? parse_host(input.substr(1, input.size() - 2))
                               : parse_host(input);
        if (!out.ok()) return out;
        out.target.input = "nts://" + std::string(input);
        out.target.port = facts::k_nts_ke_port;
        return out;
    }
    ParsedTarget out = parse_target(input);
    if (out.ok() && !facts::is_time_server(out.target)) return failure("a time server is HOST or nts://HOST[:PORT]");
    return out;
}

}  // namespace osescan::cli
