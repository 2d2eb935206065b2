// ipv6.mx.address (ipv6_verdicts.hpp): a mail server on an IPv6-only network delivers only
// to MX hosts that have an AAAA record (RFC 5321 §5.1 tries the addresses of the MX host;
// RFC 3596). Every MX host needs a public AAAA, else mail from such senders waits in a
// queue or bounces for that host. A null MX or no MX leaves nothing to judge.
#include "checks/common/dns_answer.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/mx_hosts.hpp"
#include "checks/ipv6/ipv6_verdicts.hpp"
#include "checks/ipv6/name_server_addresses.hpp"

namespace osescan::checks::ipv6 {

namespace {
constexpr const char* k_id = "ipv6.mx.address";

facts::DnsRequest stub(const std::string& name, const std::string& type) {
    return facts::DnsRequest{name, type, facts::DnsVia::stub, {}};
}

std::string join(const std::vector<std::string>& list) {
    std::string out;
    for (const std::string& item : list) out += (out.empty() ? "" : ", ") + item;
    return out;
}
}  // namespace

std::vector<Finding> check_mx_address(const facts::TargetFacts& facts) {
    const common::MailHosts hosts = common::find_mail_hosts(facts);
    if (auto verdict = common::mail_hosts_verdict(k_id, facts, hosts)) return {*verdict};

    std::vector<facts::Request> batch;
    for (const std::string& name : hosts.names) {
        batch.push_back(stub(name, "A"));
        batch.push_back(stub(name, "AAAA"));
    }
    facts.need(batch);

    std::vector<Finding> findings;
    for (const std::string& name : hosts.names) {
        const auto aaaa = common::usable_answer(facts.dns(stub(name, "AAAA")), "AAAA " + name);
        if (!aaaa.ok()) {
            findings.push_back(common::probe_error_finding(k_id, name, aaaa.error(), "the AAAA lookup of " + name));
            continue;
        }
        const auto& a = facts.dns(stub(name, "A"));
        std::vector<std::string> v4, v6, all_v6;
        if (a.ok())
            for (const facts::DnsRecord* r : a.value().records("A")) v4.push_back(r->data);
        for (const facts::DnsRecord* r : aaaa.value().records("AAAA")) all_v6.push_back(r->data);
        std::vector<NotPublic> not_public;
        sort_ipv6(facts, all_v6, v6, not_public);
        nlohmann::json evidence{{"mx_host", name},
                                {"ipv4", v4},
                                {"ipv6", v6},
                                {"ipv6_not_public", not_public_evidence(not_public)}};
        nlohmann::json params{{"host", name}, {"addresses", join(v6)}};
        if (!not_public.empty()) params["reason"] = not_public.front().reason;
        const char* outcome = aaaa.value().nxdomain() ? "mx-host-missing"
                              : !v6.empty()           ? (not_public.empty() ? "ipv6-mx-host" : "non-public-address")
                              : !not_public.empty()   ? "no-public-ipv6"
                                                      : "no-ipv6";
        findings.push_back(common::conclude(k_id, name, outcome, std::move(params), std::move(evidence)));
    }
    return findings;
}

}  // namespace osescan::checks::ipv6
