#include "checks/dnssec/zone_answers.hpp"

#include "checks/common/display_text.hpp"
#include "checks/common/dns_zone.hpp"
#include "checks/dnssec/algorithms.hpp"
#include "checks/dnssec/dnssec_records.hpp"

namespace osescan::checks::dnssec {

const facts::Observed<facts::DnsAnswer>& validated_answer(const facts::TargetFacts& facts, const std::string& name,
                                                          const std::string& type) {
    return facts.dns(common::validated(name, type));
}

ZoneAnswer usable_answer(const facts::TargetFacts& facts, const std::string& name, const std::string& type) {
    ZoneAnswer out;
    const auto& observed = validated_answer(facts, name, type);
    if (!observed.ok()) {
        out.problem = observed.error();
        out.problem->detail = type + " " + name + ": " + out.problem->detail;
        return out;
    }
    const facts::DnsAnswer& answer = observed.value();
    if (answer.rcode != "NOERROR" && answer.rcode != "NXDOMAIN") {
        out.problem = facts::ProbeError{facts::probe_error::dns_error, type + " " + name + ": " + answer.rcode};
        return out;
    }
    out.answer = &answer;
    return out;
}

std::vector<const facts::DnsRecord*> owned_records(const facts::DnsAnswer& answer, const std::string& name,
                                                   const std::string& type) {
    std::vector<const facts::DnsRecord*> out;
    const std::string owner = common::normalise_dns_name(name);
    for (const facts::DnsRecord& record : answer.answer)
        if (record.type == type && common::normalise_dns_name(record.name) == owner) out.push_back(&record);
    return out;
}

nlohmann::json dnskey_evidence(const std::vector<const facts::DnsRecord*>& records) {
    nlohmann::json keys = nlohmann::json::array();
    for (const facts::DnsRecord* record : records) {
        const auto key = parse_dnskey(record->data);
        if (!key) {
            keys.push_back({{"unparsed", common::evidence_text(record->data.substr(0, 200))}});
            continue;
        }
        const AlgorithmInfo algorithm = signing_algorithm(key->algorithm);
        nlohmann::json entry{{"flags", key->flags},
                             {"role", key->role()},
                             {"algorithm", key->algorithm},
                             {"algorithm_name", algorithm.name},
                             {"grade", grade_name(algorithm.grade)},
                             {"public_key_bytes", key->key_bytes}};
        entry["key_tag"] = key->key_tag ? nlohmann::json(*key->key_tag) : nlohmann::json(nullptr);
        keys.push_back(std::move(entry));
    }
    return keys;
}

nlohmann::json ds_evidence(const std::vector<const facts::DnsRecord*>& records) {
    nlohmann::json list = nlohmann::json::array();
    for (const facts::DnsRecord* record : records) {
        const auto ds = parse_ds(record->data);
        if (!ds) {
            list.push_back({{"unparsed", common::evidence_text(record->data.substr(0, 200))}});
            continue;
        }
        const AlgorithmInfo algorithm = signing_algorithm(ds->algorithm);
        const AlgorithmInfo digest = ds_digest_algorithm(ds->digest_type);
        list.push_back({{"key_tag", ds->key_tag},
                        {"algorithm", ds->algorithm},
                        {"algorithm_name", algorithm.name},
                        {"digest_type", ds->digest_type},
                        {"digest_name", digest.name},
                        {"grade", grade_name(worse_grade(algorithm.grade, digest.grade))}});
    }
    return list;
}

std::string zone_label(const std::string& zone) { return zone == "." ? "the root zone" : zone; }

}  // namespace osescan::checks::dnssec
