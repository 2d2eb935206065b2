#include "checks/mail/dmarc_check.hpp"

#include <set>

#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/mx_hosts.hpp"
#include "checks/mail/dmarc_discovery.hpp"
#include "checks/mail/dmarc_record.hpp"
#include "checks/mail/mail_domain.hpp"
#include "checks/mail/organizational_domain.hpp"

namespace osescan::checks::mail {

namespace {

constexpr const char* k_id = "mail.dmarc";

struct Lookup {
    std::optional<facts::ProbeError> error;
    std::vector<std::string> records;  // the v=DMARC1 ones
};

Lookup dmarc_records(const facts::Observed<facts::DnsAnswer>& observed) {
    Lookup out;
    if (!observed.ok()) {
        out.error = observed.error();
        return out;
    }
    for (std::string& txt : txt_strings(observed.value()))
        if (is_dmarc_record(txt)) out.records.push_back(std::move(txt));
    return out;
}

std::string joined(const std::vector<std::string>& items, const std::string& separator = ", ") {
    std::string out;
    for (const std::string& item : items) out += (out.empty() ? "" : separator) + item;
    return out;
}

nlohmann::json notes_json(const std::vector<DmarcDiscarded>& notes) {
    nlohmann::json out = nlohmann::json::array();
    for (const DmarcDiscarded& n : notes)
        out.push_back({{"tag", n.tag}, {"value", common::evidence_text(n.value)}, {"reason", n.reason}});
    return out;
}

std::string notes_text(const std::vector<DmarcDiscarded>& notes) {
    std::vector<std::string> parts;
    for (const DmarcDiscarded& n : notes) parts.push_back(n.tag + "=" + n.value + " (" + n.reason + ")");
    return common::display_text(joined(parts, "; "), 200);
}

// t=y asks receivers to apply one level less than the policy (RFC 9989 §4.7).
std::string applied_in_test_mode(const std::string& policy) {
    return policy == "reject" ? "quarantine" : "none";
}

// The text of the record the walk applied, for the evidence.
std::string walk_record_text(const std::vector<DmarcLevel>& walk, const std::string& record_domain) {
    for (const DmarcLevel& level : walk)
        if (level.domain == record_domain && !level.records.empty()) return level.records[0];
    return "";
}

}  // namespace

std::vector<Finding> check_dmarc(const facts::TargetFacts& facts) {
    const std::string domain = lower_name(facts.target().host);
    const std::string own = "_dmarc." + domain;
    facts.need({dns_request(own, "TXT"), dns_request(domain, "MX")});
    const auto& mx_answer = lookup(facts, domain, "MX");
    const bool null_mx = mx_answer.ok() && common::mx_set(mx_answer.value()).null_mx;

    // RFC 9989 §4.10.1: the author domain's own record first.
    Lookup found = dmarc_records(lookup(facts, own, "TXT"));
    if (found.error) return {common::probe_error_finding(k_id, domain, *found.error, "the TXT lookup of " + own)};
    const std::string psl_org = organizational_domain(domain);
    nlohmann::json evidence{{"record_domain", domain}, {"records", nlohmann::json::array()}, {"null_mx", null_mx}};
    for (const std::string& r : found.records) evidence["records"].push_back(common::evidence_text(r));
    if (found.records.size() > 1)
        return {common::conclude(k_id, domain, "dmarc-multiple",
                                 {{"count", std::to_string(found.records.size())}, {"record_domain", domain}},
                                 evidence)};

    std::string record_domain = domain;
    std::optional<DmarcRecord> applied;
    if (found.records.size() == 1) {
        DmarcParse parsed = parse_dmarc(found.records[0]);
        if (!parsed.record) {
            evidence["error"] = common::evidence_text(parsed.error);
            evidence["position"] = parsed.position;
            return {common::conclude(k_id, domain, "dmarc-syntax-error",
                                     {{"position", std::to_string(parsed.position)},
                                      {"error", common::display_text(parsed.error)}},
                                     evidence)};
        }
        applied = std::move(parsed.record);
        evidence["discovery"] = {{"found_at", "author domain"}, {"organizational_domain_psl", psl_org}};
    } else {
        // No record of its own: the DNS Tree Walk (§4.10), every step asked in one round.
        const std::vector<std::string> names = dmarc_tree_walk_names(domain);
        std::vector<facts::Request> wanted;
        for (const std::string& name : names) wanted.push_back(dns_request("_dmarc." + name, "TXT"));
        facts.need(wanted);
        std::vector<DmarcLevel> walk;
        for (const std::string& name : names) {
            Lookup level = dmarc_records(lookup(facts, "_dmarc." + name, "TXT"));
            if (level.error)
                return {common::probe_error_finding(k_id, domain, *level.error, "the TXT lookup of _dmarc." + name)};
            walk.push_back({name, std::move(level.records)});
        }
        DmarcDiscovery discovery = discover_by_tree_walk(domain, walk);
        nlohmann::json walk_json{{"queried", discovery.queried}, {"organizational_domain_psl", psl_org}};
        if (!discovery.ignored.empty()) walk_json["ignored"] = discovery.ignored;
        if (!discovery.record) {
            evidence["discovery"] = walk_json;
            std::vector<std::string> parents;
            for (const std::string& name : discovery.queried) parents.push_back("_dmarc." + name);
            return {common::conclude(k_id, domain, "dmarc-missing",
                                     {{"domain", domain},
                                      {"or_org", parents.empty() ? std::string()
                                                                 : " nor on the RFC 9989 tree walk (" +
                                                                       common::display_text(joined(parents), 200) + ")"}},
                                     evidence)};
        }
        record_domain = discovery.record_domain;
        applied = std::move(discovery.record);
        walk_json["found_at"] = discovery.role;
        walk_json["organizational_domain"] = discovery.organizational_domain;
        // RFC 9989 replaced the Public Suffix List with the tree walk; where they disagree
        // (a psd= tag, or a record above the registrable domain) the walk is what receivers use.
        if (discovery.organizational_domain != psl_org)
            walk_json["note"] = "the RFC 9989 tree walk gives organizational domain " + discovery.organizational_domain +
                                ", the Public Suffix List gives " + psl_org +
                                "; the tree walk was used, as RFC 9989 receivers do";
        evidence["discovery"] = walk_json;
        evidence["record_domain"] = record_domain;
        evidence["records"] = nlohmann::json::array({common::evidence_text(walk_record_text(walk, record_domain))});
    }
    const DmarcRecord& record = *applied;
    evidence["t"] = record.t;
    evidence["psd"] = record.psd;
    if (record.np) evidence["np"] = *record.np;
    if (!record.retired_tags.empty()) evidence["retired_tags"] = record.retired_tags;
    if (!record.unknown_tags.empty()) evidence["unknown_tags"] = record.unknown_tags;
    if (!record.discarded.empty()) evidence["discarded"] = notes_json(record.discarded);
    if (!record.invalid_uris.empty()) evidence["invalid_uris"] = notes_json(record.invalid_uris);

    // §4.10.1: no valid p, or an invalid sp or np: receivers act as if p=none when rua=
    // holds a valid URI, else apply no DMARC at all.
    if (!record.policy_problems.empty()) {
        evidence["policy_problems"] = record.policy_problems;
        const nlohmann::json params{{"problem", common::display_text(joined(record.policy_problems, "; "), 200)},
                                    {"record_domain", record_domain}};
        if (!record.rua.empty()) return {common::conclude(k_id, domain, "dmarc-policy-as-none", params, evidence)};
        return {common::conclude(k_id, domain, "dmarc-policy-unusable", params, evidence)};
    }
    // A subdomain judged by an organizational or public suffix domain's record gets sp= when
    // given (it exists: it is the name being scanned), §4.10.1.
    const std::string policy = (record_domain != domain && record.sp) ? *record.sp : *record.p;
    const std::string effective = record.t == "y" && policy != "none" ? applied_in_test_mode(policy) : policy;
    evidence["policy"] = policy;
    evidence["effective_policy"] = effective;
    if (record.pct) evidence["pct"] = *record.pct;

    // External report destinations must agree to receive reports (RFC 7489 §7.1, kept by
    // DMARC aggregate reporting, RFC 9989's companion). The organizational domains compared here come from the Public Suffix List.
    std::vector<std::pair<std::string, std::string>> external;  // (uri, verification name)
    std::set<std::string> asked;
    for (const auto* list : {&record.rua, &record.ruf})
        for (const DmarcUri& uri : *list) {
            if (uri.mailto_domain.empty() || organizational_domain(uri.mailto_domain) == organizational_domain(record_domain))
                continue;
            const std::string name = record_domain + "._report._dmarc." + uri.mailto_domain;
            external.emplace_back(uri.uri, name);
            asked.insert(name);
        }
    std::vector<facts::Request> wanted;
    for (const std::string& name : asked) wanted.push_back(dns_request(name, "TXT"));
    facts.need(wanted);
    std::vector<std::string> unauthorised;
    for (const auto& [uri, name] : external) {
        Lookup verification = dmarc_records(lookup(facts, name, "TXT"));
        if (verification.error) return {common::probe_error_finding(k_id, domain, *verification.error, "the TXT lookup of " + name)};
        if (verification.records.empty()) unauthorised.push_back(uri);
    }
    if (!external.empty()) evidence["external_destinations_unauthorised"] = unauthorised;

    const nlohmann::json params{{"policy", policy}, {"record_domain", record_domain}};
    if (null_mx) {
        if (effective == "reject") return {common::conclude(k_id, domain, "dmarc-null-mx-reject", params, evidence)};
        return {common::conclude(k_id, domain, "dmarc-null-mx-not-reject", {{"policy", effective}}, evidence)};
    }
    if (policy == "none") return {common::conclude(k_id, domain, "dmarc-policy-none", params, evidence)};
    if (record.t == "y")
        return {common::conclude(k_id, domain, "dmarc-test-mode", {{"policy", policy}, {"applied", effective}}, evidence)};
    if (record.pct && *record.pct < 100)
        return {common::conclude(k_id, domain, "dmarc-pct-partial",
                                 {{"policy", policy}, {"pct", std::to_string(*record.pct)}}, evidence)};
    if (!record.discarded.empty())
        return {common::conclude(k_id, domain, "dmarc-values-discarded", {{"details", notes_text(record.discarded)}},
                                 evidence)};
    if (!record.invalid_uris.empty())
        return {common::conclude(k_id, domain, "dmarc-report-uri-invalid", {{"details", notes_text(record.invalid_uris)}},
                                 evidence)};
    if (!unauthorised.empty())
        return {common::conclude(k_id, domain, "dmarc-report-unauthorised",
                                 {{"destination", common::display_text(unauthorised[0], 80)}, {"record_domain", record_domain}},
                                 evidence)};
    return {common::conclude(k_id, domain, "dmarc-enforced", params, evidence)};
}

}  // namespace osescan::checks::mail
