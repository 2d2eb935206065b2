#include "checks/certificate/caa_check.hpp"

#include "checks/certificate/caa_record.hpp"
#include "checks/common/display_text.hpp"
#include "checks/common/dns_answer.hpp"
#include "checks/common/dns_zone.hpp"
#include "checks/common/findings.hpp"

namespace osescan::checks::certificate {

namespace {

constexpr const char* k_id = "caa";
constexpr size_t k_max_records = 64;  // evidence bound; more records are still judged

const char* tag_kind_name(CaaTagKind kind) {
    switch (kind) {
        case CaaTagKind::issue: return "issue";
        case CaaTagKind::issuewild: return "issuewild";
        case CaaTagKind::issuemail: return "issuemail";
        case CaaTagKind::iodef: return "iodef";
        case CaaTagKind::contactemail: return "contactemail";
        case CaaTagKind::contactphone: return "contactphone";
        case CaaTagKind::unknown: return "unknown";
    }
    return "unknown";
}

struct Judged {
    nlohmann::json records = nlohmann::json::array();
    std::vector<std::string> errors;            // "<record>: <problem>"
    std::vector<std::string> unknown_critical;  // tags
    std::vector<std::string> issuers;           // from valid issue properties ("" = nobody)
    bool has_issue = false;
};

Judged judge_records(const std::vector<const facts::DnsRecord*>& records) {
    Judged out;
    for (const facts::DnsRecord* record : records) {
        nlohmann::json entry{{"owner", common::evidence_text(record->name)}};
        const std::optional<CaaProperty> property = parse_caa_data(record->data);
        if (!property) {
            const std::string text = common::display_text(record->data, 200);
            entry["data"] = common::evidence_text(record->data);
            entry["error"] = "not a CAA record (RFC 8659 §4.1: flags, tag, value)";
            out.errors.push_back(text + ": not a CAA record");
        } else {
            const CaaTagKind kind = caa_tag_kind(property->tag);
            entry["flags"] = property->flags;
            entry["critical"] = property->critical();
            entry["tag"] = common::evidence_text(property->tag);
            entry["value"] = common::evidence_text(property->value);
            entry["known_tag"] = kind != CaaTagKind::unknown;
            const std::string error = caa_property_error(*property);
            const std::string shown = std::to_string(property->flags) + " " + common::display_text(property->tag, 20) +
                                      " \"" + common::display_text(property->value, 80) + "\"";
            if (!error.empty()) {
                // The problem may quote the record (an issuer name): remote text, made displayable.
                entry["error"] = common::evidence_text(error);
                out.errors.push_back(shown + ": " + common::display_text(error, 200));
            } else if (kind == CaaTagKind::unknown && property->critical()) {
                // RFC 8659 §5.1: a CA that meets a critical property it does not
                // understand must not issue at all.
                entry["note"] = "unknown tag with the critical flag: CAs that do not know it must refuse to issue";
                out.unknown_critical.push_back(common::display_text(property->tag, 20));
            } else if (kind == CaaTagKind::issue) {
                out.has_issue = true;
                out.issuers.push_back(parse_caa_issue_value(property->value).value->issuer);
            }
            entry["kind"] = tag_kind_name(kind);
        }
        if (out.records.size() < k_max_records) out.records.push_back(std::move(entry));
    }
    return out;
}

std::string join(const std::vector<std::string>& items, const std::string& separator, size_t max_items = 5) {
    std::string out;
    for (size_t i = 0; i < items.size() && i < max_items; ++i) out += (i ? separator : "") + items[i];
    if (items.size() > max_items) out += separator + "... (" + std::to_string(items.size() - max_items) + " more)";
    return out;
}

}  // namespace

std::vector<std::string> caa_search_names(const std::string& host) {
    std::vector<std::string> names;
    for (std::string name = common::normalise_dns_name(host);
         !name.empty() && name != "." && names.size() < common::k_max_zone_labels; name = common::parent_name(name))
        names.push_back(name);
    return names;
}

std::vector<Finding> check_caa(const facts::TargetFacts& facts) {
    const std::string& host = facts.target().host;
    const std::vector<std::string> names = caa_search_names(host);
    // Every name of the climb is asked in one round: the answers are the same as asked one
    // by one, and a live scan waits for one round trip instead of one per label.
    std::vector<facts::Request> requests;
    for (const std::string& name : names) requests.push_back(facts::DnsRequest{name, "CAA", facts::DnsVia::stub, {}});
    facts.need(requests);

    nlohmann::json searched = nlohmann::json::array();
    for (const std::string& name : names) {
        searched.push_back(name);
        // A failed lookup is not "no CAA": RFC 8659 §3 has CAs refuse to issue then, and we
        // cannot tell what they would find.
        const auto observed = common::usable_answer(facts.dns(name, "CAA"), "CAA " + name);
        if (!observed.ok())
            return {common::probe_error_finding(k_id, host, observed.error(), "the CAA lookup of " + name)};
        // The resolver follows CNAMEs (RFC 8659 §3: CAA(X) is what resolving X returns), so
        // the records may be owned by the CNAME's target; its parents are not climbed.
        const std::vector<const facts::DnsRecord*> records = observed.value().records("CAA");
        if (records.empty()) continue;

        Judged judged = judge_records(records);
        nlohmann::json evidence{{"names_searched", std::move(searched)},
                                {"relevant_name", name},
                                {"records", std::move(judged.records)},
                                {"record_count", records.size()}};
        nlohmann::json cnames = nlohmann::json::array();
        for (const facts::DnsRecord* cname : observed.value().records("CNAME"))
            cnames.push_back(common::evidence_text(cname->name + " CNAME " + cname->data));
        if (!cnames.empty()) evidence["cnames"] = std::move(cnames);
        std::vector<std::string> issuers;
        for (const std::string& issuer : judged.issuers) issuers.push_back(issuer.empty() ? "(no CA)" : issuer);
        evidence["issuers"] = issuers;

        if (!judged.errors.empty()) {
            evidence["syntax_errors"] = judged.errors;
            return {common::conclude(
                k_id, host, "syntax-errors",
                {{"name", name}, {"count", judged.errors.size()}, {"errors", join(judged.errors, "; ", 3)}},
                std::move(evidence))};
        }
        if (!judged.unknown_critical.empty()) {
            evidence["unknown_critical_tags"] = judged.unknown_critical;
            return {common::conclude(k_id, host, "unknown-critical",
                                     {{"name", name}, {"tags", join(judged.unknown_critical, ", ")}},
                                     std::move(evidence))};
        }
        if (!judged.has_issue) return {common::conclude(k_id, host, "no-issue", {{"name", name}}, std::move(evidence))};
        return {common::conclude(k_id, host, "valid", {{"name", name}, {"issuers", join(issuers, ", ")}},
                                 std::move(evidence))};
    }
    return {common::conclude(k_id, host, "no-caa", {{"host", host}}, {{"names_searched", std::move(searched)}})};
}

const Check& caa_check() {
    static const Check check{
        CheckInfo{
            .id = k_id,
            .family = Family::certificate,
            .title = "CAA records",
            .scored = false,
            .needs_name = true,
            .why = "Any of the hundreds of publicly trusted certificate authorities can issue a "
                   "certificate for your name. CAA records in DNS say which ones may: every CA "
                   "must check them before issuing, so a CA you do not use refuses a request for "
                   "your name, whether it comes from a mistake or from an attacker. A record with "
                   "a syntax error does not say what you meant, and CAs may refuse to issue to you "
                   "at all.",
            .fix = "Publish a CAA record at the domain (it covers every name below it unless a "
                   "name has its own) naming each CA you use in an issue property, optionally "
                   "issuewild for wildcard certificates and iodef for reports of refused "
                   "requests. Check each value against the grammar of RFC 8659 §4.",
            .snippets = {{"DNS zone",
                          "example.com.  3600 IN CAA 0 issue \"letsencrypt.org\"\n"
                          "example.com.  3600 IN CAA 0 issuewild \";\"\n"
                          "example.com.  3600 IN CAA 0 iodef \"mailto:security@example.com\""}},
            .refs = {{"RFC 8659 §3 (finding the relevant CAA RRset)",
                      "https://www.rfc-editor.org/rfc/rfc8659#section-3"},
                     {"RFC 8659 §4 (CAA record and property syntax)",
                      "https://www.rfc-editor.org/rfc/rfc8659#section-4"},
                     {"RFC 9495 (issuemail)", "https://www.rfc-editor.org/rfc/rfc9495"},
                     {"CA/B Forum Baseline Requirements, Appendix A (contactemail, contactphone)",
                      "https://cabforum.org/working-groups/server/baseline-requirements/"}},
            .facts = {"dns"},
            .outcomes = {{"valid", Status::pass, "CAA at {name} allows: {issuers}"},
                         {"syntax-errors", Status::warn, "CAA at {name} has {count} invalid record(s): {errors}",
                          "Correct each record named in the evidence to the grammar of RFC 8659 §4 (for "
                          "issue: a CA's domain name, then optional \"; key=value\" parameters)."},
                         {"unknown-critical", Status::warn,
                          "CAA at {name} has critical properties CAs may not know ({tags}): such CAs must refuse "
                          "to issue",
                          "Clear the critical flag (use 0, not 128) on properties that are not required for "
                          "issuance, or remove them."},
                         {"no-issue", Status::info,
                          "CAA at {name} has no issue property: it does not restrict which CA may issue",
                          "Add an issue property naming the CA(s) you use."},
                         {"no-caa", Status::info,
                          "No CAA records at {host} or any parent domain: any CA may issue certificates for it"}},
        },
        check_caa};
    return check;
}

}  // namespace osescan::checks::certificate
