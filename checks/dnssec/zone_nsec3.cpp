// dnssec.nsec3 (zone_verdicts.hpp).
//
// Where the parameters come from: the NSEC3PARAM record at the apex (RFC 5155 §4), which
// every NSEC3 zone publishes for its authoritative servers; if there is none, the NSEC3
// records of the validated NODATA answer to that very query (RFC 5155 §7.2.3); an NSEC
// record there instead means the zone uses NSEC (RFC 4035 §3.1.3.1).
#include <algorithm>

#include "checks/common/findings.hpp"
#include "checks/dnssec/dnssec_records.hpp"
#include "checks/dnssec/zone_answers.hpp"
#include "checks/dnssec/zone_verdicts.hpp"

namespace osescan::checks::dnssec {

namespace {

// RFC 9276 §3.2: validators may treat zones with more iterations as insecure (and unbound
// and BIND do so above 150), so more than 100 fails.
constexpr int k_max_iterations = 100;

std::vector<Nsec3Parameters> parameters_of(const std::vector<const facts::DnsRecord*>& records) {
    std::vector<Nsec3Parameters> out;
    for (const facts::DnsRecord* record : records) {
        auto parsed = parse_nsec3_parameters(record->data);
        if (!parsed) continue;
        if (std::find(out.begin(), out.end(), *parsed) == out.end()) out.push_back(*parsed);
        if (out.size() >= 8) break;  // a rollover has two sets; more is noise
    }
    return out;
}

std::vector<const facts::DnsRecord*> of_type(const std::vector<facts::DnsRecord>& section, const std::string& type) {
    std::vector<const facts::DnsRecord*> out;
    for (const facts::DnsRecord& record : section)
        if (record.type == type) out.push_back(&record);
    return out;
}

}  // namespace

const std::vector<Outcome>& nsec3_outcomes() {
    static const std::vector<Outcome> outcomes{
        {"nsec", Status::pass, "{zone} uses NSEC for authenticated denial of existence"},
        {"nsec3-recommended", Status::pass,
         "{zone} uses NSEC3 with 0 extra iterations and no salt, as RFC 9276 recommends"},
        {"nsec3-iterations", Status::warn,
         "{zone} uses NSEC3 with {iterations} extra iterations and {salt} (RFC 9276: 0 iterations, no salt)"},
        {"nsec3-salt", Status::warn, "{zone} uses NSEC3 with a salt (RFC 9276: no salt; it adds nothing)"},
        {"nsec3-excessive-iterations", Status::fail,
         "{zone} uses NSEC3 with {iterations} extra iterations (more than 100; RFC 9276 asks for 0): validators may "
         "treat the zone as unsigned"},
        {"unsigned", Status::not_applicable,
         "{zone} is not signed: it has no authenticated denial of existence (see dnssec.signed)"},
        {"denial-not-seen", Status::error,
         "Could not tell: the validated answers about {zone} showed neither NSEC3PARAM, NSEC3 nor NSEC records"}};
    return outcomes;
}

Finding judge_nsec3(const facts::TargetFacts& facts, const ZoneSubject& subject) {
    facts.need(zone_requests(subject));
    const std::string& zone = subject.zone;
    const std::string& id = subject.check_id;
    const std::string label = zone_label(zone);
    const ZoneAnswer dnskey = usable_answer(facts, zone, "DNSKEY");
    if (dnskey.problem)
        return common::probe_error_finding(id, zone, *dnskey.problem, "the DNSKEY lookup of " + label);
    if (owned_records(*dnskey.answer, zone, "DNSKEY").empty())
        return common::conclude(id, zone, "unsigned", {{"zone", label}}, nlohmann::json{{"zone", zone}});
    const ZoneAnswer param = usable_answer(facts, zone, "NSEC3PARAM");
    if (param.problem)
        return common::probe_error_finding(id, zone, *param.problem, "the NSEC3PARAM lookup of " + label);

    std::string source = "NSEC3PARAM";
    std::vector<Nsec3Parameters> sets = parameters_of(owned_records(*param.answer, zone, "NSEC3PARAM"));
    bool opt_out = false;
    if (sets.empty()) {
        const auto nsec3 = of_type(param.answer->authority, "NSEC3");
        sets = parameters_of(nsec3);
        source = "NSEC3 records of a negative answer";
        for (const Nsec3Parameters& p : sets) opt_out = opt_out || p.opt_out();
    }
    if (sets.empty()) {
        if (!of_type(param.answer->authority, "NSEC").empty())
            return common::conclude(id, zone, "nsec", {{"zone", label}}, nlohmann::json{{"zone", zone}, {"method", "NSEC"}});
        return common::conclude(id, zone, "denial-not-seen", {{"zone", label}},
                                nlohmann::json{{"zone", zone}, {"nsec3param_rcode", param.answer->rcode}});
    }

    nlohmann::json list = nlohmann::json::array();
    int max_iterations = 0;
    bool salted = false;
    for (const Nsec3Parameters& p : sets) {
        list.push_back({{"hash_algorithm", p.hash_algorithm},
                        {"flags", p.flags},
                        {"iterations", p.iterations},
                        {"salt", p.salt.empty() ? "-" : p.salt}});
        max_iterations = std::max(max_iterations, p.iterations);
        salted = salted || !p.salt.empty();
    }
    nlohmann::json evidence{{"zone", zone}, {"method", "NSEC3"}, {"source", source}, {"parameters", std::move(list)},
                            {"iterations", max_iterations}, {"salted", salted}};
    if (source != "NSEC3PARAM") evidence["opt_out"] = opt_out;
    const nlohmann::json params{
        {"zone", label}, {"iterations", max_iterations}, {"salt", salted ? "a salt" : "no salt"}};
    if (max_iterations > k_max_iterations)
        return common::conclude(id, zone, "nsec3-excessive-iterations", params, std::move(evidence));
    if (max_iterations > 0) return common::conclude(id, zone, "nsec3-iterations", params, std::move(evidence));
    if (salted) return common::conclude(id, zone, "nsec3-salt", params, std::move(evidence));
    return common::conclude(id, zone, "nsec3-recommended", params, std::move(evidence));
}

}  // namespace osescan::checks::dnssec
