// dnssec.algorithms (zone_verdicts.hpp, grades in algorithms.hpp).
#include "checks/common/findings.hpp"
#include "checks/dnssec/algorithms.hpp"
#include "checks/dnssec/dnssec_records.hpp"
#include "checks/dnssec/zone_answers.hpp"
#include "checks/dnssec/zone_verdicts.hpp"

namespace osescan::checks::dnssec {

namespace {

struct Worst {
    AlgorithmGrade grade = AlgorithmGrade::acceptable;
    std::string what;  // "DNSKEY algorithm 5 (RSASHA1)" of the worst item, first seen

    void add(AlgorithmGrade candidate, const std::string& description) {
        if (candidate == AlgorithmGrade::acceptable) return;
        const bool strictly_worse = candidate != grade && worse_grade(grade, candidate) == candidate;
        if (what.empty() || strictly_worse) what = description;
        grade = worse_grade(grade, candidate);
    }
};

}  // namespace

Finding judge_algorithms(const facts::TargetFacts& facts, const ZoneSubject& subject) {
    facts.need(zone_requests(subject));
    const std::string& zone = subject.zone;
    const std::string& id = subject.check_id;
    const std::string label = zone_label(zone);
    const ZoneAnswer dnskey = usable_answer(facts, zone, "DNSKEY");
    if (dnskey.problem)
        return common::probe_error_finding(id, zone, *dnskey.problem, "the DNSKEY lookup of " + label);
    const ZoneAnswer ds = usable_answer(facts, zone, "DS");
    if (ds.problem) return common::probe_error_finding(id, zone, *ds.problem, "the DS lookup of " + label);

    const auto keys = owned_records(*dnskey.answer, zone, "DNSKEY");
    const auto ds_records = owned_records(*ds.answer, zone, "DS");
    nlohmann::json evidence{{"zone", zone}, {"dnskeys", dnskey_evidence(keys)}, {"ds", ds_evidence(ds_records)}};
    if (keys.empty())
        return common::make_finding(id, zone, Status::not_applicable, "unsigned",
                                    label + " publishes no DNSKEY: no algorithms to judge (see dnssec.signed)",
                                    std::move(evidence));

    Worst worst;
    for (const facts::DnsRecord* record : keys) {
        const auto key = parse_dnskey(record->data);
        if (!key) continue;
        const AlgorithmInfo info = signing_algorithm(key->algorithm);
        worst.add(info.grade, "DNSKEY algorithm " + std::to_string(key->algorithm) + " (" + info.name + ")");
    }
    for (const facts::DnsRecord* record : ds_records) {
        const auto parsed = parse_ds(record->data);
        if (!parsed) continue;
        const AlgorithmInfo algorithm = signing_algorithm(parsed->algorithm);
        worst.add(algorithm.grade, "DS algorithm " + std::to_string(parsed->algorithm) + " (" + algorithm.name + ")");
        const AlgorithmInfo digest = ds_digest_algorithm(parsed->digest_type);
        worst.add(digest.grade, "DS digest type " + std::to_string(parsed->digest_type) + " (" + digest.name + ")");
    }
    evidence["worst"] = grade_name(worst.grade);

    switch (worst.grade) {
        case AlgorithmGrade::must_not:
            return common::make_finding(id, zone, Status::fail, "forbidden-algorithm",
                                        label + " uses " + worst.what +
                                            ", which RFC 8624 says MUST NOT be used: validators ignore it or "
                                            "it is breakable",
                                        std::move(evidence));
        case AlgorithmGrade::not_recommended:
            return common::make_finding(id, zone, Status::warn, "not-recommended-algorithm",
                                        label + " uses " + worst.what +
                                            ", which RFC 8624 marks NOT RECOMMENDED: plan a rollover to "
                                            "ECDSAP256SHA256 (13) or ED25519 (15) with SHA-256 DS records",
                                        std::move(evidence));
        case AlgorithmGrade::unknown:
            return common::make_finding(id, zone, Status::warn, "unknown-algorithm",
                                        label + " uses " + worst.what +
                                            ", which is not a standard DNSSEC algorithm: most validators treat "
                                            "the zone as unsigned",
                                        std::move(evidence));
        case AlgorithmGrade::acceptable: break;
    }
    return common::make_finding(id, zone, Status::pass, "recommended-algorithms",
                                label + " signs and delegates with algorithms RFC 8624 recommends",
                                std::move(evidence));
}

}  // namespace osescan::checks::dnssec
