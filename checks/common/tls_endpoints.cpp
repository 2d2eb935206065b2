#include "checks/common/tls_endpoints.hpp"

#include "checks/common/findings.hpp"
#include "checks/common/web_host.hpp"

namespace osescan::checks::common {

TlsEndpoint web_endpoint(const facts::TargetFacts& facts, const std::string& address) {
    const facts::Target& target = facts.target();
    return TlsEndpoint{address, target.port, target.is_ip ? "" : target.host,
                       "",      address,     address_port(address, target.port)};
}

TlsEndpoints web_endpoints(const facts::TargetFacts& facts, const std::string& check_id) {
    TlsEndpoints out;
    const WebAddresses addresses = web_addresses(facts);
    if (addresses.problem) {
        out.findings.push_back(probe_error_finding(check_id, "", *addresses.problem, "finding the host's addresses"));
        return out;
    }
    for (const std::string& address : addresses.all()) out.endpoints.push_back(web_endpoint(facts, address));
    return out;
}

std::vector<Finding> judge_endpoints(const facts::TargetFacts& facts, const std::string& check_id,
                                     EndpointSource source, const EndpointRequests& requests,
                                     const EndpointJudge& judge) {
    TlsEndpoints list = source(facts, check_id);
    std::vector<facts::Request> batch;
    for (const TlsEndpoint& endpoint : list.endpoints) {
        std::vector<facts::Request> needed = requests(endpoint);
        batch.insert(batch.end(), needed.begin(), needed.end());
    }
    facts.need(batch);
    std::vector<Finding> findings = std::move(list.findings);
    for (const TlsEndpoint& endpoint : list.endpoints) findings.push_back(judge(endpoint));
    return findings;
}

}  // namespace osescan::checks::common
