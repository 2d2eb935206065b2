// The mail family: how a receiving mail system would judge the domain's mail
// authentication (SPF, DMARC, DKIM) and its MX set.
#include "checks/check.hpp"
#include "checks/mail/dkim_check.hpp"
#include "checks/mail/dmarc_check.hpp"
#include "checks/mail/mx_check.hpp"
#include "checks/mail/spf_check.hpp"

namespace osescan::checks::mail {

namespace {

const Reference k_rfc7208{"RFC 7208 (SPF)", "https://www.rfc-editor.org/rfc/rfc7208"};
const Reference k_rfc7208_limits{"RFC 7208 §4.6.4 (DNS lookup limits)",
                                 "https://www.rfc-editor.org/rfc/rfc7208#section-4.6.4"};
const Reference k_rfc7505{"RFC 7505 (null MX)", "https://www.rfc-editor.org/rfc/rfc7505"};
const Reference k_m3aawg{"M3AAWG Email Authentication Recommended Best Practices",
                         "https://www.m3aawg.org/sites/default/files/m3aawg-email-authentication-recommended-best-practices-09-2020.pdf"};

const Reference k_rfc7489{"RFC 7489 (DMARC)", "https://www.rfc-editor.org/rfc/rfc7489"};
const Reference k_rfc7489_discovery{"RFC 7489 §6.6.3 (policy discovery)",
                                    "https://www.rfc-editor.org/rfc/rfc7489#section-6.6.3"};
const Reference k_rfc7489_external{"RFC 7489 §7.1 (external report destinations)",
                                   "https://www.rfc-editor.org/rfc/rfc7489#section-7.1"};

CheckInfo dmarc_info() {
    CheckInfo i;
    i.id = "mail.dmarc";
    i.family = Family::mail;
    i.title = "DMARC policy";
    i.scored = true;
    i.why =
        "DMARC (RFC 7489) tells receivers what to do with mail that claims to come from the "
        "domain but fails SPF and DKIM alignment. Without a DMARC policy of quarantine or "
        "reject, anyone can send mail with the domain in the From: line and receivers will "
        "deliver it; p=none only collects reports.";
    i.fix =
        "Publish one TXT record at _dmarc.<domain> starting with \"v=DMARC1\", with rua= "
        "for aggregate reports. Start with p=none while you check the reports, then move to "
        "p=quarantine and p=reject (pct=100). Report addresses in another organization must "
        "publish an authorization record. A domain without mail uses p=reject.";
    i.snippets = {{"DNS zone", "_dmarc.example.com.  IN TXT \"v=DMARC1; p=reject; rua=mailto:dmarc@example.com\""},
                  {"DNS zone (report receiver)", "example.com._report._dmarc.reports.example.net.  IN TXT \"v=DMARC1\""}};
    i.refs = {k_rfc7489, k_rfc7489_discovery, k_rfc7489_external, k_rfc7505, k_m3aawg};
    i.facts = {"dns"};
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
    return i;
}

}  // namespace

const std::vector<Check>& checks() {
    static const std::vector<Check> list{
        {mx_info(), check_mx},
        {dmarc_info(), check_dmarc},
        {spf_info(), check_spf},
        {dkim_info(), check_dkim},
    };
    return list;
}

}  // namespace osescan::checks::mail
