#include "checks/common/mx_hosts.hpp"

#include <algorithm>
#include <charconv>

#include "checks/common/dns_answer.hpp"
#include "checks/common/dns_zone.hpp"
#include "checks/common/findings.hpp"

namespace osescan::checks::common {

MxSet mx_set(const facts::DnsAnswer& answer) {
    MxSet set;
    set.nxdomain = answer.nxdomain();
    for (const facts::DnsRecord* record : answer.records("MX")) {
        const std::string& data = record->data;
        const size_t space = data.find(' ');
        if (space == std::string::npos) continue;
        int preference = 0;
        auto [end, ec] = std::from_chars(data.data(), data.data() + space, preference);
        if (ec != std::errc() || end != data.data() + space || preference < 0 || preference > 65535) continue;
        std::string host = data.substr(space + 1);
        if (host.empty()) continue;
        set.hosts.push_back({preference, normalise_dns_name(host)});
    }
    set.null_mx = set.hosts.size() == 1 && set.hosts[0].host == ".";
    return set;
}

facts::DnsRequest mx_request(const facts::TargetFacts& facts) {
    return facts::DnsRequest{normalise_dns_name(facts.target().host), "MX", facts::DnsVia::stub, {}};
}

MailHosts find_mail_hosts(const facts::TargetFacts& facts) {
    MailHosts out;
    const facts::DnsRequest request = mx_request(facts);
    const auto answer = usable_answer(facts.dns(request), "MX " + request.name);
    if (!answer.ok()) {
        out.problem = answer.error();
        return out;
    }
    MxSet set = mx_set(answer.value());
    const auto none = [&](std::string reason) {
        out.none_because = request.name + " " + reason;
        out.none_reason = std::move(reason);
    };
    if (set.nxdomain) {
        none("does not exist (NXDOMAIN): no mail hosts");
        return out;
    }
    if (set.null_mx) {
        none("has a null MX (RFC 7505): it accepts no mail, so there are no mail hosts");
        return out;
    }
    std::stable_sort(set.hosts.begin(), set.hosts.end(),
                     [](const MxHost& a, const MxHost& b) { return a.preference < b.preference; });
    for (const MxHost& h : set.hosts) {
        if (h.host == "." || std::find(out.names.begin(), out.names.end(), h.host) != out.names.end()) continue;
        if (out.names.size() == k_max_mx_hosts) break;
        out.names.push_back(h.host);
    }
    // RFC 5321 §5.1: without MX records mail goes to the domain's own address (implicit
    // MX); the web checks already judge that host, so the MX checks have nothing to add.
    if (out.names.empty()) none("has no MX records (mail would use its own A/AAAA, RFC 5321 §5.1)");
    return out;
}

std::optional<Finding> mail_hosts_verdict(const std::string& check_id, const facts::TargetFacts& facts,
                                          const MailHosts& hosts) {
    const std::string domain = normalise_dns_name(facts.target().host);
    if (hosts.problem) return probe_error_finding(check_id, domain, *hosts.problem, "the MX lookup of " + domain);
    if (hosts.none_because)
        return conclude(check_id, domain, k_no_mail_hosts_outcome.code,
                        {{"domain", domain}, {"reason", hosts.none_reason}});
    return std::nullopt;
}

}  // namespace osescan::checks::common
