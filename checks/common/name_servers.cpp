#include "checks/common/name_servers.hpp"

#include <algorithm>
#include <cctype>

namespace osescan::checks::common {

namespace {

std::string normalise_name(std::string name) {
    while (!name.empty() && name.back() == '.') name.pop_back();
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return name;
}

facts::DnsRequest ns_request(const std::string& name) {
    return facts::DnsRequest{name, "NS", facts::DnsVia::stub, {}};
}

}  // namespace

std::vector<std::string> zone_candidates(const std::string& host) {
    std::vector<std::string> names{host};
    std::string name = host;
    while (names.size() < k_max_zone_walk) {
        const size_t dot = name.find('.');
        if (dot == std::string::npos) break;
        name = name.substr(dot + 1);
        // Stop above the TLD: a TLD's NS set is the registry's, not the domain's.
        if (name.find('.') == std::string::npos || name.empty()) break;
        names.push_back(name);
    }
    return names;
}

NameServers find_name_servers(const facts::TargetFacts& facts) {
    NameServers out;
    const std::vector<std::string> candidates = zone_candidates(facts.target().host);
    std::vector<facts::Request> batch;
    for (const std::string& name : candidates) batch.push_back(ns_request(name));
    facts.need(batch);

    for (const std::string& name : candidates) {
        const auto& answer = facts.dns(ns_request(name));
        if (!answer.ok()) {
            out.problem = answer.error();
            out.problem->detail = "NS " + name + ": " + out.problem->detail;
            return out;
        }
        const facts::DnsAnswer& a = answer.value();
        if (a.rcode != "NOERROR" && a.rcode != "NXDOMAIN") {
            out.problem = facts::ProbeError{facts::probe_error::dns_error, "NS " + name + ": " + a.rcode};
            return out;
        }
        const auto records = a.records("NS");
        if (records.empty()) continue;  // NODATA or NXDOMAIN: the zone starts higher up
        out.zone = name;
        for (const facts::DnsRecord* record : records) {
            std::string ns = normalise_name(record->data);
            if (ns.empty() || std::find(out.names.begin(), out.names.end(), ns) != out.names.end()) continue;
            out.names.push_back(std::move(ns));
        }
        std::sort(out.names.begin(), out.names.end());
        if (out.names.size() > k_max_name_servers) out.names.resize(k_max_name_servers);
        return out;
    }
    out.problem = facts::ProbeError{facts::probe_error::dns_error,
                                    "no NS records at " + facts.target().host + " or its parent domains"};
    return out;
}

}  // namespace osescan::checks::common
