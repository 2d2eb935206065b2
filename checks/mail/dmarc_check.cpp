#include "checks/mail/dmarc_check.hpp"

#include <set>

#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/mail/dmarc_record.hpp"
#include "checks/common/mx_hosts.hpp"
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

}  // namespace

std::vector<Finding> check_dmarc(const facts::TargetFacts& facts) {
    const std::string domain = lower_name(facts.target().host);
    const std::string own = "_dmarc." + domain;
    facts.need({dns_request(own, "TXT"), dns_request(domain, "MX")});
    const auto& mx_answer = lookup(facts, domain, "MX");
    const bool null_mx = mx_answer.ok() && common::mx_set(mx_answer.value()).null_mx;

    // RFC 7489 §6.6.3: the domain's own record, else the organizational domain's.
    std::string record_domain = domain;
    Lookup found = dmarc_records(lookup(facts, own, "TXT"));
    if (found.error) return {common::probe_error_finding(k_id, domain, *found.error, "the TXT lookup of " + own)};
    const std::string org = organizational_domain(domain);
    if (found.records.empty() && org != domain) {
        record_domain = org;
        found = dmarc_records(lookup(facts, "_dmarc." + org, "TXT"));
        if (found.error)
            return {common::probe_error_finding(k_id, domain, *found.error, "the TXT lookup of _dmarc." + org)};
    }
    nlohmann::json evidence{{"record_domain", record_domain}, {"organizational_domain", org},
                            {"records", nlohmann::json::array()}, {"null_mx", null_mx}};
    for (const std::string& r : found.records) evidence["records"].push_back(common::evidence_text(r));
    if (found.records.empty())
        return {common::make_finding(k_id, domain, Status::fail, "dmarc-missing",
                                     "No DMARC record at _dmarc." + domain +
                                         (org != domain ? " or _dmarc." + org : std::string()),
                                     evidence)};
    if (found.records.size() > 1)
        return {common::make_finding(k_id, domain, Status::fail, "dmarc-multiple",
                                     std::to_string(found.records.size()) + " DMARC records at _dmarc." + record_domain +
                                         ": receivers ignore them all (RFC 7489 §6.6.3)",
                                     evidence)};
    DmarcParse parsed = parse_dmarc(found.records[0]);
    if (!parsed.record) {
        evidence["error"] = common::evidence_text(parsed.error);
        evidence["position"] = parsed.position;
        return {common::make_finding(k_id, domain, Status::fail, "dmarc-syntax-error",
                                     "DMARC syntax error at offset " + std::to_string(parsed.position) + ": " +
                                         common::display_text(parsed.error),
                                     evidence)};
    }
    const DmarcRecord& record = *parsed.record;
    if (record.p.empty())
        return {common::make_finding(k_id, domain, Status::fail, "dmarc-no-policy",
                                     "The DMARC record has no p= tag (required, RFC 7489 §6.3)", evidence)};
    // A subdomain judged by its organizational domain's record gets sp= when given (§6.3).
    const std::string policy = (record_domain != domain && record.sp) ? *record.sp : record.p;
    evidence["policy"] = policy;
    evidence["pct"] = record.pct;

    // External report destinations must agree to receive reports (§7.1).
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

    if (null_mx) {
        if (policy == "reject")
            return {common::make_finding(k_id, domain, Status::pass, "dmarc-null-mx-reject",
                                         "Null MX and DMARC p=reject: mail claiming to be from the domain is rejected", evidence)};
        return {common::make_finding(k_id, domain, Status::fail, "dmarc-null-mx-not-reject",
                                     "The domain has a null MX (no mail) but its DMARC policy is p=" + policy +
                                         ", not p=reject",
                                     evidence)};
    }
    if (policy == "none")
        return {common::make_finding(k_id, domain, Status::warn, "dmarc-policy-none",
                                     "DMARC p=none only monitors: forged mail is still delivered", evidence)};
    if (record.pct < 100)
        return {common::make_finding(k_id, domain, Status::warn, "dmarc-pct-partial",
                                     "DMARC p=" + policy + " applies to only " + std::to_string(record.pct) + "% of failing mail",
                                     evidence)};
    if (!unauthorised.empty())
        return {common::make_finding(k_id, domain, Status::warn, "dmarc-report-unauthorised",
                                     "Report destination " + common::display_text(unauthorised[0], 80) +
                                         " has not authorised reports for " + record_domain + " (RFC 7489 §7.1)",
                                     evidence)};
    return {common::make_finding(k_id, domain, Status::pass, "dmarc-enforced",
                                 "DMARC p=" + policy + " at _dmarc." + record_domain, evidence)};
}

}  // namespace osescan::checks::mail
