#pragma once
// Where an HTTP Location header points, as far as the redirect check needs it: scheme,
// host and port of the target (RFC 9110 §10.2.2; URI syntax RFC 3986 §3, §4.2).
//
// Ambiguous forms that clients parse differently (a '\' in the authority, control
// characters, spaces) are reported as unparsable rather than guessed: a redirect check
// must not pass on a Location that some browser sends elsewhere.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace osescan::checks::https {

struct LocationTarget {
    enum class Form {
        absolute,      // "https://host:port/path"
        network_path,  // "//host/path": keeps the request's scheme (RFC 3986 §4.2)
        relative,      // "/path", "path", "?q": same scheme and host as the request
    };
    Form form = Form::relative;
    std::string scheme;          // lower case; "" unless absolute
    std::string host;            // lower case, no brackets, no trailing dot; "" when relative
    std::optional<uint16_t> port;
    // Path and query as written, without the fragment (RFC 3986 §3.3, §3.4); for a relative
    // reference everything but the fragment. "" when the reference has none.
    std::string path;
};

std::optional<LocationTarget> parse_location(std::string_view location);

}  // namespace osescan::checks::https
