#include "checks/mail/mx_tls_endpoints.hpp"

#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/mx_hosts.hpp"
#include "checks/mail/mx_addresses.hpp"

namespace osescan::checks::mail {

namespace {

constexpr uint16_t k_smtp_port = 25;

// Why there is no TLS to judge at this address ("" when STARTTLS led to a handshake).
std::string no_starttls_reason(const facts::SmtpSession& session) {
    if (!session.starttls_offered)
        return session.ehlo.code == 250 ? "STARTTLS is not among its EHLO extensions"
                                        : "it does not speak ESMTP, so it has no STARTTLS";
    if (!session.tls_attempted) return "it refuses STARTTLS (" + common::display_text(session.starttls.text, 120) + ")";
    return "";
}

}  // namespace

const std::vector<Outcome>& mx_endpoint_outcomes() {
    static const std::vector<Outcome> outcomes{
        common::k_no_mail_hosts_outcome,
        {"no-starttls", Status::not_applicable, "{endpoint}: {why}; no TLS to judge (mail.starttls fails it)"},
        {"mx-no-address", Status::info, "{host} has no IPv4 or IPv6 address: nothing to connect to (see mail.mx)"},
        {"mx-not-checked", Status::info,
         "{count} more MX hosts not checked (the first {limit} by preference are): {hosts}"},
    };
    return outcomes;
}

common::TlsEndpoints mx_tls_endpoints(const facts::TargetFacts& facts, const std::string& check_id) {
    common::TlsEndpoints out;
    const common::MailHosts hosts = common::find_mail_hosts(facts);
    if (auto verdict = common::mail_hosts_verdict(check_id, facts, hosts)) {
        out.findings.push_back(std::move(*verdict));
        return out;
    }
    const MxAddresses mx = mx_addresses(facts, hosts);
    for (const MxLookupError& e : mx.lookup_errors) {
        const std::string subject = common::evidence_text(e.host);
        out.findings.push_back(
            common::probe_error_finding(check_id, subject, e.error, "the " + e.type + " lookup of " + subject));
    }
    for (const std::string& host : mx.no_address) {
        const std::string subject = common::evidence_text(host);
        out.findings.push_back(
            common::conclude(check_id, subject, "mx-no-address", {{"host", subject}}, {{"mx", subject}}));
    }
    // The conversations mail.starttls has (one round, the same requests).
    std::vector<facts::Request> wanted;
    for (const MxAddress& a : mx.addresses) wanted.push_back(facts::SmtpRequest{a.address, k_smtp_port, a.host});
    facts.need(wanted);
    for (const MxAddress& a : mx.addresses) {
        common::TlsEndpoint endpoint{a.address, k_smtp_port, a.host, "smtp", mx_subject(a.host, a.address), ""};
        endpoint.label = endpoint.subject + ":" + std::to_string(k_smtp_port);
        const auto& observed = facts.smtp(facts::SmtpRequest{a.address, k_smtp_port, a.host});
        if (!observed.ok()) {
            out.findings.push_back(common::probe_error_finding(check_id, endpoint.subject, observed.error(),
                                                               "the SMTP conversation with " + endpoint.subject));
            continue;
        }
        const std::string why = no_starttls_reason(observed.value());
        if (!why.empty()) {
            out.findings.push_back(common::conclude(check_id, endpoint.subject, "no-starttls",
                                                    {{"endpoint", endpoint.label}, {"why", why}},
                                                    {{"endpoint", endpoint.label}, {"why", why}}));
            continue;
        }
        out.endpoints.push_back(std::move(endpoint));
    }
    if (!mx.not_checked.empty())
        out.findings.push_back(not_checked_finding(check_id, "mx-not-checked", facts, mx.not_checked));
    return out;
}

}  // namespace osescan::checks::mail
