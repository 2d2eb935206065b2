#include "checks/common/dns_zone.hpp"

#include <algorithm>
#include <cctype>

namespace osescan::checks::common {

namespace {

// First unescaped '.' at or after `from` (RFC 1035 §5.1: "\." is a dot inside a label).
size_t label_end(const std::string& name, size_t from) {
    for (size_t i = from; i < name.size(); ++i) {
        if (name[i] == '\\') {
            ++i;
            continue;
        }
        if (name[i] == '.') return i;
    }
    return std::string::npos;
}

const facts::DnsRecord* owned(const std::vector<facts::DnsRecord>& records, const std::string& type,
                              const std::string& owner) {
    for (const facts::DnsRecord& record : records)
        if (record.type == type && (owner.empty() || normalise_dns_name(record.name) == owner)) return &record;
    return nullptr;
}

}  // namespace

bool is_same_or_below(const std::string& name, const std::string& zone) {
    if (zone == "." || name == zone) return true;
    return name.size() > zone.size() && name.compare(name.size() - zone.size(), zone.size(), zone) == 0 &&
           name[name.size() - zone.size() - 1] == '.';
}

facts::DnsRequest validated(const std::string& name, const std::string& type) {
    return facts::DnsRequest{name, type, facts::DnsVia::validator, {}};
}

std::string normalise_dns_name(std::string name) {
    while (name.size() > 1 && name.back() == '.' && name[name.size() - 2] != '\\') name.pop_back();
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return name;
}

std::string parent_name(const std::string& name) {
    if (name.empty() || name == ".") return "";
    const size_t dot = label_end(name, 0);
    if (dot == std::string::npos || dot + 1 >= name.size()) return ".";
    return name.substr(dot + 1);
}

ZoneOf find_zone(const facts::TargetFacts& facts, const std::string& name) {
    ZoneOf out;
    std::string current = normalise_dns_name(name);
    for (size_t step = 0; step < k_max_zone_labels && !current.empty(); ++step) {
        const facts::DnsRequest request = validated(current, "SOA");
        facts.need({request});
        const auto& observed = facts.dns(request);
        if (!observed.ok()) {
            out.problem = observed.error();
            out.problem->detail = "SOA " + current + ": " + out.problem->detail;
            return out;
        }
        const facts::DnsAnswer& answer = observed.value();
        if (answer.rcode != "NOERROR" && answer.rcode != "NXDOMAIN") {
            out.problem = facts::ProbeError{facts::probe_error::dns_error, "SOA " + current + ": " + answer.rcode};
            return out;
        }
        if (const facts::DnsRecord* soa = owned(answer.answer, "SOA", current)) {
            out.zone = normalise_dns_name(soa->name);
            return out;
        }
        if (owned(answer.answer, "CNAME", current) != nullptr) {
            current = parent_name(current);
            continue;
        }
        if (const facts::DnsRecord* soa = owned(answer.authority, "SOA", "")) {
            // The zone must enclose the name; any other SOA is a confused or lying server.
            const std::string zone = normalise_dns_name(soa->name);
            if (!is_same_or_below(current, zone)) {
                out.problem = facts::ProbeError{facts::probe_error::dns_error,
                                                "SOA " + current + ": the answer names an unrelated zone"};
                return out;
            }
            out.zone = zone;
            return out;
        }
        out.problem = facts::ProbeError{facts::probe_error::dns_error,
                                        "SOA " + current + ": the answer names no zone (no SOA record)"};
        return out;
    }
    out.problem = facts::ProbeError{facts::probe_error::dns_error, "no zone found for " + name};
    return out;
}

}  // namespace osescan::checks::common
