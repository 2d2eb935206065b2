// dnssec.valid (zone_verdicts.hpp).
#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/dnssec/why_bogus.hpp"
#include "checks/dnssec/zone_answers.hpp"
#include "checks/dnssec/zone_verdicts.hpp"

namespace osescan::checks::dnssec {

namespace {

struct Query {
    std::string name;
    std::string type;
};

std::vector<Query> judged_queries(const ZoneSubject& subject) {
    std::vector<Query> queries{{subject.zone, "SOA"}};
    for (const std::string& name : subject.names)
        for (const char* type : {"A", "AAAA"}) queries.push_back({name, type});
    return queries;
}

}  // namespace

const std::vector<Outcome>& valid_outcomes() {
    static const std::vector<Outcome> outcomes{
        {"secure", Status::pass,
         "Every checked answer of {zone} validates as secure (SOA and the addresses of {names} name(s))"},
        {"partly-insecure", Status::warn,
         "{zone} validates, but {count} answer(s) lead outside its chain of trust into unsigned data (first {first})"},
        blocking({"bogus", Status::fail,
                  "DNSSEC validation fails for {zone}: {reason} (chain of trust broken at {broken_at}; {count} of the "
                  "checked answers are bogus, first {first})"}),
        {"unsigned", Status::not_applicable, "{zone} is not signed, so there is nothing to validate (see dnssec.signed)"}};
    return outcomes;
}

Finding judge_valid(const facts::TargetFacts& facts, const ZoneSubject& subject) {
    facts.need(zone_requests(subject));
    const std::string& zone = subject.zone;
    const std::string& id = subject.check_id;
    const std::string label = zone_label(zone);

    nlohmann::json answers = nlohmann::json::array();
    std::optional<BogusReason> first_bogus;
    std::string first_bogus_query;
    std::optional<facts::ProbeError> first_error;
    std::string first_error_query;
    std::vector<std::string> bogus_queries, insecure_queries;
    std::string soa_security;
    for (const Query& query : judged_queries(subject)) {
        const std::string text = query.type + " " + query.name;
        const auto& observed = validated_answer(facts, query.name, query.type);
        if (!observed.ok()) {
            answers.push_back({{"query", text},
                               {"probe_error", observed.error().kind},
                               {"detail", common::evidence_text(observed.error().detail)}});
            if (!first_error) {
                first_error = observed.error();
                first_error_query = text;
            }
            continue;
        }
        const facts::DnsAnswer& answer = observed.value();
        nlohmann::json entry{{"query", text}, {"rcode", answer.rcode}, {"security", answer.security}};
        if (query.type == "SOA") soa_security = answer.security;
        if (answer.security == "bogus") {
            const BogusReason reason = parse_why_bogus(answer.why_bogus);
            entry["why_bogus"] = common::evidence_text(answer.why_bogus);
            entry["reason"] = reason.category;
            entry["reason_text"] = reason.plain;
            entry["broken_at"] = common::evidence_text(reason.zone.empty() ? zone : reason.zone);
            bogus_queries.push_back(text);
            if (!first_bogus) {
                first_bogus = reason;
                first_bogus_query = text;
            }
        } else if (answer.security != "secure") {
            insecure_queries.push_back(text);
        }
        answers.push_back(std::move(entry));
    }
    nlohmann::json evidence{{"zone", zone}, {"answers", std::move(answers)}};

    // A bogus answer is a definite failure, whatever else could not be asked.
    if (first_bogus) {
        const std::string broken_at = first_bogus->zone.empty() ? zone : first_bogus->zone;
        evidence["reason"] = first_bogus->category;
        evidence["reason_text"] = first_bogus->plain;
        evidence["validator_detail"] = common::evidence_text(first_bogus->detail);
        evidence["broken_at"] = common::evidence_text(broken_at);
        return common::conclude(id, zone, "bogus",
                                {{"zone", label},
                                 {"reason", first_bogus->plain},
                                 {"broken_at", common::display_text(zone_label(broken_at), 100)},
                                 {"count", bogus_queries.size()},
                                 {"first", common::display_text(first_bogus_query, 100)}},
                                std::move(evidence));
    }
    if (first_error) {
        Finding finding = common::probe_error_finding(id, zone, *first_error, "the validated lookup " + first_error_query);
        finding.evidence["answers"] = evidence["answers"];
        return finding;
    }
    if (soa_security != "secure")
        return common::conclude(id, zone, "unsigned", {{"zone", label}}, std::move(evidence));
    if (!insecure_queries.empty()) {
        evidence["insecure"] = insecure_queries;
        return common::conclude(id, zone, "partly-insecure",
                                {{"zone", label},
                                 {"count", insecure_queries.size()},
                                 {"first", common::display_text(insecure_queries.front(), 100)}},
                                std::move(evidence));
    }
    return common::conclude(id, zone, "secure", {{"zone", label}, {"names", subject.names.size()}},
                            std::move(evidence));
}

}  // namespace osescan::checks::dnssec
