// The dnssec family: the four zone verdicts (zone_verdicts.hpp) applied to the zone of
// the target host. The mail family applies the same verdicts to the MX hosts' zones.
#include "checks/check.hpp"
#include "checks/common/dns_zone.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/site_names.hpp"
#include "checks/dnssec/mx_zones.hpp"
#include "checks/dnssec/zone_verdicts.hpp"

namespace osescan::checks::dnssec {

namespace {

using ZoneVerdict = Finding (*)(const facts::TargetFacts& facts, const ZoneSubject& subject);

// The thin wrapper: find the zone of the target host (SOA through the validator), then
// judge that zone, with the host and its www name as the names whose answers matter.
std::vector<Finding> for_domain_zone(const facts::TargetFacts& facts, std::string_view id, ZoneVerdict verdict) {
    const std::string& host = facts.target().host;
    const common::ZoneOf zone = common::find_zone(facts, host);
    if (zone.problem)
        return {common::probe_error_finding(std::string(id), host, *zone.problem, "finding the DNS zone of " + host)};
    // A name that does not exist has no zone of its own to judge: the zone its NXDOMAIN
    // came from (a TLD, say) is somebody else's.
    const auto& soa = facts.dns(common::validated(common::normalise_dns_name(host), "SOA"));
    if (soa.ok() && soa.value().nxdomain())
        return {common::conclude(id, host, "no-such-domain", {{"host", host}},
                                 nlohmann::json{{"enclosing_zone", zone.zone}})};
    return {verdict(facts, ZoneSubject{std::string(id), zone.zone, common::site_names(facts.target())})};
}

std::vector<Finding> check_signed(const facts::TargetFacts& f) { return for_domain_zone(f, "dnssec.signed", judge_signed); }
std::vector<Finding> check_valid(const facts::TargetFacts& f) { return for_domain_zone(f, "dnssec.valid", judge_valid); }
std::vector<Finding> check_algorithms(const facts::TargetFacts& f) {
    return for_domain_zone(f, "dnssec.algorithms", judge_algorithms);
}
std::vector<Finding> check_nsec3(const facts::TargetFacts& f) { return for_domain_zone(f, "dnssec.nsec3", judge_nsec3); }

// The domain checks conclude their zone verdict's outcomes, or that the domain does not exist.
std::vector<Outcome> domain_outcomes(const std::vector<Outcome>& verdict) {
    return join_outcomes(
        {verdict, {{"no-such-domain", Status::error, "Could not tell: {host} does not exist (NXDOMAIN)"}}});
}

const Reference k_rfc4033{"RFC 4033 (DNSSEC introduction)", "https://www.rfc-editor.org/rfc/rfc4033"};
const Reference k_rfc4034{"RFC 4034 (DNSSEC records)", "https://www.rfc-editor.org/rfc/rfc4034"};
const Reference k_rfc4035_5{"RFC 4035 §5 (authenticating DNS responses)",
                            "https://www.rfc-editor.org/rfc/rfc4035#section-5"};
const Reference k_rfc4035_3{"RFC 4035 §3.1.3 (denial of existence)",
                            "https://www.rfc-editor.org/rfc/rfc4035#section-3.1.3"};
const Reference k_rfc6781{"RFC 6781 (DNSSEC operational practices, key rollovers)",
                          "https://www.rfc-editor.org/rfc/rfc6781"};
const Reference k_rfc7344{"RFC 7344 (CDS/CDNSKEY: automating DS maintenance)", "https://www.rfc-editor.org/rfc/rfc7344"};
const Reference k_rfc8624_31{"RFC 8624 §3.1 (DNSKEY algorithms)", "https://www.rfc-editor.org/rfc/rfc8624#section-3.1"};
const Reference k_rfc8624_33{"RFC 8624 §3.3 (DS digest algorithms)", "https://www.rfc-editor.org/rfc/rfc8624#section-3.3"};
const Reference k_rfc5155{"RFC 5155 (NSEC3)", "https://www.rfc-editor.org/rfc/rfc5155"};
const Reference k_rfc9276{"RFC 9276 §3 (NSEC3 parameter guidance)", "https://www.rfc-editor.org/rfc/rfc9276#section-3"};
const Reference k_internet_nl{"internet.nl: DNSSEC explained", "https://internet.nl/faqs/dnssec/"};
const Reference k_dnsviz{"DNSViz (visual DNSSEC analysis)", "https://dnsviz.net/"};

const Check& signed_check() {
    static const Check check{
        CheckInfo{
            .id = "dnssec.signed",
            .family = Family::dnssec,
            .title = "Domain signed with DNSSEC",
            .scored = true,
            .needs_name = true,
            .why = "DNSSEC lets resolvers verify that DNS answers really come from the domain's owner and "
                   "were not altered on the way. Without it, anyone who can inject or spoof DNS responses "
                   "(cache poisoning, a hostile network) can send visitors and mail to servers of their "
                   "choosing. A zone is protected only when it is signed AND its parent publishes a DS "
                   "record that links its keys to the chain of trust from the root.",
            .fix = "Switch on DNSSEC signing at your DNS host (most offer it as one setting), then publish "
                   "the DS record it shows you at your registrar, or let the registrar pick it up "
                   "automatically from CDS/CDNSKEY records (RFC 7344). Running your own name servers: sign "
                   "with automatic key management (BIND dnssec-policy, Knot DNS, PowerDNS) using algorithm "
                   "13 (ECDSAP256SHA256), and hand the DS to the registrar.",
            .snippets = {{"BIND 9.18 (named.conf)",
                          "zone \"example.com\" {\n"
                          "    type primary;\n"
                          "    file \"example.com.zone\";\n"
                          "    dnssec-policy default;   // ECDSAP256SHA256, automatic key rollovers\n"
                          "    inline-signing yes;\n"
                          "};\n"
                          "// then give the registrar the DS:  dig @localhost example.com CDS"},
                         {"Knot DNS (knot.conf)",
                          "zone:\n"
                          "  - domain: example.com\n"
                          "    dnssec-signing: on\n"
                          "    dnssec-policy: default"},
                         {"PowerDNS", "pdnsutil secure-zone example.com\npdnsutil show-zone example.com   # prints the DS"}},
            .refs = {k_rfc4033, k_rfc4035_5, k_rfc4034, k_rfc6781, k_rfc7344, k_internet_nl},
            .facts = {"dns", "dnssec"},
            .outcomes = domain_outcomes(signed_outcomes()),
        },
        check_signed};
    return check;
}

const Check& valid_check() {
    static const Check check{
        CheckInfo{
            .id = "dnssec.valid",
            .family = Family::dnssec,
            .title = "DNSSEC answers validate",
            .scored = true,
            .needs_name = true,
            .why = "A signed zone whose signatures do not validate is worse off than an unsigned one: every "
                   "validating resolver (most ISPs and the large public resolvers) answers SERVFAIL for it, "
                   "so the site and its mail vanish for their users. The usual causes are signatures that "
                   "expired because re-signing stopped, a DS record at the parent that no longer matches "
                   "the zone's key after a key change, and records served without signatures.",
            .fix = "Fix the reason the finding names at its source: re-sign the zone and make re-signing "
                   "automatic (signatures expire); or update the DS at the registrar so that it matches the "
                   "current key-signing key, publishing the new DS before removing the old key (RFC 6781 "
                   "§4.1.2). If the zone cannot be repaired quickly, remove the DS at the registrar so that "
                   "the zone is unsigned rather than broken, then sign it again with care.",
            .snippets = {{"Diagnose (dig, delv)",
                          "delv example.com SOA                 # shows why validation fails\n"
                          "dig +dnssec +multi example.com SOA   # RRSIG inception/expiration dates\n"
                          "dig example.com DS                   # what the parent publishes\n"
                          "dig +cd example.com DNSKEY | dnssec-dsfromkey -f - example.com   # what it should be"},
                         {"BIND 9.18", "rndc dnssec -status example.com\nrndc sign example.com   # re-sign now"},
                         {"ldns (static zone)",
                          "ldns-signzone -e $(date -u -d '+30 days' +%Y%m%d%H%M%S) example.com.zone Kexample.com.+013+*"}},
            .refs = {k_rfc4035_5, k_rfc4033, k_rfc6781, k_dnsviz, k_internet_nl},
            .facts = {"dns", "dnssec"},
            .outcomes = domain_outcomes(valid_outcomes()),
        },
        check_valid};
    return check;
}

const Check& algorithms_check() {
    static const Check check{
        CheckInfo{
            .id = "dnssec.algorithms",
            .family = Family::dnssec,
            .title = "DNSSEC algorithms",
            .scored = true,
            .needs_name = true,
            .why = "A DNSSEC signature is only as strong as its algorithm. RFC 8624 says which ones zones "
                   "should use: the RSA/SHA-1 algorithms (5 and 7) and RSASHA512 (10) are NOT RECOMMENDED "
                   "and several operating systems already refuse to validate SHA-1, which turns such zones "
                   "insecure or unresolvable there; RSAMD5, DSA and GOST MUST NOT be used. SHA-1 DS "
                   "digests are deprecated likewise.",
            .fix = "Roll over to ECDSAP256SHA256 (algorithm 13) or ED25519 (15), or at least RSASHA256 (8) "
                   "with 2048-bit keys, following the algorithm rollover of RFC 6781 §4.1.4 (sign with both "
                   "algorithms before the DS changes; automatic with BIND's dnssec-policy). At the "
                   "registrar, keep only DS records with SHA-256 (digest type 2) or SHA-384 (4).",
            .snippets = {{"BIND 9.18 (named.conf)",
                          "dnssec-policy \"modern\" {\n"
                          "    keys { csk lifetime unlimited algorithm ecdsap256sha256; };\n"
                          "};\n"
                          "zone \"example.com\" { type primary; file \"example.com.zone\";\n"
                          "    dnssec-policy \"modern\"; inline-signing yes; };"},
                         {"Knot DNS (knot.conf)",
                          "policy:\n  - id: modern\n    algorithm: ecdsap256sha256\n"
                          "zone:\n  - domain: example.com\n    dnssec-signing: on\n    dnssec-policy: modern"}},
            .refs = {k_rfc8624_31, k_rfc8624_33, k_rfc6781, k_internet_nl},
            .facts = {"dns", "dnssec"},
            .outcomes = domain_outcomes(algorithms_outcomes()),
        },
        check_algorithms};
    return check;
}

const Check& nsec3_check() {
    static const Check check{
        CheckInfo{
            .id = "dnssec.nsec3",
            .family = Family::dnssec,
            .title = "NSEC3 parameters",
            .scored = false,
            .needs_name = true,
            .why = "To prove that a name does not exist, a signed zone returns NSEC or NSEC3 records. NSEC3 "
                   "hashes the names; extra hash iterations and a salt were meant to slow down zone "
                   "enumeration but barely do, while every resolver pays the CPU cost on each negative "
                   "answer. Resolvers now treat zones with many iterations as unsigned, so RFC 9276 asks "
                   "for 0 extra iterations and no salt.",
            .fix = "Set the NSEC3 parameters to 0 extra iterations and an empty salt, or use NSEC (zone "
                   "enumeration is rarely a real concern). The change takes effect when the zone is "
                   "signed next.",
            .snippets = {{"BIND 9.18 (named.conf)",
                          "dnssec-policy \"nsec3\" {\n"
                          "    nsec3param iterations 0 optout no salt-length 0;\n"
                          "};"},
                         {"Knot DNS (knot.conf)",
                          "policy:\n  - id: default\n    nsec3: on\n    nsec3-iterations: 0\n    nsec3-salt-length: 0"},
                         {"PowerDNS", "pdnsutil set-nsec3 example.com '1 0 0 -'\npdnsutil rectify-zone example.com"},
                         {"ldns", "ldns-signzone -n -t 0 -s - example.com.zone Kexample.com.+013+*"}},
            .refs = {k_rfc9276, k_rfc5155, k_rfc4035_3},
            .facts = {"dns", "dnssec"},
            .outcomes = domain_outcomes(nsec3_outcomes()),
        },
        check_nsec3};
    return check;
}

// The same check on the zones of the MX hosts: the domain check's texts, fix and
// references, with its own id, title and a sentence on why the mail hosts matter; the
// zone verdict's outcomes, and those of the MX host list instead of "no-such-domain".
Check mx_variant(const Check& domain_check, const std::vector<Outcome>& verdict, std::string_view id,
                 std::string_view title, std::string_view why, CheckFn run) {
    Check check = domain_check;
    check.info.id = id;
    check.info.title = title;
    check.info.why = why;
    check.info.outcomes = join_outcomes({verdict, mx_zone_outcomes()});
    check.run = run;
    return check;
}

constexpr std::string_view k_mx_why =
    "Senders look up the MX hosts' addresses before delivering mail to the domain. If the zones "
    "of the MX hosts are not signed (or do not validate), a spoofed address diverts the mail, "
    "and DANE for SMTP (RFC 7672), which protects mail transport against downgrade and "
    "interception, cannot be used. Each zone that holds an MX host is checked like the domain's "
    "own zone; for a mail provider's hosts, ask the provider.";

}  // namespace

const std::vector<Check>& checks() {
    static const std::vector<Check> list{
        signed_check(),
        valid_check(),
        algorithms_check(),
        nsec3_check(),
        mx_variant(signed_check(), signed_outcomes(), "dnssec.mx.signed", "Mail servers' zones signed with DNSSEC", k_mx_why, check_mx_signed),
        mx_variant(valid_check(), valid_outcomes(), "dnssec.mx.valid", "Mail servers' DNSSEC answers validate", k_mx_why, check_mx_valid),
        mx_variant(algorithms_check(), algorithms_outcomes(), "dnssec.mx.algorithms", "Mail servers' zones: DNSSEC algorithms", k_mx_why,
                   check_mx_algorithms),
        mx_variant(nsec3_check(), nsec3_outcomes(), "dnssec.mx.nsec3", "Mail servers' zones: NSEC3 parameters", k_mx_why, check_mx_nsec3)};
    return list;
}

}  // namespace osescan::checks::dnssec
