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
        return {common::conclude(k_id, domain, "mx-nxdomain", {{"domain", domain}}, evidence)};
    if (set.null_mx)
        return {common::conclude(k_id, domain, "mx-null", {}, evidence)};
    if (set.hosts.empty())
        return {common::conclude(k_id, domain, "mx-implicit", {}, evidence)};

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
            findings.push_back(common::conclude(k_id, subject, "mx-null-mixed", {}, e));
            continue;
        }
        if (is_ip_literal(h.host)) {
            findings.push_back(
                common::conclude(k_id, subject, "mx-ip-literal", {{"host", common::display_text(h.host)}}, e));
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
            findings.push_back(common::conclude(k_id, subject, "mx-cname", {{"host", subject}}, e));
        } else if (addresses.empty()) {
            findings.push_back(common::conclude(k_id, subject, "mx-unresolvable", {{"host", subject}}, e));
        } else {
            findings.push_back(common::conclude(
                k_id, subject, "mx-resolves",
                {{"preference", h.preference}, {"host", subject}, {"count", addresses.size()}}, e));
        }
    }
    return findings;
}

}  // namespace osescan::checks::mail
