#include "checks/mail/dane_check.hpp"

#include <algorithm>
#include <utility>
#include <variant>

#include "checks/certificate/dane_match.hpp"
#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/mx_hosts.hpp"
#include "checks/mail/mail_domain.hpp"
#include "checks/mail/starttls_check.hpp"

namespace osescan::checks::mail {

namespace {

using certificate::TlsaRecord;

constexpr const char* k_id = "mail.dane";
constexpr uint16_t k_smtp_port = 25;

const Reference k_rfc7672{"RFC 7672 (SMTP security via opportunistic DANE TLS)",
                          "https://www.rfc-editor.org/rfc/rfc7672"};
const Reference k_rfc7672_usages{"RFC 7672 §3.1 (TLSA certificate usages for SMTP)",
                                 "https://www.rfc-editor.org/rfc/rfc7672#section-3.1"};
const Reference k_rfc7671_rollover{"RFC 7671 §8.1 (TLSA publication and key rollover)",
                                   "https://www.rfc-editor.org/rfc/rfc7671#section-8.1"};
const Reference k_rfc6698{"RFC 6698 (DANE TLSA)", "https://www.rfc-editor.org/rfc/rfc6698"};
const Reference k_internet_nl{"internet.nl mail test: DANE", "https://internet.nl/faqs/report/"};

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
    return out;
}

// One MX host whose TLSA records are usable: judged once its SMTP conversations are in.
struct PendingHost {
    std::string host;
    certificate::TlsaSet set;
    std::vector<TlsaRecord> usable;
    std::vector<std::string> addresses;
    nlohmann::json evidence;
};

// What one address of the MX host serves, compared with the usable records.
struct AddressResult {
    enum class Kind { match, no_match, no_tls, unrecorded, probe_error } kind = Kind::no_match;
    nlohmann::json evidence;
    std::optional<facts::ProbeError> error;
    std::string unrecorded_subject;
    std::string matched_record;  // its meaning, on a match
};

AddressResult judge_address(const facts::TargetFacts& facts, const PendingHost& mx, const std::string& address) {
    AddressResult out;
    out.evidence = {{"address", address}};
    const auto& observed = facts.smtp(facts::SmtpRequest{address, k_smtp_port, mx.host});
    if (!observed.ok()) {
        out.kind = AddressResult::Kind::probe_error;
        out.error = observed.error();
        out.evidence["result"] = "could not tell: " + common::evidence_text(observed.error().detail);
        return out;
    }
    const facts::SmtpSession& session = observed.value();
    // RFC 7672 §2.2: with usable TLSA records TLS is mandatory; a DANE sender does not fall
    // back to plain text, it defers the mail.
    if (!session.starttls_offered || !session.tls_attempted || !session.tls.accepted || session.tls.chain.empty()) {
        out.kind = AddressResult::Kind::no_tls;
        out.evidence["result"] = !session.starttls_offered ? "STARTTLS not offered"
                                 : !session.tls_attempted  ? "STARTTLS refused"
                                 : !session.tls.accepted
                                     ? "TLS handshake failed: " + common::evidence_text(session.tls.failure)
                                     : "no certificate sent";
        return out;
    }
    const facts::TlsHandshake& tls = session.tls;
    // RFC 7672 §3.2.2: the reference identifiers of DANE-TA(2) are the MX host name (the
    // engine matched the certificate against it, the SNI it sent) and, after a secure CNAME
    // expansion, the TLSA base domain.
    const bool name_ok = tls.name_matches || (!mx.set.cname_target.empty() &&
                                              certificate::certificate_has_name(tls.chain[0], mx.set.cname_target));
    nlohmann::json records = nlohmann::json::array();
    std::optional<std::string> unrecorded;
    for (const TlsaRecord& record : mx.usable) {
        certificate::RecordMatch match = certificate::match_tlsa_record(record, tls, name_ok, facts.context().now);
        if (match.matched && out.kind != AddressResult::Kind::match) {
            out.kind = AddressResult::Kind::match;
            out.matched_record = match.evidence["meaning"].get<std::string>();
            // Kept short: the pass is the common case and every MX host of every domain has one.
            out.evidence["matched"] = out.matched_record + ", " + match.evidence["matches_role"].get<std::string>();
        }
        if (match.unrecorded_subject && !unrecorded) unrecorded = match.unrecorded_subject;
        records.push_back(std::move(match.evidence));
    }
    if (out.kind == AddressResult::Kind::match) {
        out.evidence["result"] = "match";
        return out;
    }
    // A certificate whose digests were not recorded cannot be compared: could not tell.
    out.kind = unrecorded ? AddressResult::Kind::unrecorded : AddressResult::Kind::no_match;
    if (unrecorded) out.unrecorded_subject = *unrecorded;
    out.evidence["result"] = unrecorded ? "could not tell: the certificate digests were not recorded" : "no match";
    out.evidence["records"] = std::move(records);
    out.evidence["chain"] = certificate::chain_digests(tls);
    out.evidence["name_matches"] = name_ok;
    return out;
}

std::vector<Finding> judge_host(const facts::TargetFacts& facts, PendingHost& mx) {
    const std::string subject = common::evidence_text(mx.host);
    std::vector<std::string> no_tls, no_match, matched_records;
    std::optional<AddressResult> unknown;
    nlohmann::json addresses = nlohmann::json::array();
    for (const std::string& address : mx.addresses) {
        AddressResult result = judge_address(facts, mx, address);
        using Kind = AddressResult::Kind;
        if (result.kind == Kind::no_tls) no_tls.push_back(address);
        if (result.kind == Kind::no_match) no_match.push_back(address);
        if (result.kind == Kind::match &&
            std::find(matched_records.begin(), matched_records.end(), result.matched_record) == matched_records.end())
            matched_records.push_back(result.matched_record);
        if ((result.kind == Kind::probe_error || result.kind == Kind::unrecorded) && !unknown) unknown = result;
        addresses.push_back(std::move(result.evidence));
    }
    nlohmann::json evidence = std::move(mx.evidence);
    evidence["addresses"] = std::move(addresses);
    const nlohmann::json base{{"host", common::display_text(mx.host)}, {"name", mx.set.name}};
    // A definite defect on one address outweighs an address we could not see.
    if (!no_tls.empty()) {
        nlohmann::json p = base;
        p["addresses"] = joined(no_tls);
        return {common::conclude(k_id, subject, "dane-no-starttls", p, evidence)};
    }
    if (!no_match.empty()) {
        nlohmann::json p = base;
        p["addresses"] = joined(no_match);
        p["count"] = mx.usable.size();
        return {common::conclude(k_id, subject, "dane-no-match", p, evidence)};
    }
    if (unknown) {
        if (unknown->error)
            return {common::probe_error_finding(k_id, subject, *unknown->error,
                                                "the SMTP conversation with " + subject + " [" +
                                                    unknown->evidence["address"].get<std::string>() + "]")};
        nlohmann::json p = base;
        p["address"] = unknown->evidence["address"];
        p["subject"] = common::display_text(unknown->unrecorded_subject);
        return {common::conclude(k_id, subject, "dane-certificate-not-recorded", p, evidence)};
    }
    nlohmann::json p = base;
    p["count"] = mx.addresses.size();
    p["records"] = joined(matched_records);
    std::vector<Finding> out{common::conclude(k_id, subject, "dane-valid", p, evidence)};
    // RFC 7671 §8.1: a key or CA change with a single TLSA record breaks delivery until the
    // new record is published and cached; two records (the next key's, or the issuer's
    // "2 1 1" beside "3 1 1") let the certificate change without an outage.
    if (mx.usable.size() < 2)
        out.push_back(
            common::conclude(k_id, subject, "dane-no-rollover", base, {{"mx", subject}, {"tlsa_name", mx.set.name}}));
    return out;
}

// The TLSA set of one MX host: a finished finding, or the host to judge on its chains.
std::variant<Finding, PendingHost> judge_tlsa(const facts::TargetFacts& facts, const std::string& host) {
    const std::string subject = common::evidence_text(host);
    PendingHost mx{host, certificate::find_tlsa(facts, host, k_smtp_port), {}, {}, {}};
    const certificate::TlsaSet& set = mx.set;
    nlohmann::json evidence{{"mx", subject}, {"tlsa_name", set.name}};
    if (!set.cname_target.empty()) evidence["cname_target"] = set.cname_target;
    const nlohmann::json base{{"host", common::display_text(host)}, {"name", set.name}};
    // RFC 7672 §2.1.1: a bogus TLSA answer makes a DANE sender treat the MX host as unusable
    // and defer the mail (the attacker may be hiding the records): the domain's mail is
    // held, a defect its owner must fix, not a question we could not answer.
    if (set.bogus) {
        evidence["why_bogus"] = common::evidence_text(set.problem->detail);
        nlohmann::json p = base;
        p["why"] = common::display_text(set.problem->detail, 200);
        return common::conclude(k_id, subject, "dane-tlsa-bogus", p, evidence);
    }
    if (set.problem) return common::probe_error_finding(k_id, subject, *set.problem, "the TLSA lookup of " + set.name);
    const std::vector<const facts::DnsRecord*> found = set.answer->records("TLSA");
    evidence["dnssec"] = set.answer->security;
    if (found.empty()) return common::conclude(k_id, subject, "dane-no-tlsa", base, evidence);
    evidence["tlsa_records"] = certificate::tlsa_record_texts(found);
    if (found.size() > certificate::k_max_tlsa_records) evidence["records_cut_to"] = certificate::k_max_tlsa_records;
    // RFC 7672 §2.2: TLSA records that are not DNSSEC-secure are not used: anyone on the
    // path could have forged them, so they protect nothing.
    if (set.answer->security != "secure") {
        nlohmann::json p = base;
        p["security"] = set.answer->security;
        return common::conclude(k_id, subject, "dane-tlsa-not-secure", p, evidence);
    }
    certificate::TlsaRecords records = certificate::usable_tlsa(found, true);
    if (!records.unusable.empty()) evidence["unusable"] = records.unusable;
    if (records.usable.empty()) {
        nlohmann::json p = base;
        p["count"] = found.size();
        return common::conclude(k_id, subject, "dane-no-usable-tlsa", p, evidence);
    }
    mx.usable = std::move(records.usable);
    mx.evidence = std::move(evidence);
    return mx;
}

}  // namespace

