#include "checks/mail/mx_addresses.hpp"

#include <algorithm>

#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/mail/mail_domain.hpp"

namespace osescan::checks::mail {

MxAddresses mx_addresses(const facts::TargetFacts& facts, const common::MailHosts& hosts) {
    MxAddresses out;
    const size_t checked = std::min(hosts.names.size(), k_max_smtp_mx_hosts);
    std::vector<facts::Request> wanted;
    for (size_t i = 0; i < checked; ++i) {
        wanted.push_back(dns_request(hosts.names[i], "A"));
        wanted.push_back(dns_request(hosts.names[i], "AAAA"));
    }
    facts.need(wanted);
    for (size_t i = 0; i < checked; ++i) {
        const std::string& host = hosts.names[i];
        bool any_address = false, lookup_failed = false;
        for (const char* type : {"A", "AAAA"}) {
            const auto answer = lookup(facts, host, type);
            if (!answer.ok()) {
                out.lookup_errors.push_back({host, type, answer.error()});
                lookup_failed = true;
                continue;
            }
            for (const facts::DnsRecord* r : answer.value().records(type)) {
                out.addresses.push_back({host, r->data});
                any_address = true;
            }
        }
        if (!any_address && !lookup_failed) out.no_address.push_back(host);
    }
    out.not_checked.assign(hosts.names.begin() + static_cast<std::ptrdiff_t>(checked), hosts.names.end());
    return out;
}

Finding not_checked_finding(const std::string& check_id, const std::string& outcome, const facts::TargetFacts& facts,
                            const std::vector<std::string>& not_checked) {
    nlohmann::json rest = nlohmann::json::array();
    std::string names;
    for (const std::string& host : not_checked) {
        rest.push_back(common::evidence_text(host));
        names += (names.empty() ? "" : ", ") + host;
    }
    return common::conclude(check_id, lower_name(facts.target().host), outcome,
                            {{"count", std::to_string(not_checked.size())},
                             {"limit", std::to_string(k_max_smtp_mx_hosts)},
                             {"hosts", common::display_text(names, 200)}},
                            {{"not_checked", rest}});
}

std::string mx_subject(const std::string& host, const std::string& address) {
    return common::evidence_text(host) + " [" + address + "]";
}

}  // namespace osescan::checks::mail
