#include "checks/dnssec/mx_zones.hpp"

#include <algorithm>
#include <map>

#include "checks/common/dns_zone.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/mx_hosts.hpp"
#include "checks/dnssec/zone_verdicts.hpp"

namespace osescan::checks::dnssec {

namespace {

using ZoneVerdict = Finding (*)(const facts::TargetFacts& facts, const ZoneSubject& subject);

std::vector<Finding> for_mx_zones(const facts::TargetFacts& facts, const std::string& id, ZoneVerdict verdict) {
    const common::MailHosts hosts = common::find_mail_hosts(facts);
    if (auto none = common::mail_hosts_verdict(id, facts, hosts)) return {*none};

    // The zone of every MX host in one round (SOA through the validator), then the zone
    // verdicts, whose facts are asked zone by zone.
    std::vector<facts::Request> batch;
    for (const std::string& host : hosts.names) batch.push_back(common::validated(host, "SOA"));
    facts.need(batch);

    std::vector<Finding> findings;
    std::map<std::string, std::vector<std::string>> hosts_by_zone;  // sorted: stable report order
    for (const std::string& host : hosts.names) {
        const common::ZoneOf zone = common::find_zone(facts, host);
        if (zone.problem) {
            findings.push_back(common::probe_error_finding(id, host, *zone.problem, "finding the DNS zone of MX host " + host));
            continue;
        }
        const auto& soa = facts.dns(common::validated(host, "SOA"));
        if (soa.ok() && soa.value().nxdomain()) {
            findings.push_back(common::conclude(id, host, "no-such-mx-host", {{"host", host}},
                                                nlohmann::json{{"enclosing_zone", zone.zone}}));
            continue;
        }
        hosts_by_zone[zone.zone].push_back(host);
    }
    for (const auto& [zone, names] : hosts_by_zone) {
        Finding finding = verdict(facts, ZoneSubject{id, zone, names});
        finding.evidence["mx_hosts"] = names;
        findings.push_back(std::move(finding));
    }
    return findings;
}

}  // namespace

const std::vector<Outcome>& mx_zone_outcomes() {
    static const std::vector<Outcome> outcomes{
        common::k_no_mail_hosts_outcome,
        {"no-such-mx-host", Status::error, "Could not tell: MX host {host} does not exist (NXDOMAIN; see mail.mx)"}};
    return outcomes;
}

std::vector<Finding> check_mx_signed(const facts::TargetFacts& f) { return for_mx_zones(f, "dnssec.mx.signed", judge_signed); }
std::vector<Finding> check_mx_valid(const facts::TargetFacts& f) { return for_mx_zones(f, "dnssec.mx.valid", judge_valid); }
std::vector<Finding> check_mx_algorithms(const facts::TargetFacts& f) {
    return for_mx_zones(f, "dnssec.mx.algorithms", judge_algorithms);
}
std::vector<Finding> check_mx_nsec3(const facts::TargetFacts& f) { return for_mx_zones(f, "dnssec.mx.nsec3", judge_nsec3); }

}  // namespace osescan::checks::dnssec
