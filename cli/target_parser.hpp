#pragma once
// Turning what the user typed into a scan target. Pure: no DNS, no network.
//
// Accepted forms:
//   example.com, Example.COM., bücher.example   host names (case-folded, trailing dot
//                                                removed, IDNs converted to A-labels with
//                                                IDNA2008 + UTS #46 non-transitional)
//   https://host[:port][/path]                   HTTPS URL: host, port and path are taken
//   http://host[/path]                           accepted; scanned on the HTTPS port 443
//   nts://host[:port]                            a time server: NTS-KE port (default 4460)
//   198.51.100.1, 2001:db8::1, [2001:db8::1]     IP literals (also inside URLs)

#include <string>
#include <string_view>

#include "facts/facts.hpp"

namespace osescan::cli {

struct ParsedTarget {
    facts::Target target;  // meaningful when ok()
    std::string error;     // why the input is not a target; empty when it is one
    bool ok() const { return error.empty(); }
};

ParsedTarget parse_target(std::string_view input);

// The host part alone (a name or an IP literal without brackets), normalised as above.
// Used for a bare target and for the host of a URL.
ParsedTarget parse_host(std::string_view host);

// A --ntp-server value: a host name or IP literal (NTS-KE on port 4460), or
// nts://host[:port]; the target's input is then always in the nts:// form.
ParsedTarget parse_time_server(std::string_view input);

}  // namespace osescan::cli
