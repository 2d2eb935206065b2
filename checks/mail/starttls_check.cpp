#include "checks/mail/starttls_check.hpp"

#include <algorithm>
#include <utility>

#include "checks/common/display_text.hpp"
#include "checks/common/dns_answer.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/mx_hosts.hpp"
#include "checks/mail/mail_domain.hpp"

namespace osescan::checks::mail {

namespace {

constexpr const char* k_id = "mail.starttls";

const Reference k_rfc3207{"RFC 3207 (SMTP STARTTLS)", "https://www.rfc-editor.org/rfc/rfc3207"};
const Reference k_rfc7435{"RFC 7435 (opportunistic security)", "https://www.rfc-editor.org/rfc/rfc7435"};
const Reference k_rfc5321_mx{"RFC 5321 §5.1 (locating the target host)",
                             "https://www.rfc-editor.org/rfc/rfc5321#section-5.1"};
const Reference k_internet_nl{"internet.nl mail test: STARTTLS available", "https://internet.nl/faqs/report/"};

facts::SmtpRequest smtp_request(const std::string& host, const std::string& address) {
    return facts::SmtpRequest{address, 25, host};
}

std::string reply_words(const facts::SmtpReply& reply) { return common::display_text(reply.text, 200); }

// One address of one MX host: its conversation as a finding.
Finding judge_address(const facts::TargetFacts& facts, const std::string& host, const std::string& address) {
    const std::string subject = mx_subject(host, address);
    const auto& observed = facts.smtp(smtp_request(host, address));
    if (!observed.ok())
        return common::probe_error_finding(k_id, subject, observed.error(), "the SMTP conversation with " + subject);
    const facts::SmtpSession& session = observed.value();
    nlohmann::json evidence{{"mx", common::evidence_text(host)},
                            {"address", address},
                            {"greeting", common::evidence_text(session.greeting.text)},
                            {"ehlo_code", session.ehlo.code},
                            {"extensions", nlohmann::json::array()}};
    for (const std::string& e : session.extensions) evidence["extensions"].push_back(common::evidence_text(e));
    const nlohmann::json params{{"host", common::display_text(host)}, {"address", address}};
    if (!session.starttls_offered) {
        evidence["ehlo"] = common::evidence_text(session.ehlo.text);
        nlohmann::json p = params;
        // 500/502 to EHLO: a server without the service extensions, so without STARTTLS.
        p["why"] = session.ehlo.code == 250
                       ? "STARTTLS is not among its EHLO extensions"
                       : "it does not speak ESMTP (EHLO answered " + reply_words(session.ehlo) + ")";
        return common::conclude(k_id, subject, "starttls-not-offered", p, evidence);
    }
    evidence["starttls_reply"] = common::evidence_text(session.starttls.text);
    if (!session.tls_attempted) {
        nlohmann::json p = params;
        p["reply"] = reply_words(session.starttls);
        return common::conclude(k_id, subject, "starttls-refused", p, evidence);
    }
    const facts::TlsHandshake& tls = session.tls;
    if (!tls.accepted) {
        evidence["failure"] = common::evidence_text(tls.failure);
        nlohmann::json p = params;
        p["failure"] = common::display_text(tls.failure);
        return common::conclude(k_id, subject, "starttls-handshake-failed", p, evidence);
    }
    evidence["tls_version"] = tls.version;
    evidence["cipher"] = tls.cipher;
    nlohmann::json p = params;
    p["version"] = tls.version;
    p["cipher"] = tls.cipher;
    return common::conclude(k_id, subject, "starttls-ok", p, evidence);
}

}  // namespace

CheckInfo starttls_info() {
    CheckInfo i;
    i.id = k_id;
    i.family = Family::mail;
    i.title = "STARTTLS on every MX";
    i.scored = true;
    i.why =
        "Mail between servers is sent over SMTP, which is plain text unless the receiving server "
        "offers STARTTLS (RFC 3207) and the sender switches to TLS. A sending server picks any "
        "of the domain's MX hosts, and any of its addresses: one address without STARTTLS, or "
        "whose TLS handshake fails, is enough for mail to the domain to cross the network "
        "readable and changeable by anyone on the path. Sending servers use TLS "
        "opportunistically (RFC 7435): they fall back to plain text rather than fail, so a "
        "broken STARTTLS goes unnoticed unless someone looks.";
    i.fix =
        "Enable STARTTLS on every MX host, on every address it listens on (IPv4 and IPv6), with "
        "a certificate for the MX host name and TLS 1.2 or 1.3. A server that answers \"454 TLS "
        "not available\" or fails the handshake usually cannot read its key or certificate file.";
    i.snippets = {{"Postfix (main.cf)",
                   "smtpd_tls_security_level = may\n"
                   "smtpd_tls_chain_files = /etc/ssl/private/mx.example.com.key,\n"
                   "                        /etc/ssl/certs/mx.example.com.fullchain.pem\n"
                   "smtpd_tls_protocols = >=TLSv1.2"},
                  {"Exim",
                   "tls_advertise_hosts = *\n"
                   "tls_certificate = /etc/ssl/certs/mx.example.com.fullchain.pem\n"
                   "tls_privatekey = /etc/ssl/private/mx.example.com.key"}};
    i.refs = {k_rfc3207, k_rfc7435, k_rfc5321_mx, k_internet_nl};
    i.facts = {"dns", "smtp"};
    i.outcomes = {
        {"starttls-ok", Status::pass, "{host} [{address}] offers STARTTLS and completes TLS ({version}, {cipher})"},
        {"starttls-not-offered", Status::fail,
         "{host} [{address}] does not offer STARTTLS: {why}; mail to it travels unencrypted"},
        {"starttls-refused", Status::fail,
         "{host} [{address}] offers STARTTLS but refuses it ({reply}): mail to it travels unencrypted"},
        {"starttls-handshake-failed", Status::fail,
         "{host} [{address}] offers STARTTLS but the TLS handshake fails ({failure}): senders fall back to plain "
         "text"},
        {"starttls-mx-no-address", Status::info,
         "{host} has no IPv4 or IPv6 address: nothing to connect to (see mail.mx)"},
        {"starttls-not-checked", Status::info,
         "{count} more MX hosts not checked (the first {limit} by preference are): {hosts}"},
        common::k_no_mail_hosts_outcome,
    };
    return i;
}

std::vector<Finding> check_starttls(const facts::TargetFacts& facts) {
    const common::MailHosts hosts = common::find_mail_hosts(facts);
    if (auto verdict = common::mail_hosts_verdict(k_id, facts, hosts)) return {*verdict};
    const MxAddresses mx = mx_addresses(facts, hosts);
    std::vector<Finding> findings;
    for (const MxLookupError& e : mx.lookup_errors) {
        const std::string subject = common::evidence_text(e.host);
        findings.push_back(
            common::probe_error_finding(k_id, subject, e.error, "the " + e.type + " lookup of " + subject));
    }
    for (const std::string& host : mx.no_address) {
        const std::string subject = common::evidence_text(host);
        findings.push_back(
            common::conclude(k_id, subject, "starttls-mx-no-address", {{"host", subject}}, {{"mx", subject}}));
    }
    // Every conversation in one round: the prober caps them per MX host.
    std::vector<facts::Request> wanted;
    for (const MxAddress& a : mx.addresses) wanted.push_back(smtp_request(a.host, a.address));
    facts.need(wanted);
    for (const MxAddress& a : mx.addresses) findings.push_back(judge_address(facts, a.host, a.address));
    if (!mx.not_checked.empty())
        findings.push_back(not_checked_finding(k_id, "starttls-not-checked", facts, mx.not_checked));
    return findings;
}

}  // namespace osescan::checks::mail
