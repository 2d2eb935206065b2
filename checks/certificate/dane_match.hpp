#pragma once
// What dane.web (RFC 6698, RFC 7671) and mail.dane (RFC 7672) share: finding the TLSA
// records of a service, DNSSEC-validated by the project's own resolver, with the CNAME rule
// (RFC 7671 §7, RFC 7672 §2.2.2), telling usable records from unusable ones, and comparing
// each record with a served certificate chain (RFC 6698 §2.1, RFC 7671 §5).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "checks/certificate/tlsa_record.hpp"
#include "facts/target_facts.hpp"

namespace osescan::checks::certificate {

inline constexpr size_t k_max_tlsa_records = 32;  // judged and shown; a larger set is cut

// "_443._tcp.example.com" (RFC 6698 §3).
std::string tlsa_name(const std::string& host, uint16_t port);

// The validated A lookup of `host` (for its CNAME expansion) and its TLSA lookup: the
// requests find_tlsa reads first (one batch for many hosts).
std::vector<facts::Request> tlsa_requests(const std::string& host, uint16_t port);

struct TlsaSet {
    std::string name;                          // where the records were read
    std::string cname_target;                  // the host's secure CNAME target, "" when none
    const facts::DnsAnswer* answer = nullptr;  // NOERROR or NXDOMAIN, not bogus
    std::optional<facts::ProbeError> problem;  // the lookup failed or was bogus
    bool bogus = false;                        // DNSSEC validation failed (problem says why)
};

// The TLSA set of `host`:`port`. When the host is a CNAME and every step of the expansion
// is DNSSEC-secure, the final target's TLSA records are used, and the original name's when
// the target has none (RFC 7671 §7, RFC 7672 §2.2.2); an insecure expansion leaves only the
// original name. Asks for the target's TLSA lookup itself when needed.
TlsaSet find_tlsa(const facts::TargetFacts& facts, const std::string& host, uint16_t port);

// The records of a secure TLSA set a client may use, and why the others are not usable:
// unknown parameters or bad digest lengths (RFC 7671 §4.1), and for SMTP the PKIX usages
// 0 and 1, which RFC 7672 §3.1.3 tells SMTP clients to treat as unusable.
struct TlsaRecords {
    std::vector<TlsaRecord> usable;
    nlohmann::json unusable = nlohmann::json::array();  // {record, reason}
};
TlsaRecords usable_tlsa(const std::vector<const facts::DnsRecord*>& found, bool smtp);

// The records' presentation forms for evidence (at most k_max_tlsa_records, bounded).
nlohmann::json tlsa_record_texts(const std::vector<const facts::DnsRecord*>& found);

// "3 1 1 <data, cut>" for evidence.
std::string tlsa_record_text(const TlsaRecord& record);

// One record compared with one served chain.
struct RecordMatch {
    nlohmann::json evidence;  // record, meaning, result, and what it matched
    bool matched = false;
    // No match, and a certificate it would be compared with has no recorded digest (facts
    // saved before the engine recorded them, or a PEM above its bound): could not tell.
    std::optional<std::string> unrecorded_subject;
};

// `name_ok`: the leaf is valid for a reference identifier of the service (the host name,
// or for SMTP also the TLSA base domain, RFC 7672 §3.2.2): DANE-TA(2) and the PKIX usages
// need it, DANE-EE(3) does not (RFC 7671 §5.1). DANE-TA(2) and PKIX also need the leaf
// within its validity period at `now` (the client validates the chain up to the anchor as
// PKIX does, RFC 7671 §5.2.2); DANE-EE(3) does not (RFC 7672 §3.1.1).
RecordMatch match_tlsa_record(const TlsaRecord& record, const facts::TlsHandshake& handshake, bool name_ok,
                              int64_t now);

// The served chain's identities with their SPKI SHA-256 (what a 3 1 1 / 2 1 1 would be).
nlohmann::json chain_digests(const facts::TlsHandshake& handshake);

// RFC 6125 §6.4: is `name` among the leaf's DNS names (exact, or a wildcard "*." in the
// left-most label standing for exactly one label)?
bool certificate_has_name(const facts::Certificate& certificate, const std::string& name);

}  // namespace osescan::checks::certificate
