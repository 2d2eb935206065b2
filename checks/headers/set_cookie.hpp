#pragma once
// Set-Cookie: the parser of one header value (RFC 6265bis-22 §5.6, the user agent's
// algorithm, which is what decides what a browser stores) and the judgement of one cookie
// (Secure, HttpOnly, SameSite, the __Host- / __Secure- name prefixes of §4.1.3).
//
// Pure and total on any bytes; names and values are untrusted (the caller makes them
// displayable and bounds how many cookies it judges).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace osescan::checks::headers {

inline constexpr size_t k_cookie_max_attributes = 32;

struct SetCookie {
    std::string name;
    std::string value;
    bool secure = false;
    bool http_only = false;
    std::optional<std::string> same_site;  // the attribute's value as sent; nullopt = absent
    std::optional<std::string> domain;     // as sent
    std::optional<std::string> path;       // as sent
    bool persistent = false;               // Expires or Max-Age present
};

// nullopt when a browser ignores the whole header (§5.6 step 5: empty name and value).
std::optional<SetCookie> parse_set_cookie(std::string_view header_value);

// "Session-like": a cookie that probably identifies a logged-in visitor, so that script
// (XSS) must not read it. A name alone says this, as the Mozilla HTTP Observatory also
// judges it: the name contains (ASCII case-insensitively) "sess", "sid", "auth", "token",
// "jwt" or "login" (PHPSESSID, JSESSIONID, connect.sid, ASP.NET_SessionId, auth_token, ...).
bool is_session_like(const SetCookie& cookie);

// What is wrong with one cookie set over HTTPS, as stable codes:
//   "no-secure", "no-httponly" (session-like only), "no-samesite", "invalid-samesite",
//   "samesite-none-without-secure", "host-prefix-not-secure", "host-prefix-domain",
//   "host-prefix-path", "secure-prefix-not-secure".
std::vector<std::string> cookie_problems(const SetCookie& cookie);

}  // namespace osescan::checks::headers
