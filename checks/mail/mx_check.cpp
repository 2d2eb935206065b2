#include "checks/mail/mx_check.hpp"

#include <arpa/inet.h>

#include <array>

#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/mx_hosts.hpp"
#include "checks/mail/mail_domain.hpp"

namespace osescan::checks::mail {

namespace {

constexpr const char* k_id = "mail.mx";
constexpr size_t k_max_hosts = 32;  // bound the lookups an untrusted MX set can cause

bool is_ip_literal(const std::string& host) {
    std::string bare = host;
    if (bare.size() > 2 && bare.front() == '[' && bare.back() == ']') bare = bare.substr(1, bare.size() - 2);
    std::array<unsigned char, 16> buffer{};
    return inet_pton(AF_INET, bare.c_str(), buffer.data()) == 1 || inet_pton(AF_INET6, bare.c_str(), buffer.data()) == 1;
}

bool has_cname(const facts::DnsAnswer& answer, const std::string& host) {
    for (const facts::DnsRecord& r : answer.answer)
        if ((r.type == "CNAME" || r.type == "cname") && lower_name(r.name) == host) return true;
    return false;
}

}  // namespace

std::vector<Finding> check_mx(const facts::TargetFacts& facts) {
    const std::string domain = lower_name(facts.target().host);
    const auto& observed = lookup(facts, domain, "MX");
    if (!observed.ok()) return {common::probe_error_finding(k_id, domain, observed.error(), "the MX lookup of " + domain)};
    const common::MxSet set = common::mx_set(observed.value());
    nlohmann::json hosts = nlohmann::json::array();
    for (const common::MxHost& h : set.hosts) hosts.push_back({{"preference", h.preference}, {"host", common::evidence_text(h.host)}});
    nlohmann::json evidence{{"mx", hosts}};
    if (set.nxdomain)
        return {common::make_finding(k_id, domain, Status::info, "mx-nxdomain", domain + " does not exist (NXDOMAIN)", evidence)};
    if (set.null_mx)
        return {common::make_finding(k_id, domain, Status::pass, "mx-null",
                                     "Null MX (RFC 7505): the domain declares that it accepts no mail", evidence)};
    if (set.hosts.empty())
        return {common::make_finding(k_id, domain, Status::info, "mx-implicit",
                                     "No MX records: senders deliver to the domain's own A/AAAA addresses "
                                     "(implicit MX, RFC 5321 §5.1)",
                                     evidence)};

    std::vector<facts::Request> wanted;
    for (size_t i = 0; i < set.hosts.size() && i < k_max_hosts; ++i) {
        const common::MxHost& h = set.hosts[i];
        if (h.host == "." || is_ip_literal(h.host)) continue;
        wanted.push_back(dns_request(h.host, "A"));
        wanted.push_back(dns_request(h.host, "AAAA"));
    }
    facts.need(wanted);

    std::vector<Finding> findings;
    for (size_t i = 0; i < set.hosts.size() && i < k_max_hosts; ++i) {
        const common::MxHost& h = set.hosts[i];
        nlohmann::json e{{"preference", h.preference}, {"domain", domain}};
        const std::string subject = common::evidence_text(h.host);
        if (h.host == ".") {
            findings.push_back(common::make_finding(k_id, subject, Status::warn, "mx-null-mixed",
                                                    "A \".\" MX next to other MX records: a null MX must be the only one "
                                                    "(RFC 7505 §3)",
                                                    e));
            continue;
        }
        if (is_ip_literal(h.host)) {
            findings.push_back(common::make_finding(k_id, subject, Status::warn, "mx-ip-literal",
                                                    "MX " + common::display_text(h.host) +
                                                        " is an IP address, not a host name (RFC 5321 §5.1)",
                                                    e));
            continue;
        }
        const auto& v4 = lookup(facts, h.host, "A");
        const auto& v6 = lookup(facts, h.host, "AAAA");
        if (!v4.ok()) { findings.push_back(common::probe_error_finding(k_id, subject, v4.error(), "the A lookup of " + subject)); continue; }
        if (!v6.ok()) { findings.push_back(common::probe_error_finding(k_id, subject, v6.error(), "the AAAA lookup of " + subject)); continue; }
        std::vector<std::string> addresses;
        for (const auto* r : v4.value().records("A")) addresses.push_back(r->data);
        for (const auto* r : v6.value().records("AAAA")) addresses.push_back(r->data);
        e["addresses"] = addresses;
        if (has_cname(v4.value(), h.host) || has_cname(v6.value(), h.host)) {
            findings.push_back(common::make_finding(k_id, subject, Status::warn, "mx-cname",
                                                    "MX " + subject + " is an alias (CNAME); MX must name a host "
                                                    "directly (RFC 2181 §10.3)",
                                                    e));
        } else if (addresses.empty()) {
            findings.push_back(common::make_finding(k_id, subject, Status::fail, "mx-unresolvable",
                                                    "MX " + subject + " has no A or AAAA address: mail cannot be delivered to it", e));
        } else {
            findings.push_back(common::make_finding(k_id, subject, Status::pass, "mx-resolves",
                                                    "MX " + std::to_string(h.preference) + " " + subject + " resolves to " +
                                                        std::to_string(addresses.size()) + " address(es)",
                                                    e));
        }
    }
    return findings;
}

}  // namespace osescan::checks::mail
