#pragma once
// The TLS endpoints a check judges, one finding each: the web addresses of the target (its
// port, SNI = the target host) or the addresses of its MX hosts (port 25 after STARTTLS,
// SNI = the MX host name; checks/mail/mx_tls_endpoints.hpp). The tls.* and certificate
// judgements are written once against an endpoint and run over either list.
//
// The facts every endpoint needs are asked for in ONE need() batch before any endpoint is
// judged (as common::judge_each_address does for the web addresses).

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "checks/finding.hpp"
#include "facts/target_facts.hpp"

namespace osescan::checks::common {

struct TlsEndpoint {
    std::string address;  // IP literal
    uint16_t port = 443;
    std::string sni;       // "" for an IP-literal target; the name the certificate must match
    std::string starttls;  // "" (TLS from the first byte) or "smtp" (RFC 3207)
    std::string subject;   // the findings' subject: the address (web), "mx.example.com [2001:db8::1]" (MX)
    std::string label;     // evidence and summaries: "198.51.100.1:443", "mx.example.com [2001:db8::1]:25"
};

// What a check judges: the endpoints, and the findings the list itself concluded instead
// (the host's addresses could not be found, no mail hosts, an MX without STARTTLS, ...).
struct TlsEndpoints {
    std::vector<TlsEndpoint> endpoints;
    std::vector<Finding> findings;
};

// Builds the list for a check (its id names the findings the list concludes).
using EndpointSource = TlsEndpoints (*)(const facts::TargetFacts& facts, const std::string& check_id);

// The web endpoint of one address of the target.
TlsEndpoint web_endpoint(const facts::TargetFacts& facts, const std::string& address);
// Every web address of the target (common::web_addresses); a failed lookup is one `error`
// finding with subject "".
TlsEndpoints web_endpoints(const facts::TargetFacts& facts, const std::string& check_id);

using EndpointRequests = std::function<std::vector<facts::Request>(const TlsEndpoint& endpoint)>;
using EndpointJudge = std::function<Finding(const TlsEndpoint& endpoint)>;

// The list's own findings, then one finding per endpoint.
std::vector<Finding> judge_endpoints(const facts::TargetFacts& facts, const std::string& check_id,
                                     EndpointSource source, const EndpointRequests& requests,
                                     const EndpointJudge& judge);

}  // namespace osescan::checks::common
