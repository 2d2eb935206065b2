// The mail family: how a receiving mail system would judge the domain's mail
// authentication (SPF, DMARC, DKIM) and its MX set.
#include "checks/check.hpp"
#include "checks/mail/dane_check.hpp"
#include "checks/mail/dkim_check.hpp"
#include "checks/mail/dmarc_check.hpp"
#include "checks/mail/mail_tls_checks.hpp"
#include "checks/mail/mta_sts_check.hpp"
#include "checks/mail/mx_check.hpp"
#include "checks/mail/spf_check.hpp"
#include "checks/mail/starttls_check.hpp"
#include "checks/mail/tls_rpt_check.hpp"

namespace osescan::checks::mail {

namespace {

const Reference k_rfc7208{"RFC 7208 (SPF)", "https://www.rfc-editor.org/rfc/rfc7208"};
const Reference k_rfc7208_limits{"RFC 7208 §4.6.4 (DNS lookup limits)",
                                 "https://www.rfc-editor.org/rfc/rfc7208#section-4.6.4"};
const Reference k_rfc7505{"RFC 7505 (null MX)", "https://www.rfc-editor.org/rfc/rfc7505"};
const Reference k_m3aawg{"M3AAWG Email Authentication Recommended Best Practices",
                         "https://www.m3aawg.org/sites/default/files/m3aawg-email-authentication-recommended-best-practices-09-2020.pdf"};

const Reference k_rfc9989{"RFC 9989 (DMARC)", "https://www.rfc-editor.org/rfc/rfc9989"};
const Reference k_rfc9989_tags{"RFC 9989 §4.7 (policy record tags)", "https://www.rfc-editor.org/rfc/rfc9989#section-4.7"};
const Reference k_rfc9989_walk{"RFC 9989 §4.10 (DNS tree walk and policy discovery)",
                               "https://www.rfc-editor.org/rfc/rfc9989#section-4.10"};
const Reference k_rfc7489_external{"RFC 7489 §7.1 (external report destinations)",
                                   "https://www.rfc-editor.org/rfc/rfc7489#section-7.1"};

CheckInfo dmarc_info() {
    CheckInfo i;
    i.id = "mail.dmarc";
    i.family = Family::mail;
    i.title = "DMARC policy";
    i.scored = true;
    i.why =
        "DMARC (RFC 9989, which obsoletes RFC 7489) tells receivers what to do with mail that "
        "claims to come from the domain but fails SPF and DKIM alignment. Without a DMARC "
        "policy of quarantine or reject, anyone can send mail with the domain in the From: "
        "line and receivers will deliver it; p=none only collects reports, and t=y (test mode) "
        "asks receivers to apply one level less. Receivers find the record at "
        "_dmarc.<domain>, else by walking up the DNS tree to the organizational domain. A "
        "record with a missing or invalid p=, sp= or np= is treated as p=none, or ignored.";
    i.fix =
        "Publish one TXT record at _dmarc.<domain> starting with \"v=DMARC1\", with rua= "
        "for aggregate reports. Start with p=none while you check the reports, then move to "
        "p=quarantine and p=reject without t=y. Use only the values RFC 9989 defines (np= for "
        "non-existent subdomains, psd=n where your organization's tree starts); drop the "
        "retired pct=, rf= and ri= tags. Report addresses in another organization must "
        "publish an authorization record. A domain without mail uses p=reject.";
    i.snippets = {{"DNS zone", "_dmarc.example.com.  IN TXT \"v=DMARC1; p=reject; np=reject; rua=mailto:dmarc@example.com\""},
                  {"DNS zone (report receiver)", "example.com._report._dmarc.reports.example.net.  IN TXT \"v=DMARC1\""}};
    i.refs = {k_rfc9989, k_rfc9989_tags, k_rfc9989_walk, k_rfc7489_external, k_rfc7505, k_m3aawg};
    i.facts = {"dns"};
    i.outcomes = {
        {"dmarc-enforced", Status::pass, "DMARC p={policy} at _dmarc.{record_domain}"},
        {"dmarc-null-mx-reject", Status::pass,
         "Null MX and DMARC p=reject: mail claiming to be from the domain is rejected"},
        {"dmarc-policy-none", Status::warn, "DMARC p=none only monitors: forged mail is still delivered"},
        {"dmarc-test-mode", Status::warn,
         "DMARC p={policy} with t=y (test mode): RFC 9989 receivers apply only {applied} to failing mail"},
        {"dmarc-pct-partial", Status::warn,
         "DMARC pct={pct} (retired by RFC 9989): receivers that still honour it apply p={policy} to only {pct}% "
         "of failing mail; use t=y to test instead"},
        {"dmarc-values-discarded", Status::warn,
         "DMARC tag values receivers discard, keeping the defaults (RFC 9989 §4.7): {details}"},
        {"dmarc-report-uri-invalid", Status::warn, "DMARC report URIs receivers ignore (RFC 9989 §4.7): {details}"},
        {"dmarc-report-unauthorised", Status::warn,
         "Report destination {destination} has not authorised reports for {record_domain} (RFC 7489 §7.1)"},
        {"dmarc-policy-as-none", Status::warn,
         "DMARC record at _dmarc.{record_domain}: {problem}; RFC 9989 receivers act as if p=none (§4.10.1)"},
        {"dmarc-missing", Status::fail, "No DMARC record at _dmarc.{domain}{or_org}"},
        {"dmarc-multiple", Status::fail,
         "{count} DMARC records at _dmarc.{record_domain}: receivers discard them all (RFC 9989 §4.10)"},
        {"dmarc-syntax-error", Status::fail, "DMARC syntax error at offset {position}: {error}"},
        {"dmarc-policy-unusable", Status::fail,
         "DMARC record at _dmarc.{record_domain}: {problem}; with no valid rua= either, RFC 9989 receivers "
         "apply no DMARC policy (§4.10.1)"},
        {"dmarc-null-mx-not-reject", Status::fail,
         "The domain has a null MX (no mail) but its DMARC policy is p={policy}, not p=reject"},
    };
    return i;
}

const Reference k_rfc5321{"RFC 5321 §5.1 (locating the target host)", "https://www.rfc-editor.org/rfc/rfc5321#section-5.1"};
const Reference k_rfc2181{"RFC 2181 §10.3 (MX must not point to an alias)", "https://www.rfc-editor.org/rfc/rfc2181#section-10.3"};

CheckInfo mx_info() {
    CheckInfo i;
    i.id = "mail.mx";
    i.family = Family::mail;
    i.title = "Mail servers (MX)";
    i.scored = false;
    i.why =
        "The MX records tell other mail servers where to deliver the domain's mail. Each MX "
        "host must resolve to addresses; an MX that is an IP address or an alias (CNAME) is "
        "not allowed and some senders refuse it. A domain that receives no mail says so with "
        "a null MX (RFC 7505) instead of having none.";
    i.fix =
        "List your mail servers by host name, each with A and/or AAAA records and no CNAME. "
        "If the domain receives no mail, publish a single null MX \"0 .\" together with "
        "\"v=spf1 -all\" and DMARC p=reject.";
    i.snippets = {{"DNS zone", "example.com.  IN MX 10 mx1.example.com.\nmx1.example.com.  IN A 198.51.100.25"},
                  {"DNS zone (no mail)", "example.com.  IN MX 0 ."}};
    i.refs = {k_rfc5321, k_rfc7505, k_rfc2181};
    i.facts = {"dns"};
    i.outcomes = {
        {"mx-resolves", Status::pass, "MX {preference} {host} resolves to {count} address(es)"},
        {"mx-null", Status::pass, "Null MX (RFC 7505): the domain declares that it accepts no mail"},
        {"mx-implicit", Status::info,
         "No MX records: senders deliver to the domain's own A/AAAA addresses (implicit MX, RFC 5321 §5.1)"},
        {"mx-nxdomain", Status::info, "{domain} does not exist (NXDOMAIN)"},
        {"mx-null-mixed", Status::warn,
         "A \".\" MX next to other MX records: a null MX must be the only one (RFC 7505 §3)"},
        {"mx-ip-literal", Status::warn, "MX {host} is an IP address, not a host name (RFC 5321 §5.1)"},
        {"mx-cname", Status::warn, "MX {host} is an alias (CNAME); MX must name a host directly (RFC 2181 §10.3)"},
        {"mx-unresolvable", Status::fail, "MX {host} has no A or AAAA address: mail cannot be delivered to it"},
    };
    return i;
}

CheckInfo spf_info() {
    CheckInfo i;
    i.id = "mail.spf";
    i.family = Family::mail;
    i.title = "SPF policy";
    i.scored = true;
    i.why =
        "SPF (RFC 7208) lets the domain list the servers allowed to send its mail; receivers "
        "check the envelope sender against it and DMARC builds on the result. A missing, "
        "duplicated or broken record, one that needs more than 10 DNS lookups, or one that "
        "ends in \"+all\"/\"?all\" gives forged mail the same standing as real mail.";
    i.fix =
        "Publish exactly one TXT record starting with \"v=spf1\" at the domain, listing your "
        "outgoing servers (ip4:, ip6:, include: of your mail provider) and ending in \"-all\" "
        "(or \"~all\" while testing). Keep the lookups (include, a, mx, exists, redirect) at "
        "10 or fewer, avoid \"ptr\" and very wide ranges. A domain that sends no mail "
        "publishes \"v=spf1 -all\".";
    i.snippets = {{"DNS zone", "example.com.  IN TXT \"v=spf1 ip4:198.51.100.25 include:_spf.mailprovider.example -all\""},
                  {"DNS zone (no mail)", "example.com.  IN TXT \"v=spf1 -all\""}};
    i.refs = {k_rfc7208, k_rfc7208_limits, k_rfc7505, k_m3aawg};
    i.facts = {"dns"};
    // The problems found walking the policy (include/redirect) read "{detail}{more}": the
    // worst one's own words, and " (and N more)" when there are others.
    i.outcomes = {
        {"spf-hardfail", Status::pass, "SPF policy valid, {lookups} lookups, ends in \"-all\""},
        {"spf-softfail", Status::pass,
         "SPF ends in \"~all\" (soft fail); with DMARC enforcing this is fine, \"-all\" is stricter"},
        {"spf-null-mx-reject", Status::pass, "Null MX and \"v=spf1 -all\": the domain consistently sends no mail"},
        {"spf-missing", Status::fail, "No SPF record{detail}"},
        {"spf-multiple", Status::fail, "{count} SPF records: receivers treat this as a permanent error (RFC 7208 §4.5)"},
        {"spf-syntax-error", Status::fail, "SPF syntax error at offset {position}: {error}"},
        {"spf-null-mx-not-reject", Status::fail,
         "The domain has a null MX (no mail) but its SPF record is not \"v=spf1 -all\""},
        {"spf-ptr", Status::warn, "{detail}{more}"},
        {"spf-void-lookups", Status::warn, "{detail}{more}"},
        {"spf-too-many-lookups", Status::fail, "{detail}{more}"},
        {"spf-mx-too-many-names", Status::fail, "{detail}{more}"},
        {"spf-loop", Status::fail, "{detail}{more}"},
        {"spf-include-without-record", Status::fail, "{detail}{more}"},
        {"spf-redirect-without-record", Status::fail, "{detail}{more}"},
        {"spf-include-multiple", Status::fail, "{detail}{more}"},
        {"spf-redirect-multiple", Status::fail, "{detail}{more}"},
        {"spf-include-syntax-error", Status::fail, "{detail}{more}"},
        {"spf-redirect-syntax-error", Status::fail, "{detail}{more}"},
        {"spf-authorises-everything", Status::fail, "{detail}{more}"},
        {"spf-no-all", Status::fail, "{detail}{more}"},
        {"spf-plus-all", Status::fail, "{detail}{more}"},
        {"spf-neutral-all", Status::fail, "{detail}{more}"},
    };
    return i;
}

const Reference k_rfc6376{"RFC 6376 §3.6.1 (DKIM key records)", "https://www.rfc-editor.org/rfc/rfc6376#section-3.6.1"};
const Reference k_rfc8301{"RFC 8301 (DKIM cryptographic algorithm update)", "https://www.rfc-editor.org/rfc/rfc8301"};
const Reference k_rfc8463{"RFC 8463 (Ed25519 for DKIM)", "https://www.rfc-editor.org/rfc/rfc8463"};
const Reference k_rfc8020{"RFC 8020 (NXDOMAIN: there really is nothing underneath)", "https://www.rfc-editor.org/rfc/rfc8020"};

CheckInfo dkim_info() {
    CheckInfo i;
    i.id = "mail.dkim";
    i.family = Family::mail;
    i.title = "DKIM keys";
    i.scored = false;
    i.why =
        "DKIM (RFC 6376) signs outgoing mail so receivers can verify it really comes from the "
        "domain and was not altered; DMARC relies on it. Keys are published under "
        "<selector>._domainkey; short RSA keys (under 2048 bits) can be factored or are "
        "rejected by receivers, and a broken record makes every signature fail.";
    i.fix =
        "Publish each signing key as a TXT record \"v=DKIM1; k=rsa; p=<base64 key>\" with a "
        "2048-bit RSA key (or k=ed25519 alongside it), rotate keys regularly and revoke old "
        "ones with an empty p=. A domain that sends no mail can publish a revoked wildcard key.";
    i.snippets = {{"DNS zone", "sel1._domainkey.example.com.  IN TXT \"v=DKIM1; k=rsa; p=MIIBIjANBgkqh...\""},
                  {"DNS zone (no mail)", "*._domainkey.example.com.  IN TXT \"v=DKIM1; p=\""}};
    i.refs = {k_rfc6376, k_rfc8301, k_rfc8463, k_rfc8020, k_m3aawg};
    i.facts = {"dns"};
    i.outcomes = {
        {"dkim-keys-published", Status::pass,
         "{name} exists: the zone has names below it, most likely DKIM keys (selectors cannot be listed; "
         "--dkim-selector checks each key)"},
        {"dkim-no-keys", Status::warn,
         "{name} does not exist (NXDOMAIN): the domain publishes no DKIM keys (RFC 8020), so receivers cannot "
         "verify DKIM signatures of its mail"},
        {"dkim-no-keys-expected", Status::info,
         "{name} does not exist (NXDOMAIN): the domain publishes no DKIM keys (RFC 8020)"},
        {"dkim-null-mx-revoked-wildcard", Status::pass,
         "Null MX with a revoked wildcard DKIM key (\"v=DKIM1; p=\"): no signature of the domain can verify"},
        {"dkim-null-mx-no-wildcard", Status::info,
         "Null MX domain without a revoked wildcard key at {wildcard} (\"v=DKIM1; p=\" is the recommended no-mail "
         "setup)"},
        {"dkim-selector-missing", Status::fail, "No DKIM key record for selector {selector}"},
        {"dkim-multiple", Status::fail, "{count} key records for one selector: verification is unpredictable"},
        {"dkim-syntax-error", Status::fail, "DKIM key record syntax error at offset {position}: {error}"},
        {"dkim-revoked", Status::info, "Empty p=: this key is revoked (RFC 6376 §3.6.1)"},
        {"dkim-key-invalid", Status::fail, "{key_problem}"},
        {"dkim-rsa-strong", Status::pass, "RSA {bits}-bit DKIM key"},
        {"dkim-rsa-short", Status::warn, "RSA {bits}-bit DKIM key: use 2048 bits (RFC 8301 §3.2, M3AAWG)"},
        {"dkim-rsa-weak", Status::fail,
         "RSA {bits}-bit DKIM key: below 1024 bits verifiers must not accept it (RFC 8301 §3.2)"},
        {"dkim-ed25519", Status::pass, "Ed25519 DKIM key (RFC 8463)"},
        {"dkim-unknown-key-type", Status::fail, "Unknown key type k={k}: verifiers ignore this key"},
    };
    return i;
}

}  // namespace

const std::vector<Check>& checks() {
    static const std::vector<Check> list = [] {
        std::vector<Check> all{
            {mx_info(), check_mx},     {dmarc_info(), check_dmarc},     {spf_info(), check_spf},
            {dkim_info(), check_dkim}, {tls_rpt_info(), check_tls_rpt}, {starttls_info(), check_starttls},
        };
        // The TLS of every MX right after STARTTLS on it.
        all.insert(all.end(), mail_tls_checks().begin(), mail_tls_checks().end());
        all.push_back({mta_sts_info(), check_mta_sts});
        all.push_back({dane_info(), check_dane});
        return all;
    }();
    return list;
}

}  // namespace osescan::checks::mail