CheckInfo dane_info() {
    CheckInfo i;
    i.id = k_id;
    i.family = Family::mail;
    i.title = "DANE for the MX hosts (TLSA)";
    i.scored = true;
    i.why =
        "SMTP between mail servers uses STARTTLS opportunistically: without more, a sender "
        "accepts any certificate, and an attacker on the path can strip STARTTLS or present "
        "its own. DANE (RFC 7672) lets the receiving domain publish, in DNSSEC-signed TLSA "
        "records at _25._tcp.<mx host>, which key or CA each MX host uses; a sender that "
        "supports DANE (Postfix, Exim, many large providers) then insists on TLS and delivers "
        "only to a server that proves it holds that key. A TLSA record that no longer matches "
        "(the certificate was renewed with a new key and the record was not updated), an "
        "unsigned or bogus TLSA answer, or an MX host without TLS makes such senders hold the "
        "domain's mail instead of delivering it. Only the usages DANE-TA(2) and DANE-EE(3) are "
        "used for SMTP.";
    i.fix =
        "Publish TLSA records at _25._tcp.<mx host> for every MX host, in a DNSSEC-signed zone: "
        "\"3 1 1\" (the SHA-256 of the server's public key) and, as a rollover scheme, \"2 1 1\" "
        "(the SHA-256 of the issuing CA's public key) or a \"3 1 1\" of the next key. Before the "
        "server's key changes, publish the new record beside the old one and wait for at least "
        "two TTLs; remove the old record only after the switch. Every address of every MX host "
        "must serve a matching chain over STARTTLS, with the intermediate certificates when "
        "\"2 x x\" is used. Sending with DANE is a different setting (Postfix: "
        "smtp_dns_support_level = dnssec and smtp_tls_security_level = dane): it protects your "
        "outgoing mail, not what this check looks at.";
    i.snippets = {{"DNS zone",
                   "_25._tcp.mx1.example.com. 3600 IN TLSA 3 1 1 <sha256 of the server's SubjectPublicKeyInfo>\n"
                   "_25._tcp.mx1.example.com. 3600 IN TLSA 2 1 1 <sha256 of the issuing CA's SubjectPublicKeyInfo>"},
                  {"openssl (the digest of a certificate's public key)",
                   "openssl x509 -in cert.pem -noout -pubkey | openssl pkey -pubin -outform DER |\n"
                   "  openssl dgst -sha256 -hex"},
                  {"ldns-dane / hash-slinger (the records from the certificate file)",
                   "ldns-dane -c cert.pem create mx1.example.com 25 3 1 1\n"
                   "tlsa --create --port 25 --usage 3 --selector 1 --mtype 1 --certificate cert.pem mx1.example.com"},
                  {"Postfix (main.cf, for your outgoing mail)",
                   "smtp_dns_support_level = dnssec\nsmtp_tls_security_level = dane"}};
    i.refs = {k_rfc7672, k_rfc7672_usages, k_rfc7671_rollover, k_rfc6698, k_internet_nl};
    i.facts = {"dns", "dnssec", "smtp"};
    // DANE senders hold or refuse the mail on a bogus lookup, a chain matching no record or no
    // STARTTLS (RFC 7672 §2.1.1, §2.2): blocking. Unsigned or only unusable records are
    // ignored or mean unauthenticated TLS (§2.2): not.
    i.outcomes = {
        {"dane-valid", Status::pass,
         "{host}: TLSA at {name} ({records}) matches the chain all {count} address(es) serve over STARTTLS"},
        {"dane-no-tlsa", Status::warn, "{host}: no TLSA records at {name} (DANE not used for this MX host)",
         "Publish TLSA records (\"3 1 1\" and \"2 1 1\") at _25._tcp.<mx host> in a DNSSEC-signed zone."},
        {"dane-tlsa-not-secure", Status::fail,
         "{host}: the TLSA records at {name} are not DNSSEC-signed ({security}): senders must ignore them",
         "Sign the zone of the MX host with DNSSEC (with a DS record at the parent)."},
        blocking(
            {"dane-tlsa-bogus", Status::fail,
             "{host}: the TLSA lookup at {name} fails DNSSEC validation ({why}): DANE senders hold mail for this MX "
             "host (RFC 7672 §2.1.1)",
             "Fix the zone's signatures (re-sign it, check the DS at the parent and the NSEC/NSEC3 chain)."}),
        {"dane-no-usable-tlsa", Status::fail,
         "{host}: none of the {count} TLSA record(s) at {name} is usable for SMTP (only DANE-TA(2) and DANE-EE(3) "
         "are, with a known selector and matching type)",
         "Replace them with \"3 1 1\" and \"2 1 1\" records (RFC 7672 §3.1)."},
        blocking(
            {"dane-no-match", Status::fail,
             "{host}: {addresses} serve(s) a chain that matches none of the {count} usable TLSA record(s) at {name}: "
             "DANE senders will not deliver there",
             "Publish TLSA records for the key the server now uses (the evidence has each served key's SHA-256), or "
             "serve the certificate the records describe."}),
        blocking(
            {"dane-no-starttls", Status::fail,
             "{host}: {addresses} offer(s) no working STARTTLS although {name} has TLSA records: DANE senders will not "
             "deliver there",
             "Enable STARTTLS with the certificate the TLSA records describe on every address of the MX host."}),
        {"dane-certificate-not-recorded", Status::error,
         "Could not tell for {host}: the certificate {subject} served by {address} was not recorded with its "
         "digests, so the TLSA records at {name} cannot be compared with it"},
        {"dane-no-rollover", Status::info,
         "{host}: only one usable TLSA record at {name}: no rollover scheme (e.g. \"3 1 1\" + \"2 1 1\", or the "
         "next key's \"3 1 1\"), so the next key change breaks delivery until the record is updated",
         "Publish a second record: \"2 1 1\" of the issuing CA, or \"3 1 1\" of the next key (RFC 7671 §8.1)."},
        {"dane-mx-no-address", Status::info, "{host} has no IPv4 or IPv6 address: nothing to compare (see mail.mx)"},
        {"dane-not-checked", Status::info,
         "{count} more MX hosts not checked (the first {limit} by preference are): {hosts}"},
        common::k_no_mail_hosts_outcome,
    };
    return i;
}

