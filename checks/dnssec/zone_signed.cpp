// dnssec.signed and the batch of facts every zone verdict asks (zone_verdicts.hpp).
#include "checks/common/dns_zone.hpp"
#include "checks/common/findings.hpp"
#include "checks/dnssec/zone_answers.hpp"
#include "checks/dnssec/zone_verdicts.hpp"

namespace osescan::checks::dnssec {

std::vector<facts::Request> zone_requests(const ZoneSubject& subject) {
    std::vector<facts::Request> batch;
    for (const char* type : {"SOA", "DNSKEY", "DS", "NSEC3PARAM"}) batch.push_back(common::validated(subject.zone, type));
    for (const std::string& name : subject.names)
        for (const char* type : {"A", "AAAA"}) batch.push_back(common::validated(name, type));
    return batch;
}

const std::vector<Outcome>& signed_outcomes() {
    static const std::vector<Outcome> outcomes{
        {"signed", Status::pass, "{zone} is signed and its DS at the parent validates from the root"},
        {"signed-but-bogus", Status::pass,
         "{zone} is signed (DNSKEY and DS at the parent), but its chain of trust does not validate: see dnssec.valid"},
        {"unsigned", Status::fail, "{zone} is not signed: it publishes no DNSKEY and its parent has no DS record"},
        {"ds-without-dnskey", Status::fail,
         "The parent of {zone} has a DS record, but {zone} publishes no DNSKEY: validating resolvers reject its "
         "answers"},
        {"no-ds", Status::fail,
         "{zone} has DNSKEYs but its parent has no DS record for it: the signatures are not connected to the chain "
         "of trust"},
        {"parent-unsigned", Status::fail,
         "{zone} is signed, but its parent zone is not (or not validly), so no validator can reach its keys from the "
         "root"},
        {"unsupported-algorithm", Status::fail,
         "{zone} is signed, but validators treat it as unsigned: its DS records use only algorithms or digests they "
         "do not support (see dnssec.algorithms)"}};
    return outcomes;
}

Finding judge_signed(const facts::TargetFacts& facts, const ZoneSubject& subject) {
    facts.need(zone_requests(subject));
    const std::string& zone = subject.zone;
    const std::string label = zone_label(zone);
    const ZoneAnswer dnskey = usable_answer(facts, zone, "DNSKEY");
    if (dnskey.problem)
        return common::probe_error_finding(subject.check_id, zone, *dnskey.problem, "the DNSKEY lookup of " + label);
    const ZoneAnswer ds = usable_answer(facts, zone, "DS");
    if (ds.problem)
        return common::probe_error_finding(subject.check_id, zone, *ds.problem, "the DS lookup of " + label);

    const auto keys = owned_records(*dnskey.answer, zone, "DNSKEY");
    const auto ds_records = owned_records(*ds.answer, zone, "DS");
    nlohmann::json evidence{{"zone", zone},
                            {"dnskey_security", dnskey.answer->security},
                            {"dnskeys", dnskey_evidence(keys)},
                            {"ds_security", ds.answer->security},
                            {"ds", ds_evidence(ds_records)}};
    const std::string& id = subject.check_id;

    const nlohmann::json params{{"zone", label}};
    if (keys.empty() && ds_records.empty()) return common::conclude(id, zone, "unsigned", params, std::move(evidence));
    if (keys.empty()) return common::conclude(id, zone, "ds-without-dnskey", params, std::move(evidence));
    // The root has no parent: its trust anchor takes the place of a DS (RFC 4035 §4.4).
    if (ds_records.empty() && zone != ".") return common::conclude(id, zone, "no-ds", params, std::move(evidence));
    // Keys and DS exist. What the validator made of the keys says whether the chain reaches
    // the root trust anchor.
    const std::string& security = dnskey.answer->security;
    if (security == "secure") return common::conclude(id, zone, "signed", params, std::move(evidence));
    if (security == "bogus") return common::conclude(id, zone, "signed-but-bogus", params, std::move(evidence));
    if (ds.answer->security != "secure" && zone != ".")
        return common::conclude(id, zone, "parent-unsigned", params, std::move(evidence));
    return common::conclude(id, zone, "unsupported-algorithm", params, std::move(evidence));
}

}  // namespace osescan::checks::dnssec
