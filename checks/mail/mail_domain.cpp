#include "checks/mail/mail_domain.hpp"

#include "checks/common/dns_answer.hpp"

namespace osescan::checks::mail {

std::string lower_name(std::string name) {
    for (char& c : name)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (name.size() > 1 && name.back() == '.') name.pop_back();
    return name;
}

facts::Observed<facts::DnsAnswer> lookup(const facts::TargetFacts& facts, const std::string& name,
                                         const std::string& type) {
    return common::usable_answer(facts.dns(dns_request(name, type)), type + " " + name);
}

facts::DnsRequest dns_request(const std::string& name, const std::string& type) {
    return facts::DnsRequest{name, type, facts::DnsVia::stub, {}};
}

std::vector<std::string> txt_strings(const facts::DnsAnswer& answer) {
    std::vector<std::string> out;
    for (const facts::DnsRecord* record : answer.records("TXT")) {
        std::string joined;
        for (const std::string& part : record->txt) joined += part;
        out.push_back(std::move(joined));
    }
    return out;
}

}  // namespace osescan::checks::mail