std::vector<Finding> check_dane(const facts::TargetFacts& facts) {
    const common::MailHosts hosts = common::find_mail_hosts(facts);
    if (auto verdict = common::mail_hosts_verdict(k_id, facts, hosts)) return {*verdict};
    const size_t checked = std::min(hosts.names.size(), k_max_smtp_mx_hosts);

    std::vector<facts::Request> wanted;
    for (size_t i = 0; i < checked; ++i) {
        for (facts::Request& r : certificate::tlsa_requests(hosts.names[i], k_smtp_port)) wanted.push_back(r);
        wanted.push_back(dns_request(hosts.names[i], "A"));
        wanted.push_back(dns_request(hosts.names[i], "AAAA"));
    }
    facts.need(wanted);

    std::vector<Finding> findings;
    std::vector<PendingHost> pending;
    for (size_t i = 0; i < checked; ++i) {
        const std::string& host = hosts.names[i];
        auto tlsa = judge_tlsa(facts, host);
        if (auto* done = std::get_if<Finding>(&tlsa)) {
            findings.push_back(std::move(*done));
            continue;
        }
        PendingHost mx = std::move(std::get<PendingHost>(tlsa));
        const std::string subject = common::evidence_text(host);
        bool lookup_failed = false;
        for (const char* type : {"A", "AAAA"}) {
            const auto answer = lookup(facts, host, type);
            if (!answer.ok()) {
                findings.push_back(common::probe_error_finding(k_id, subject, answer.error(),
                                                               std::string("the ") + type + " lookup of " + subject));
                lookup_failed = true;
                break;
            }
            for (const facts::DnsRecord* r : answer.value().records(type)) mx.addresses.push_back(r->data);
        }
        if (lookup_failed) continue;
        if (mx.addresses.empty()) {
            findings.push_back(
                common::conclude(k_id, subject, "dane-mx-no-address", {{"host", subject}}, {{"mx", subject}}));
            continue;
        }
        pending.push_back(std::move(mx));
    }
    // The conversations mail.starttls has (same requests): one round, capped per MX host.
    wanted.clear();
    for (const PendingHost& mx : pending)
        for (const std::string& address : mx.addresses)
            wanted.push_back(facts::SmtpRequest{address, k_smtp_port, mx.host});
    facts.need(wanted);
    for (PendingHost& mx : pending)
        for (Finding& f : judge_host(facts, mx)) findings.push_back(std::move(f));

    if (hosts.names.size() > checked) {
        nlohmann::json rest = nlohmann::json::array();
        std::vector<std::string> names;
        for (size_t i = checked; i < hosts.names.size(); ++i) {
            rest.push_back(common::evidence_text(hosts.names[i]));
            names.push_back(hosts.names[i]);
        }
        findings.push_back(common::conclude(k_id, lower_name(facts.target().host), "dane-not-checked",
                                            {{"count", std::to_string(hosts.names.size() - checked)},
                                             {"limit", std::to_string(k_max_smtp_mx_hosts)},
                                             {"hosts", common::display_text(joined(names), 200)}},
                                            {{"not_checked", rest}}));
    }
    return findings;
}

}  // namespace osescan::checks::mail
