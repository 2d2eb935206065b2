#include "checks/mail/spf_check.hpp"

#include <algorithm>
#include <optional>
#include <set>

#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/mx_hosts.hpp"
#include "checks/mail/mail_domain.hpp"
#include "checks/mail/spf_record.hpp"

namespace osescan::checks::mail {

namespace {

constexpr const char* k_id = "mail.spf";
constexpr int k_lookup_limit = 10;       // RFC 7208 §4.6.4
constexpr int k_void_limit = 2;          // RFC 7208 §4.6.4
constexpr int k_mx_name_limit = 10;      // RFC 7208 §4.6.4
constexpr int k_max_depth = 10;          // our bound on include/redirect nesting
constexpr int k_max_records = 40;        // our bound on records visited

// The policy walk collects problems, each with its outcome's status from the catalogue
// (common::outcome_status), and the worst one becomes the finding.

struct Problem {
    Status status;  // the outcome's, from the catalogue
    std::string outcome;
    std::string detail;
};

// Which SPF records a domain publishes, as a receiver selects them (§4.5).
struct Selected {
    std::optional<facts::ProbeError> error;
    std::vector<std::string> records;
    bool nxdomain = false;
};

Selected select_spf(const facts::Observed<facts::DnsAnswer>& observed) {
    Selected out;
    if (!observed.ok()) {
        out.error = observed.error();
        return out;
    }
    out.nxdomain = observed.value().nxdomain();
    for (std::string& txt : txt_strings(observed.value()))
        if (is_spf_record(txt)) out.records.push_back(std::move(txt));
    return out;
}

bool empty_answer(const facts::Observed<facts::DnsAnswer>& observed, const std::string& type) {
    return observed.ok() && (observed.value().nxdomain() || observed.value().records(type).empty());
}

class Walk {
public:
    explicit Walk(const facts::TargetFacts& facts) : m_facts(facts) {}

    int lookups = 0;
    int void_lookups = 0;
    int records = 0;
    std::vector<Problem> problems;
    std::optional<facts::ProbeError> error;
    std::vector<std::string> unevaluated;  // domain-specs with macros (need a sender)

    void problem(std::string outcome, std::string detail) {
        for (const Problem& p : problems)
            if (p.outcome == outcome && p.detail == detail) return;
        const Status status = common::outcome_status(k_id, outcome);
        problems.push_back({status, std::move(outcome), std::move(detail)});
    }

