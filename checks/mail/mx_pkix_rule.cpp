#include "checks/mail/mx_pkix_rule.hpp"

#include <algorithm>

#include "checks/certificate/tlsa_record.hpp"
#include "checks/common/display_text.hpp"
#include "checks/common/dns_zone.hpp"
#include "checks/mail/mail_domain.hpp"
#include "checks/mail/mta_sts_check.hpp"

namespace osescan::checks::mail {

namespace {

// The MTA-STS rule for one MX host: "" when no policy in mode enforce or testing covers it.
struct StsRule {
    std::string rule;
    bool testing = false;  // the policy's mode is testing: senders report failures but deliver
    std::optional<facts::ProbeError> unknown;
};

StsRule mta_sts_rule(const facts::TargetFacts& facts, const std::string& mx) {
    StsRule out;
    const MtaStsDiscovery discovery = discover_mta_sts(facts);
    if (discovery.ended) {
        // No usable policy means none applies (RFC 8461 §3.1, §3.3); an error means we do not know.
        if (discovery.ended->status == Status::error) {
            const std::string& outcome = discovery.ended->outcome;
            out.unknown = facts::ProbeError{outcome.substr(std::min(outcome.size(), k_probe_outcome_prefix.size())),
                                            "MTA-STS policy of " + lower_name(facts.target().host) + ": " +
                                                discovery.ended->summary};
        }
        return out;
    }
    const MtaStsPolicy& policy = *discovery.policy;
    if (policy.mode != "enforce" && policy.mode != "testing") return out;
    if (std::none_of(policy.mx.begin(), policy.mx.end(),
                     [&](const std::string& pattern) { return mta_sts_mx_matches(pattern, mx); }))
        return out;
    out.testing = policy.mode == "testing";
    out.rule = "required: the MTA-STS policy of " + lower_name(facts.target().host) + " (mode " + policy.mode +
               ") covers " + mx + ", so senders check the certificate (RFC 8461 §4.2)" +
               (out.testing ? "; in mode testing they report a failure but still deliver (RFC 8461 §5)" : "");
    return out;
}

// Whether _25._tcp.<mx> has a DNSSEC-secure usable DANE-TA(2) record (RFC 7672 §3.2.2).
struct DaneTa {
    bool present = false;
    std::optional<facts::ProbeError> unknown;
};

DaneTa dane_ta(const facts::TargetFacts& facts, const std::string& mx) {
    DaneTa out;
    const std::string name = "_25._tcp." + mx;
    facts.need({common::validated(name, "TLSA")});
    const auto& observed = facts.dns(common::validated(name, "TLSA"));
    if (!observed.ok()) {
        out.unknown = observed.error();
        out.unknown->detail = "TLSA " + name + ": " + out.unknown->detail;
        return out;
    }
    const facts::DnsAnswer& answer = observed.value();
    // A bogus answer cannot say what the owner published (RFC 4035 §5.5); an insecure one is
    // ignored by DANE senders (RFC 7672 §2.2).
    if (answer.security == "bogus") {
        out.unknown =
            facts::ProbeError{facts::probe_error::dns_error, "TLSA " + name + ": DNSSEC validation failed (bogus): " +
                                                                 common::display_text(answer.why_bogus, 200)};
        return out;
    }
    if (answer.security != "secure") return out;
    for (const facts::DnsRecord* record : answer.records("TLSA")) {
        const auto tlsa = certificate::parse_tlsa_data(record->data);
        if (tlsa && tlsa->usage == 2 && certificate::tlsa_unusable_reason(*tlsa).empty()) out.present = true;
    }
    return out;
}

}  // namespace

certificate::PkixRequirement mx_trust_requirement(const facts::TargetFacts& facts, const common::TlsEndpoint& mx) {
    certificate::PkixRequirement out;
    const StsRule sts = mta_sts_rule(facts, mx.sni);
    out.unknown = sts.unknown;
    out.required = !sts.rule.empty();
    out.reported_only = sts.testing;
    out.rule = out.required ? sts.rule
                            : "info only: no MTA-STS policy (mode enforce or testing) covers " + mx.sni +
                                  ", so senders do not require a publicly trusted chain (opportunistic TLS, RFC 7435; "
                                  "DANE checks its own trust anchors, RFC 7672 §3)";
    return out;
}

certificate::PkixRequirement mx_name_requirement(const facts::TargetFacts& facts, const common::TlsEndpoint& mx) {
    certificate::PkixRequirement out;
    const DaneTa dane = dane_ta(facts, mx.sni);
    if (dane.present) {
        out.rule = "required: _25._tcp." + mx.sni +
                   " has a DNSSEC-signed DANE-TA(2) TLSA record, so senders check the name (RFC 7672 §3.2.2)";
        return out;
    }
    const StsRule sts = mta_sts_rule(facts, mx.sni);
    if (!sts.rule.empty()) {
        out.rule = sts.rule;
        out.reported_only = sts.testing;
        return out;
    }
    out.unknown = dane.unknown ? dane.unknown : sts.unknown;
    out.required = false;
    out.rule = "info only: no MTA-STS policy (mode enforce or testing) covers " + mx.sni +
               " and it has no DNSSEC-signed DANE-TA(2) TLSA record (opportunistic TLS, RFC 7435; "
               "RFC 7672 §1.3)";
    return out;
}

}  // namespace osescan::checks::mail
