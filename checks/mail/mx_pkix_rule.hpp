#pragma once
// Whether a sender must reject an MX host's certificate that does not verify or does not
// match the MX name. SMTP uses TLS opportunistically (RFC 7435; RFC 7672 §1.3): a sender
// delivers over any TLS, or none, unless a policy says otherwise:
// - MTA-STS (RFC 8461 §4.2): a policy in mode enforce or testing whose mx patterns cover the
//   host requires a chain to a trusted root and a certificate valid for the MX name;
// - DANE (RFC 7672): a DNSSEC-secure TLSA RRset at _25._tcp.<mx> with a usable DANE-TA(2)
//   record requires the name check (§3.2.2) and a chain to that trust anchor (which
//   mail.dane judges), not to a public root; DANE-EE(3) requires neither (§3.1.1).
// The facts are the ones mail.mta_sts (its policy discovery) and mail.dane (the validated
// TLSA request) ask for.

#include "checks/certificate/served_chain.hpp"

namespace osescan::checks::mail {

// For mail.tls.certificate.trust: MTA-STS only.
certificate::PkixRequirement mx_trust_requirement(const facts::TargetFacts& facts, const common::TlsEndpoint& mx);
// For mail.tls.certificate.name: MTA-STS or DANE-TA.
certificate::PkixRequirement mx_name_requirement(const facts::TargetFacts& facts, const common::TlsEndpoint& mx);

}  // namespace osescan::checks::mail
