#pragma once
// The plain-HTTP URLs certificates point at for revocation (RFC 5280 sections 4.2.1.13
// and 4.2.2.1; RFC 6960 appendix A.1): "http://host[:port][/path]". Shared by the check
// that resolves the host and the engine that fetches the URL, so both read it alike.

#include <cstdint>
#include <optional>
#include <string>

namespace osescan::facts {

struct HttpUrl {
    std::string host;  // lower case; an IPv6 literal without its brackets
    uint16_t port = 80;
    std::string path;  // starts with '/'
    bool host_is_ip = false;
};

// nullopt for anything else: another scheme (https, ldap, ...), userinfo, a query or
// fragment, a malformed port, characters outside printable ASCII, more than 1024 bytes.
std::optional<HttpUrl> parse_http_url(const std::string& url);

}  // namespace osescan::facts