    // Visits one record; returns the qualifier of the policy's final "all" (through
    // redirect), if any. `passes` = a match in this record authorises the sender.
    std::optional<SpfQualifier> visit(const std::string& domain, const SpfRecord& record, int depth,
                                      bool passes, std::vector<std::string>& chain) {
        ++records;
        const bool has_all = std::any_of(record.mechanisms.begin(), record.mechanisms.end(),
                                         [](const SpfMechanism& m) { return m.kind == SpfMechanismKind::all; });
        const bool follow_redirect = record.redirect && !has_all;  // §6.1: ignored with "all"

        // Ask for every lookup of this record at once: one round per level.
        std::vector<facts::Request> wanted;
        for (const SpfMechanism& m : record.mechanisms) {
            const std::string target = m.domain_spec.empty() ? domain : lower_name(m.domain_spec);
            if (has_macros(target)) continue;
            switch (m.kind) {
                case SpfMechanismKind::include: wanted.push_back(dns_request(target, "TXT")); break;
                case SpfMechanismKind::a:
                    wanted.push_back(dns_request(target, "A"));
                    wanted.push_back(dns_request(target, "AAAA"));
                    break;
                case SpfMechanismKind::mx: wanted.push_back(dns_request(target, "MX")); break;
                case SpfMechanismKind::exists: wanted.push_back(dns_request(target, "A")); break;
                default: break;
            }
        }
        if (follow_redirect && !has_macros(*record.redirect))
            wanted.push_back(dns_request(lower_name(*record.redirect), "TXT"));
        m_facts.need(wanted);

        std::optional<SpfQualifier> final_all;
        for (const SpfMechanism& m : record.mechanisms) {
            const std::string target = m.domain_spec.empty() ? domain : lower_name(m.domain_spec);
            const bool authorises = passes && m.qualifier == SpfQualifier::pass;
            switch (m.kind) {
                case SpfMechanismKind::all:
                    if (!final_all) final_all = m.qualifier;
                    if (depth > 0 && authorises)
                        problem("spf-authorises-everything",
                                "\"+all\" in the record of " + domain + ", included with a pass qualifier");
                    break;
                case SpfMechanismKind::ip4:
                    if (authorises && m.cidr4 >= 0 && m.cidr4 < 8)
                        problem("spf-authorises-everything",
                                "ip4:" + m.network + "/" + std::to_string(m.cidr4) + " in the record of " + domain);
                    break;
                case SpfMechanismKind::ip6:
                    if (authorises && m.cidr6 >= 0 && m.cidr6 < 16)
                        problem("spf-authorises-everything",
                                "ip6:" + m.network + "/" + std::to_string(m.cidr6) + " in the record of " + domain);
                    break;
                case SpfMechanismKind::ptr:
                    ++lookups;
                    problem("spf-ptr", "\"ptr\" in the record of " + domain +
                                                         " is deprecated and slow (RFC 7208 §5.5)");
                    break;
                case SpfMechanismKind::a:
                    ++lookups;
                    if (has_macros(target)) { unevaluated.push_back(target); break; }
                    {
                        const auto& v4 = lookup(m_facts, target, "A");
                        const auto& v6 = lookup(m_facts, target, "AAAA");
                        if (!v4.ok()) { error = v4.error(); break; }
                        if (!v6.ok()) { error = v6.error(); break; }
                        if (empty_answer(v4, "A") && empty_answer(v6, "AAAA")) ++void_lookups;
                    }
                    break;
                case SpfMechanismKind::exists:
                    ++lookups;
                    if (has_macros(target)) { unevaluated.push_back(target); break; }
                    {
                        const auto& v4 = lookup(m_facts, target, "A");
                        if (!v4.ok()) { error = v4.error(); break; }
                        if (empty_answer(v4, "A")) ++void_lookups;
                        else if (authorises)
                            problem("spf-authorises-everything",
                                    "exists:" + target + " always matches (it has an address)");
                    }
                    break;
                case SpfMechanismKind::mx:
                    ++lookups;
                    if (has_macros(target)) { unevaluated.push_back(target); break; }
                    {
                        const auto& mx = lookup(m_facts, target, "MX");
                        if (!mx.ok()) { error = mx.error(); break; }
                        if (empty_answer(mx, "MX")) ++void_lookups;
                        const size_t names = mx.value().records("MX").size();
                        if (names > static_cast<size_t>(k_mx_name_limit))
                            problem("spf-mx-too-many-names",
                                    "mx:" + target + " has " + std::to_string(names) +
                                        " MX names; more than 10 is a permanent error (RFC 7208 §4.6.4)");
                    }
                    break;
                case SpfMechanismKind::include:
                    ++lookups;
                    if (has_macros(target)) { unevaluated.push_back(target); break; }
                    follow(target, depth, authorises, chain, "include");
                    break;
            }
        }
        if (follow_redirect) {
            ++lookups;
            const std::string target = lower_name(*record.redirect);
            if (has_macros(target)) {
                unevaluated.push_back(target);
            } else {
                auto redirected = follow(target, depth, passes, chain, "redirect");
                if (redirected) final_all = redirected;
            }
        }
        return final_all;
    }

private:
    std::optional<SpfQualifier> follow(const std::string& target, int depth, bool passes,
                                       std::vector<std::string>& chain, const std::string& how) {
        if (std::find(chain.begin(), chain.end(), target) != chain.end()) {
            problem("spf-loop", how + " of " + target + " loops back (chain: " + join(chain) + ")");
            return std::nullopt;
        }
        if (depth + 1 > k_max_depth || records >= k_max_records || lookups > 2 * k_lookup_limit) {
            problem("spf-too-many-lookups", "policy nested too deep at " + target);
            return std::nullopt;
        }
        Selected selected = select_spf(lookup(m_facts, target, "TXT"));
        if (selected.error) {
            error = selected.error;
            return std::nullopt;
        }
        if (selected.nxdomain || selected.records.empty()) {
            ++void_lookups;
            problem("spf-" + how + "-without-record",
                    how + ":" + target + " has no SPF record: a permanent error for receivers (RFC 7208 §5.2, §6.1)");
            return std::nullopt;
        }
        if (selected.records.size() > 1) {
            problem("spf-" + how + "-multiple", target + " publishes more than one SPF record");
            return std::nullopt;
        }
        SpfParse parsed = parse_spf(selected.records[0]);
        if (!parsed.record) {
            problem("spf-" + how + "-syntax-error",
                    "record of " + target + ": " + parsed.error + " at offset " + std::to_string(parsed.position));
            return std::nullopt;
        }
        chain.push_back(target);
        auto result = visit(target, *parsed.record, depth + 1, passes, chain);
        chain.pop_back();
        return result;
    }

    static std::string join(const std::vector<std::string>& names) {
        std::string out;
        for (const std::string& n : names) out += (out.empty() ? "" : " -> ") + n;
        return out;
    }

