// ipv6.web.address (ipv6_verdicts.hpp): visitors on IPv6-only networks (large mobile
// networks, RFC 6877 464XLAT aside) reach a site only through an AAAA record (RFC 3596),
// and they type both the domain and its www name (common::site_names). Every one of those
// names that exists must have a public AAAA; a name that does not exist is not judged.
#include <algorithm>

#include "checks/common/dns_answer.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/site_names.hpp"
#include "checks/ipv6/ipv6_verdicts.hpp"
#include "checks/ipv6/name_server_addresses.hpp"

namespace osescan::checks::ipv6 {

namespace {

constexpr const char* k_id = "ipv6.web.address";

facts::DnsRequest stub(const std::string& name, const char* type) {
    return facts::DnsRequest{name, type, facts::DnsVia::stub, {}};
}

}  // namespace

std::vector<Finding> check_web_address(const facts::TargetFacts& facts) {
    const std::vector<std::string> names = common::site_names(facts.target());
    std::vector<facts::Request> batch;
    for (const std::string& name : names) {
        batch.push_back(stub(name, "A"));
        batch.push_back(stub(name, "AAAA"));
    }
    facts.need(batch);

    const std::string& host = facts.target().host;
    nlohmann::json list = nlohmann::json::array();
    std::vector<std::string> without, absent;
    std::optional<facts::ProbeError> first_error;
    std::string first_error_name;
    bool any_not_public = false;
    for (const std::string& name : names) {
        const auto& a = facts.dns(stub(name, "A"));
        const auto aaaa = common::usable_answer(facts.dns(stub(name, "AAAA")), "AAAA " + name);
        nlohmann::json entry{{"name", name}};
        std::vector<std::string> v4, v6;
        std::vector<NotPublic> not_public;
        if (a.ok())
            for (const facts::DnsRecord* r : a.value().records("A")) v4.push_back(r->data);
        if (aaaa.ok()) {
            std::vector<std::string> all;
            for (const facts::DnsRecord* r : aaaa.value().records("AAAA")) all.push_back(r->data);
            sort_ipv6(facts, all, v6, not_public);
        }
        entry["ipv4"] = v4;
        entry["ipv6"] = v6;
        entry["ipv6_not_public"] = not_public_evidence(not_public);
        any_not_public = any_not_public || !not_public.empty();
        if (!aaaa.ok()) {
            entry["probe_error"] = aaaa.error().kind;
            if (!first_error) {
                first_error = aaaa.error();
                first_error_name = name;
            }
        } else if (v6.empty()) {
            if (v4.empty() && not_public.empty()) {
                entry["exists"] = false;  // NXDOMAIN or no address at all: not a site name
                absent.push_back(name);
            } else {
                without.push_back(name);
            }
        }
        list.push_back(std::move(entry));
    }
    nlohmann::json evidence{{"names", std::move(list)}};

    if (!without.empty()) {
        std::string without_names;
        for (size_t i = 0; i < without.size(); ++i) without_names += (i ? " and " : "") + without[i];
        return {common::conclude(k_id, host, "no-aaaa", {{"names", without_names}}, std::move(evidence))};
    }
    if (first_error) {
        Finding finding = common::probe_error_finding(k_id, host, *first_error, "the AAAA lookup of " + first_error_name);
        finding.evidence["names"] = evidence["names"];
        return {finding};
    }
    if (std::find(absent.begin(), absent.end(), host) != absent.end())
        return {common::conclude(k_id, host, "host-has-no-address", {{"host", host}}, std::move(evidence))};
    if (any_not_public) return {common::conclude(k_id, host, "non-public-address", {}, std::move(evidence))};
    std::string detail;
    if (names.size() > 1 && absent.empty()) detail = " and " + names[1];
    if (!absent.empty()) detail = " (" + absent.front() + " does not exist)";
    return {common::conclude(k_id, host, "aaaa-present", {{"host", host}, {"detail", detail}}, std::move(evidence))};
}

}  // namespace osescan::checks::ipv6
