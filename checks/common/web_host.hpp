#pragma once
// The web host of a target and the standard probes of it.
//
// Checks share facts by asking for *identical* requests, so the requests that several
// checks use (the addresses of the host, the default TLS handshake, the first HTTP and
// HTTPS responses) are built here and nowhere else.

#include <optional>
#include <string>
#include <vector>

#include "checks/finding.hpp"
#include "facts/target_facts.hpp"

namespace osescan::checks::common {

struct WebAddresses {
    std::vector<std::string> v4;
    std::vector<std::string> v6;
    // Set when the host's addresses could not be determined (probe error, NXDOMAIN, or
    // no A/AAAA at all); checks turn it into an `error` finding.
    std::optional<facts::ProbeError> problem;
    std::vector<std::string> all() const;
};

// A and AAAA of the target host (asked in one round), or the IP literal itself.
WebAddresses web_addresses(const facts::TargetFacts& facts);

// The TLS handshake that certificate and connection checks share: best version, SNI,
// ALPN h2 + http/1.1.
facts::TlsRequest default_tls(const facts::TargetFacts& facts, const std::string& address);
// One handshake allowing exactly `version` (min = max).
facts::TlsRequest version_tls(const facts::TargetFacts& facts, const std::string& address,
                              const std::string& version);

// GET of the target path over HTTPS on the target port / over HTTP on port 80.
facts::HttpRequest https_first(const facts::TargetFacts& facts, const std::string& address);
facts::HttpRequest http_first(const facts::TargetFacts& facts, const std::string& address);

// "[2001:db8::1]:443" / "198.51.100.1:443" for evidence and subjects.
std::string address_port(const std::string& address, uint16_t port);

}  // namespace osescan::checks::common
