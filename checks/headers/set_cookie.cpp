#include "checks/headers/set_cookie.hpp"

namespace osescan::checks::headers {

namespace {

// WSP = SP / HTAB (RFC 5234); §5.6 trims "leading and trailing WSP".
bool is_wsp(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_wsp(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_wsp(s.back())) s.remove_suffix(1);
    return s;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool starts_with_ci(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && lower(text.substr(0, prefix.size())) == lower(prefix);
}

}  // namespace

std::optional<SetCookie> parse_set_cookie(std::string_view header) {
    // §5.6 step 1: a CR, LF or NUL ends the header for the user agent.
    const size_t control = header.find_first_of(std::string_view("\r\n\0", 3));
    if (control != std::string_view::npos) header = header.substr(0, control);

    // Steps 2-3: the name-value-pair is everything up to the first ';'.
    const size_t semicolon = header.find(';');
    const std::string_view pair = header.substr(0, semicolon);
    std::string_view attributes = semicolon == std::string_view::npos ? std::string_view{} : header.substr(semicolon);

    SetCookie cookie;
    // Step 4: without '=', the name is empty and the whole pair is the value.
    const size_t equals = pair.find('=');
    if (equals == std::string_view::npos) {
        cookie.value = trim(pair);
    } else {
        cookie.name = trim(pair.substr(0, equals));
        cookie.value = trim(pair.substr(equals + 1));
    }
    // Step 5: both empty → the header is ignored.
    if (cookie.name.empty() && cookie.value.empty()) return std::nullopt;

    // §5.6 unparsed-attributes: each "; name[=value]"; the last one of a name wins (§5.7).
    size_t seen = 0;
    while (!attributes.empty() && seen < k_cookie_max_attributes) {
        attributes.remove_prefix(1);  // the ';'
        const size_t next = attributes.find(';');
        const std::string_view av = attributes.substr(0, next);
        attributes = next == std::string_view::npos ? std::string_view{} : attributes.substr(next);
        ++seen;
        const size_t eq = av.find('=');
        const std::string name = lower(trim(av.substr(0, eq)));
        const std::string_view value = eq == std::string_view::npos ? std::string_view{} : trim(av.substr(eq + 1));
        if (name == "secure") cookie.secure = true;
        else if (name == "httponly") cookie.http_only = true;
        else if (name == "samesite") cookie.same_site = std::string(value);
        else if (name == "domain") cookie.domain = std::string(value);
        else if (name == "path") cookie.path = std::string(value);
        else if (name == "expires" || name == "max-age") cookie.persistent = true;
    }
    return cookie;
}

bool is_session_like(const SetCookie& cookie) {
    const std::string name = lower(cookie.name);
    for (const char* marker : {"sess", "sid", "auth", "token", "jwt", "login"})
        if (name.find(marker) != std::string::npos) return true;
    return false;
}

std::vector<std::string> cookie_problems(const SetCookie& cookie) {
    std::vector<std::string> problems;
    // A cookie set over HTTPS without Secure is also sent over plain HTTP, where anyone on
    // the path reads it (RFC 6265bis §8.6).
    if (!cookie.secure) problems.emplace_back("no-secure");
    // HttpOnly keeps the cookie from script, so XSS cannot steal the session (§4.1.2.6).
    if (!cookie.http_only && is_session_like(cookie)) problems.emplace_back("no-httponly");
    if (!cookie.same_site) {
        problems.emplace_back("no-samesite");
    } else {
        // §5.7.7 (SameSite attribute): "Strict", "Lax" or "None", case-insensitively; any
        // other value is ignored and the browser's default applies.
        const std::string value = lower(*cookie.same_site);
        if (value != "strict" && value != "lax" && value != "none") problems.emplace_back("invalid-samesite");
        else if (value == "none" && !cookie.secure)
            // Browsers reject SameSite=None without Secure (§5.7 step 16 of the storage model).
            problems.emplace_back("samesite-none-without-secure");
    }
    // §4.1.3.2: __Host- needs Secure, no Domain, Path=/ (checked case-insensitively, §5.7 step 20-21).
    if (starts_with_ci(cookie.name, "__Host-")) {
        if (!cookie.secure) problems.emplace_back("host-prefix-not-secure");
        if (cookie.domain) problems.emplace_back("host-prefix-domain");
        if (!cookie.path || *cookie.path != "/") problems.emplace_back("host-prefix-path");
    } else if (starts_with_ci(cookie.name, "__Secure-")) {
        // §4.1.3.1: __Secure- needs Secure.
        if (!cookie.secure) problems.emplace_back("secure-prefix-not-secure");
    }
    return problems;
}

}  // namespace osescan::checks::headers
