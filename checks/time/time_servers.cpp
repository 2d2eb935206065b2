#include "checks/time/time_servers.hpp"

#include "checks/common/dns_answer.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/web_host.hpp"

namespace osescan::checks::time {

namespace {
struct ServerAddresses {
    std::vector<std::string> addresses;
    std::optional<facts::ProbeError> problem;
};

std::pair<facts::DnsRequest, facts::DnsRequest> address_requests(const TimeServer& server) {
    return {facts::DnsRequest{server.host, "A", facts::DnsVia::stub, {}},
            facts::DnsRequest{server.host, "AAAA", facts::DnsVia::stub, {}}};
}

ServerAddresses addresses_of(const facts::TargetFacts& facts, const TimeServer& server) {
    ServerAddresses out;
    if (server.is_ip) {
        out.addresses.push_back(server.host);
        return out;
    }
    const auto [a, aaaa] = address_requests(server);
    const auto ra = common::usable_answer(facts.dns(a), "A " + server.host);
    const auto raaaa = common::usable_answer(facts.dns(aaaa), "AAAA " + server.host);
    if (ra.ok())
        for (const auto* r : ra.value().records("A")) out.addresses.push_back(r->data);
    if (raaaa.ok())
        for (const auto* r : raaaa.value().records("AAAA")) out.addresses.push_back(r->data);
    if (out.addresses.empty()) {
        if (!ra.ok()) out.problem = ra.error();
        else if (!raaaa.ok()) out.problem = raaaa.error();
        else out.problem = facts::ProbeError{facts::probe_error::dns_error, server.host + " has no A or AAAA records"};
    }
    return out;
}
}  // namespace

std::vector<TimeServer> time_servers(const facts::TargetFacts& facts) {
    const facts::Target& target = facts.target();
    if (facts::is_time_server(target)) return {TimeServer{target.host, target.is_ip, target.port}};
    std::vector<TimeServer> out;
    const nlohmann::json servers = facts.context().setting("time.servers", nlohmann::json::array());
    if (!servers.is_array()) return out;
    for (const nlohmann::json& s : servers) {
        if (!s.is_object() || !s.contains("host") || !s["host"].is_string()) continue;
        TimeServer server;
        server.host = s["host"].get<std::string>();
        server.is_ip = s.value("is_ip", false);
        server.port = s.value("port", facts::k_nts_ke_port);
        out.push_back(server);
    }
    return out;
}

facts::NtsRequest nts_request(const TimeServer& server, const std::string& address) {
    return facts::NtsRequest{server.is_ip ? "" : server.host, address, server.port};
}

facts::NtpRequest ntp_request(const std::string& address) { return facts::NtpRequest{address, facts::k_ntp_port}; }

std::string server_subject(const TimeServer& server, const std::string& address) {
    const std::string endpoint = common::address_port(address, server.port);
    return server.is_ip ? endpoint : server.host + " " + endpoint;
}

std::vector<Finding> judge_time_servers(const facts::TargetFacts& facts, const std::string& check_id,
                                        const ServerRequests& requests, const ServerJudge& judge) {
    const std::vector<TimeServer> servers = time_servers(facts);
    if (servers.empty()) return {common::conclude(check_id, "", "no-time-servers")};
    std::vector<facts::Request> names;
    for (const TimeServer& server : servers) {
        if (server.is_ip) continue;
        const auto [a, aaaa] = address_requests(server);
        names.push_back(a);
        names.push_back(aaaa);
    }
    facts.need(names);
    std::vector<ServerAddresses> addresses;
    std::vector<facts::Request> batch;
    for (const TimeServer& server : servers) {
        addresses.push_back(addresses_of(facts, server));
        for (const std::string& address : addresses.back().addresses) {
            const auto more = requests(server, address);
            batch.insert(batch.end(), more.begin(), more.end());
        }
    }
    facts.need(batch);
    std::vector<Finding> findings;
    for (size_t i = 0; i < servers.size(); ++i) {
        if (addresses[i].problem) {
            findings.push_back(common::probe_error_finding(check_id, servers[i].host, *addresses[i].problem,
                                                           "finding the addresses of " + servers[i].host));
            continue;
        }
        for (const std::string& address : addresses[i].addresses) findings.push_back(judge(servers[i], address));
    }
    return findings;
}

const std::vector<Outcome>& time_server_outcomes() {
    static const std::vector<Outcome> outcomes{
        {"no-time-servers", Status::not_applicable,
         "Not applicable: no time server given (a domain's time servers cannot be found in DNS; "
         "name them with --ntp-server HOST, or scan nts://HOST)"}};
    return outcomes;
}

}  // namespace osescan::checks::time
