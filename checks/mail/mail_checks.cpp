// The mail family: how a receiving mail system would judge the domain's mail
// authentication (SPF, DMARC, DKIM) and its MX set.
#include "checks/check.hpp"
#include "checks/mail/spf_check.hpp"

namespace osescan::checks::mail {

namespace {

const Reference k_rfc7208{"RFC 7208 (SPF)", "https://www.rfc-editor.org/rfc/rfc7208"};
const Reference k_rfc7208_limits{"RFC 7208 §4.6.4 (DNS lookup limits)",
                                 "https://www.rfc-editor.org/rfc/rfc7208#section-4.6.4"};
const Reference k_rfc7505{"RFC 7505 (null MX)", "https://www.rfc-editor.org/rfc/rfc7505"};
const Reference k_m3aawg{"M3AAWG Email Authentication Recommended Best Practices",
                         "https://www.m3aawg.org/sites/default/files/m3aawg-email-authentication-recommended-best-practices-09-2020.pdf"};

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

}  // namespace

const std::vector<Check>& checks() {
    static const std::vector<Check> list{
        {spf_info(), check_spf},
    };
    return list;
}

}  // namespace osescan::checks::mail