    const facts::TargetFacts& m_facts;
};

}  // namespace

std::vector<Finding> check_spf(const facts::TargetFacts& facts) {
    const std::string domain = lower_name(facts.target().host);
    facts.need({dns_request(domain, "TXT"), dns_request(domain, "MX")});
    const auto& mx_answer = lookup(facts, domain, "MX");
    const bool null_mx = mx_answer.ok() && common::mx_set(mx_answer.value()).null_mx;

    Selected selected = select_spf(lookup(facts, domain, "TXT"));
    if (selected.error)
        return {common::probe_error_finding(k_id, domain, *selected.error, "the TXT lookup of " + domain)};
    nlohmann::json evidence{{"records", nlohmann::json::array()}, {"null_mx", null_mx}};
    for (const std::string& r : selected.records) evidence["records"].push_back(common::evidence_text(r));
    if (selected.records.empty())
        return {common::conclude(
            k_id, domain, "spf-missing",
            {{"detail", null_mx ? ": a domain that sends no mail should publish \"v=spf1 -all\""
                                : " (v=spf1 TXT): receivers cannot tell who may send mail for " + domain}},
            evidence)};
    if (selected.records.size() > 1)
        return {common::conclude(k_id, domain, "spf-multiple", {{"count", std::to_string(selected.records.size())}},
                                 evidence)};
    SpfParse parsed = parse_spf(selected.records[0]);
    if (!parsed.record) {
        evidence["error"] = common::evidence_text(parsed.error);
        evidence["position"] = parsed.position;
        return {common::conclude(k_id, domain, "spf-syntax-error",
                                 {{"position", std::to_string(parsed.position)}, {"error", common::display_text(parsed.error)}},
                                 evidence)};
    }
    const SpfRecord& record = *parsed.record;
    if (null_mx) {
        // RFC 7505 §4.2: a domain that receives no mail should also say it sends none.
        const bool reject_all = record.mechanisms.size() == 1 && record.mechanisms[0].kind == SpfMechanismKind::all &&
                                record.mechanisms[0].qualifier == SpfQualifier::fail && !record.redirect;
        if (reject_all) return {common::conclude(k_id, domain, "spf-null-mx-reject", {}, evidence)};
        return {common::conclude(k_id, domain, "spf-null-mx-not-reject", {}, evidence)};
    }

    Walk walk(facts);
    std::vector<std::string> chain{domain};
    std::optional<SpfQualifier> final_all = walk.visit(domain, record, 0, true, chain);
    if (walk.error) return {common::probe_error_finding(k_id, domain, *walk.error, "a lookup of the SPF policy")};

    if (walk.lookups > k_lookup_limit)
        walk.problem("spf-too-many-lookups",
                     std::to_string(walk.lookups) + " DNS lookups; more than 10 is a permanent error (RFC 7208 §4.6.4)");
    if (walk.void_lookups > k_void_limit)
        walk.problem("spf-void-lookups",
                     std::to_string(walk.void_lookups) + " lookups find nothing; more than 2 is a permanent error "
                     "for many receivers (RFC 7208 §4.6.4)");
    if (!final_all)
        walk.problem("spf-no-all", "no \"all\" and no redirect: unlisted senders get \"neutral\", "
                                                 "which protects nothing (RFC 7208 §4.7)");
    else if (*final_all == SpfQualifier::pass)
        walk.problem("spf-plus-all", "\"+all\" authorises every server on the Internet");
    else if (*final_all == SpfQualifier::neutral)
        walk.problem("spf-neutral-all", "\"?all\" makes every unlisted sender neutral: protects nothing");

    evidence["lookups"] = walk.lookups;
    evidence["void_lookups"] = walk.void_lookups;
    if (final_all) evidence["all"] = std::string(qualifier_symbol(*final_all)) + "all";
    evidence["problems"] = nlohmann::json::array();
    for (const Problem& p : walk.problems)
        evidence["problems"].push_back({{"status", status_name(p.status)}, {"outcome", p.outcome},
                                        {"detail", common::evidence_text(p.detail)}});
    if (!walk.unevaluated.empty()) {
        evidence["unevaluated_macros"] = nlohmann::json::array();
        for (const std::string& u : walk.unevaluated) evidence["unevaluated_macros"].push_back(common::evidence_text(u));
    }

    const Problem* worst_problem = nullptr;
    for (const Problem& p : walk.problems)
        if (!worst_problem || severity(p.status) > severity(worst_problem->status)) worst_problem = &p;
    if (worst_problem) {
        // The problem's own words (they are also its evidence), and how many others there are.
        const std::string more =
            walk.problems.size() > 1 ? " (and " + std::to_string(walk.problems.size() - 1) + " more)" : std::string();
        return {common::conclude(k_id, domain, worst_problem->outcome,
                                 {{"detail", common::display_text(worst_problem->detail, 200)}, {"more", more}},
                                 evidence)};
    }
    if (*final_all == SpfQualifier::softfail) return {common::conclude(k_id, domain, "spf-softfail", {}, evidence)};
    return {common::conclude(k_id, domain, "spf-hardfail", {{"lookups", std::to_string(walk.lookups)}}, evidence)};
}

}  // namespace osescan::checks::mail
