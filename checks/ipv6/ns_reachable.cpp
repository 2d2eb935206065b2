// ipv6.ns.reachable (ipv6_verdicts.hpp): each public IPv6 address of each name server is
// asked directly (no recursion, DnsVia::direct) for the zone's SOA. An authoritative
// answer with the SOA means it serves the zone over IPv6. No answer (timeout, refused,
// unreachable, garbage) or an answer without the zone (REFUSED, SERVFAIL: a lame server)
// fails, naming the address. Addresses that are not public are not asked (a name server
// AAAA of ::1 would make the scanner query itself); ipv6.ns.address reports them.
#include "checks/common/display_text.hpp"
#include "checks/common/dns_zone.hpp"
#include "checks/common/findings.hpp"
#include "checks/ipv6/ipv6_verdicts.hpp"
#include "checks/ipv6/name_server_addresses.hpp"

namespace osescan::checks::ipv6 {

namespace {

constexpr const char* k_id = "ipv6.ns.reachable";

facts::DnsRequest soa_at(const std::string& zone, const std::string& address) {
    return facts::DnsRequest{zone, "SOA", facts::DnsVia::direct, address};
}

// Probe errors that say the server did not answer (the property judged here); any other
// kind (deadline, internal, not recorded) means the scan could not tell.
bool is_no_answer(const std::string& kind) {
    namespace pe = facts::probe_error;
    return kind == pe::timeout || kind == pe::connection_refused || kind == pe::unreachable ||
           kind == pe::connection_reset || kind == pe::dns_error;
}

}  // namespace

std::vector<Finding> check_ns_reachable(const facts::TargetFacts& facts) {
    const ZoneNameServers zone = zone_name_servers(facts);
    if (zone.problem)
        return {common::probe_error_finding(k_id, "", *zone.problem, "finding the domain's name servers")};

    std::vector<facts::Request> batch;
    for (const NameServerAddresses& server : zone.servers)
        for (const std::string& address : server.v6_public) batch.push_back(soa_at(zone.zone, address));
    if (batch.empty())
        return {common::conclude(k_id, zone.zone, "no-ipv6-name-servers", {{"zone", zone.zone}},
                                 nlohmann::json{{"zone", zone.zone}})};
    facts.need(batch);

    nlohmann::json results = nlohmann::json::array();
    std::vector<std::string> failing;
    std::optional<facts::ProbeError> first_error;
    std::string first_error_address;
    size_t asked = 0;
    for (const NameServerAddresses& server : zone.servers) {
        for (const std::string& address : server.v6_public) {
            ++asked;
            nlohmann::json entry{{"name_server", server.name}, {"address", address}};
            const auto& observed = facts.dns(soa_at(zone.zone, address));
            std::string problem;
            if (!observed.ok()) {
                entry["probe_error"] = observed.error().kind;
                entry["detail"] = common::evidence_text(observed.error().detail);
                if (is_no_answer(observed.error().kind)) {
                    problem = "no answer (" + observed.error().kind + ")";
                } else if (!first_error) {
                    first_error = observed.error();
                    first_error_address = address;
                }
            } else {
                const facts::DnsAnswer& answer = observed.value();
                entry["rcode"] = answer.rcode;
                bool has_soa = false;
                for (const facts::DnsRecord* soa : answer.records("SOA"))
                    has_soa = has_soa || common::normalise_dns_name(soa->name) == zone.zone;
                if (answer.rcode != "NOERROR" || !has_soa)
                    problem = "answers, but not for " + zone.zone + " (" + answer.rcode +
                              (answer.rcode == "NOERROR" ? ", no SOA" : "") + ")";
            }
            entry["answers"] = problem.empty() && observed.ok();
            if (!problem.empty()) {
                entry["problem"] = problem;
                failing.push_back(server.name + " " + address + ": " + problem);
            }
            results.push_back(std::move(entry));
        }
    }
    nlohmann::json evidence{{"zone", zone.zone}, {"queries", std::move(results)}};
    if (!failing.empty()) {
        std::string list;
        for (size_t i = 0; i < failing.size() && i < 4; ++i)
            list += (i ? "; " : "") + common::display_text(failing[i], 100);
        if (failing.size() > 4) list += "; ...";
        evidence["failing"] = failing;
        return {common::conclude(k_id, zone.zone, "ipv6-name-server-unreachable",
                                 {{"failing", failing.size()}, {"asked", asked}, {"zone", zone.zone}, {"list", list}},
                                 std::move(evidence))};
    }
    if (first_error) {
        Finding finding = common::probe_error_finding(k_id, zone.zone, *first_error,
                                                      "the SOA query to " + first_error_address);
        finding.evidence["queries"] = evidence["queries"];
        return {finding};
    }
    return {common::conclude(k_id, zone.zone, "ipv6-name-servers-answer", {{"asked", asked}, {"zone", zone.zone}},
                             std::move(evidence))};
}

}  // namespace osescan::checks::ipv6
