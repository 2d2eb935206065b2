#include "checks/mail/tls_rpt_check.hpp"

#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/mx_hosts.hpp"
#include "checks/mail/mail_domain.hpp"
#include "checks/mail/tls_rpt_record.hpp"

namespace osescan::checks::mail {

namespace {

constexpr const char* k_id = "mail.tls_rpt";

const Reference k_rfc8460{"RFC 8460 (SMTP TLS Reporting)", "https://www.rfc-editor.org/rfc/rfc8460"};
const Reference k_rfc8460_record{"RFC 8460 §3 (reporting policy record)",
                                 "https://www.rfc-editor.org/rfc/rfc8460#section-3"};

}  // namespace

CheckInfo tls_rpt_info() {
    CheckInfo i;
    i.id = k_id;
    i.family = Family::mail;
    i.title = "SMTP TLS reporting (TLS-RPT)";
    i.scored = false;
    i.why =
        "Mail to the domain travels encrypted only when sending servers can set up TLS with its "
        "MX hosts; with MTA-STS or DANE a failed TLS setup stops delivery. A TLS-RPT record "
        "(RFC 8460) asks sending servers to send a daily report of TLS successes and failures, "
        "so that a broken certificate, an attack that strips STARTTLS or a policy mistake is "
        "seen before mail is lost. Senders ignore a record that is invalid or not alone.";
    i.fix =
        "Publish exactly one TXT record at _smtp._tls.<domain> that begins with \"v=TLSRPTv1;\" "
        "and names where reports go with rua= (mailto: or https: URIs, comma-separated).";
    i.snippets = {{"DNS zone", "_smtp._tls.example.com.  IN TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@example.com\""}};
    i.refs = {k_rfc8460, k_rfc8460_record};
    i.facts = {"dns"};
    i.outcomes = {
        {"tlsrpt-valid", Status::pass, "TLS-RPT record at _smtp._tls.{domain}: reports go to {destinations}"},
        {"tlsrpt-missing", Status::info,
         "No TLS-RPT record at _smtp._tls.{domain}: sending servers cannot report TLS failures to you"},
        {"tlsrpt-invalid", Status::warn,
         "TLS-RPT record at _smtp._tls.{domain} is invalid ({error}): senders ignore it (RFC 8460 §3)"},
        {"tlsrpt-multiple", Status::warn,
         "{count} TLS-RPT records at _smtp._tls.{domain}: senders ignore them all (RFC 8460 §3)"},
        {"tlsrpt-no-mail", Status::not_applicable, "The domain receives no mail (null MX, RFC 7505)"},
    };
    return i;
}

std::vector<Finding> check_tls_rpt(const facts::TargetFacts& facts) {
    const std::string domain = lower_name(facts.target().host);
    const std::string name = "_smtp._tls." + domain;
    facts.need({dns_request(name, "TXT"), dns_request(domain, "MX")});
    const auto& mx_answer = lookup(facts, domain, "MX");
    if (mx_answer.ok() && common::mx_set(mx_answer.value()).null_mx)
        return {common::conclude(k_id, domain, "tlsrpt-no-mail", {}, {{"null_mx", true}})};
    const auto& answer = lookup(facts, name, "TXT");
    if (!answer.ok()) return {common::probe_error_finding(k_id, domain, answer.error(), "the TXT lookup of " + name)};
    // §3: strings of one TXT record are concatenated; records not beginning with the
    // version are discarded; anything but exactly one record means "no TLSRPT".
    std::vector<std::string> records;
    for (std::string& txt : txt_strings(answer.value()))
        if (is_tls_rpt_record(txt)) records.push_back(std::move(txt));
    nlohmann::json evidence{{"name", name}, {"records", nlohmann::json::array()}};
    for (const std::string& r : records) evidence["records"].push_back(common::evidence_text(r));
    const nlohmann::json params{{"domain", domain}};
    if (records.empty()) return {common::conclude(k_id, domain, "tlsrpt-missing", params, evidence)};
    if (records.size() > 1)
        return {common::conclude(k_id, domain, "tlsrpt-multiple",
                                 {{"domain", domain}, {"count", std::to_string(records.size())}}, evidence)};
    const TlsRptParse parsed = parse_tls_rpt(records[0]);
    if (!parsed.record) {
        evidence["error"] = common::evidence_text(parsed.error);
        return {common::conclude(k_id, domain, "tlsrpt-invalid",
                                 {{"domain", domain}, {"error", common::display_text(parsed.error)}}, evidence)};
    }
    evidence["rua"] = nlohmann::json::array();
    std::string destinations;
    for (const std::string& uri : parsed.record->rua) {
        evidence["rua"].push_back(common::evidence_text(uri));
        destinations += (destinations.empty() ? "" : ", ") + uri;
    }
    if (!parsed.record->extensions.empty()) evidence["extensions"] = parsed.record->extensions;
    return {common::conclude(k_id, domain, "tlsrpt-valid",
                             {{"domain", domain}, {"destinations", common::display_text(destinations, 160)}},
                             evidence)};
}

}  // namespace osescan::checks::mail
