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

const std::vector<Outcome>& algorithms_outcomes() {
    static const std::vector<Outcome> outcomes{
        {"recommended-algorithms", Status::pass, "{zone} signs and delegates with algorithms RFC 8624 recommends"},
        {"not-recommended-algorithm", Status::warn,
         "{zone} uses {what}, which RFC 8624 marks NOT RECOMMENDED: plan a rollover to ECDSAP256SHA256 (13) or "
         "ED25519 (15) with SHA-256 DS records"},
        {"unknown-algorithm", Status::warn,
         "{zone} uses {what}, which is not a standard DNSSEC algorithm: most validators treat the zone as unsigned"},
        {"forbidden-algorithm", Status::fail,
         "{zone} uses {what}, which RFC 8624 says MUST NOT be used: validators ignore it or it is breakable"},
        {"unsigned", Status::not_applicable, "{zone} publishes no DNSKEY: no algorithms to judge (see dnssec.signed)"}};
    return outcomes;
}

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
        return common::conclude(id, zone, "unsigned", {{"zone", label}}, std::move(evidence));

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

    const nlohmann::json params{{"zone", label}, {"what", worst.what}};
    switch (worst.grade) {
        case AlgorithmGrade::must_not:
            return common::conclude(id, zone, "forbidden-algorithm", params, std::move(evidence));
        case AlgorithmGrade::not_recommended:
            return common::conclude(id, zone, "not-recommended-algorithm", params, std::move(evidence));
        case AlgorithmGrade::unknown: return common::conclude(id, zone, "unknown-algorithm", params, std::move(evidence));
        case AlgorithmGrade::acceptable: break;
    }
    return common::conclude(id, zone, "recommended-algorithms", params, std::move(evidence));
}

}  // namespace osescan::checks::dnssec
