#include "checks/certificate/dane_web.hpp"

#include <algorithm>

#include "checks/certificate/served_chain.hpp"
#include "checks/certificate/tlsa_record.hpp"
#include "checks/common/display_text.hpp"
#include "checks/common/dns_zone.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/per_address.hpp"
#include "checks/common/web_host.hpp"

namespace osescan::checks::certificate {

namespace {

constexpr const char* k_id = "dane.web";
constexpr size_t k_max_records = 32;  // judged and shown; a larger set is cut (evidence says so)

struct TlsaSet {
    std::string name;  // where the records were found
    const facts::DnsAnswer* answer = nullptr;
    std::optional<facts::ProbeError> problem;
};

// The validated TLSA answer at `name`. A bogus answer cannot say which records the owner
// published (RFC 4035 §5.5: it must not be used), so it is "could not tell".
TlsaSet tlsa_at(const facts::TargetFacts& facts, const std::string& name) {
    TlsaSet out{name, nullptr, std::nullopt};
    const auto& observed = facts.dns(common::validated(name, "TLSA"));
    if (!observed.ok()) {
        out.problem = observed.error();
        out.problem->detail = "TLSA " + name + ": " + out.problem->detail;
    } else if (observed.value().security == "bogus") {
        out.problem =
            facts::ProbeError{facts::probe_error::dns_error, "TLSA " + name + ": DNSSEC validation failed (bogus): " +
                                                                 common::display_text(observed.value().why_bogus, 300)};
    } else if (observed.value().rcode != "NOERROR" && observed.value().rcode != "NXDOMAIN") {
        out.problem = facts::ProbeError{facts::probe_error::dns_error, "TLSA " + name + ": " + observed.value().rcode};
    } else {
        out.answer = &observed.value();
    }
    return out;
}

// RFC 7671 §7: when the host is a CNAME and every step of the expansion is DNSSEC-secure,
// the TLSA base domain is the final target; the original name is the fallback when the
// target has no TLSA records. An insecure expansion leaves only the original name.
std::string secure_cname_target(const facts::TargetFacts& facts, const std::string& host) {
    const auto& observed = facts.dns(common::validated(host, "A"));
    if (!observed.ok() || observed.value().security != "secure") return "";
    std::string current = common::normalise_dns_name(host);
    for (size_t step = 0; step < common::k_max_zone_labels; ++step) {
        const facts::DnsRecord* next = nullptr;
        for (const facts::DnsRecord& record : observed.value().answer)
            if (record.type == "CNAME" && common::normalise_dns_name(record.name) == current) next = &record;
        if (next == nullptr) break;
        current = common::normalise_dns_name(next->data);
    }
    return current == common::normalise_dns_name(host) ? "" : current;
}

struct RecordMatch {
    nlohmann::json evidence;
    bool matched = false;
};

std::string role_of(const facts::TlsHandshake& handshake, size_t position) {
    return chain_role(handshake.chain[position], position);
}

// The served certificates from the leaf up to `position` are linked issuer to subject,
// as the chain DANE-TA(2) asks the server to send (RFC 7671 §5.2.2).
bool linked_up_to(const facts::TlsHandshake& handshake, size_t position) {
    for (size_t i = 0; i < position; ++i)
        if (handshake.chain[i].issuer != handshake.chain[i + 1].subject) return false;
    return true;
}

RecordMatch match_record(const TlsaRecord& record, const facts::TlsHandshake& handshake) {
    RecordMatch out;
    out.evidence = {{"record", std::to_string(record.usage) + " " + std::to_string(record.selector) + " " +
                                   std::to_string(record.matching_type) + " " + record.data.substr(0, 128) +
                                   (record.data.size() > 128 ? "..." : "")},
                    {"meaning", tlsa_description(record)}};
    // End-entity usages match the leaf only; trust-anchor usages a certificate above it.
    const bool end_entity = record.usage == 1 || record.usage == 3;
    const size_t first = end_entity ? 0 : 1;
    const size_t last = end_entity ? 1 : handshake.chain.size();
    std::optional<size_t> position;
    for (size_t i = first; i < last && i < handshake.chain.size() && !position; ++i) {
        const std::string data = association_data(handshake.chain[i], record.selector, record.matching_type);
        if (!data.empty() && data == record.data) position = i;
    }
    if (!position) {
        out.evidence["result"] = end_entity ? "does not match the leaf certificate"
                                            : "matches no certificate above the leaf in the served chain";
        return out;
    }
    out.evidence["matches_position"] = *position;
    out.evidence["matches_role"] = role_of(handshake, *position);
    out.evidence["matches_subject"] = common::evidence_text(handshake.chain[*position].subject);
    // RFC 6698 §2.1.1: PKIX-TA(0) and PKIX-EE(1) also need the chain to validate against
    // the client's trust store; RFC 7671 §5.2.3: DANE-TA(2) needs the name to match, and
    // §5.1: DANE-EE(3) needs neither.
    if (record.usage <= 1 && !handshake.verify_ok) {
        out.evidence["result"] = "matches, but PKIX usage needs a chain the trust store validates, and it does not (" +
                                 common::evidence_text(handshake.verify_message) + ")";
        return out;
    }
    if (record.usage <= 2 && !handshake.name_matches) {
        out.evidence["result"] = "matches, but the certificate is not valid for the host name (RFC 7671 §5.2.3)";
        return out;
    }
    if (record.usage == 2 && !linked_up_to(handshake, *position)) {
        out.evidence["result"] = "matches, but the served chain does not lead from the leaf to it";
        return out;
    }
    out.evidence["result"] = "match";
    out.matched = true;
    return out;
}

Finding judge_address(const facts::TargetFacts& facts, const std::string& address, const std::string& name,
                      const std::vector<TlsaRecord>& records) {
    const ServedChain served = served_chain(facts, k_id, address);
    if (served.problem) return *served.problem;
    const facts::TlsHandshake& handshake = *served.handshake;
    const std::string endpoint = common::address_port(address, facts.target().port);
    nlohmann::json results = nlohmann::json::array();
    nlohmann::json chain = nlohmann::json::array();
    for (size_t i = 0; i < handshake.chain.size(); ++i) {
        nlohmann::json identity = certificate_identity(handshake.chain[i], i);
        identity["spki_sha256"] = association_data(handshake.chain[i], 1, 1);
        chain.push_back(std::move(identity));
    }
    std::optional<nlohmann::json> matched;
    for (const TlsaRecord& record : records) {
        RecordMatch match = match_record(record, handshake);
        if (match.matched && !matched) matched = match.evidence;
        results.push_back(std::move(match.evidence));
    }
    nlohmann::json evidence{{"endpoint", endpoint},
                            {"tlsa_name", name},
                            {"records", std::move(results)},
                            {"chain", std::move(chain)},
                            {"pkix_verify_ok", handshake.verify_ok},
                            {"name_matches", handshake.name_matches}};
    if (matched)
        return common::conclude(k_id, address, "match",
                                {{"endpoint", endpoint},
                                 {"record", (*matched)["meaning"]},
                                 {"role", (*matched)["matches_role"]}},
                                std::move(evidence));
    // PKIX-TA(0) may name the root of the client's trust store (RFC 6698 §2.1.1), which
    // servers need not send (RFC 8446 §4.4.2): when the served chain ends below its root and
    // validates, such a record may match what a client builds, and we cannot see it.
    const bool root_sent = handshake.chain.size() > 1 && handshake.chain.back().self_signed;
    const bool pkix_ta = std::any_of(records.begin(), records.end(), [](const TlsaRecord& r) { return r.usage == 0; });
    if (pkix_ta && !root_sent && handshake.verify_ok)
        return common::conclude(k_id, address, "trust-anchor-not-served", {{"endpoint", endpoint}, {"name", name}},
                                std::move(evidence));
    // A certificate the facts hold no DER of (the engine keeps PEM up to a bound) cannot be
    // compared: without a match that is "could not tell", never a fail.
    for (const facts::Certificate& certificate : handshake.chain)
        if (pem_der(certificate.pem).empty())
            return common::conclude(k_id, address, "certificate-not-recorded",
                                    {{"endpoint", endpoint}, {"subject", common::display_text(certificate.subject)}},
                                    std::move(evidence));
    return common::conclude(k_id, address, "no-match",
                            {{"endpoint", endpoint}, {"count", records.size()}, {"name", name}}, std::move(evidence));
}

nlohmann::json record_texts(const std::vector<const facts::DnsRecord*>& records) {
    nlohmann::json out = nlohmann::json::array();
    for (size_t i = 0; i < records.size() && i < k_max_records; ++i)
        out.push_back(common::evidence_text(records[i]->data.substr(0, 300)));
    return out;
}

}  // namespace

std::string tlsa_name(const std::string& host, uint16_t port) {
    return "_" + std::to_string(port) + "._tcp." + common::normalise_dns_name(host);
}

std::vector<Finding> check_dane_web(const facts::TargetFacts& facts) {
    const std::string& host = facts.target().host;
    const uint16_t port = facts.target().port;
    const std::string original = tlsa_name(host, port);
    facts.need({common::validated(host, "A"), common::validated(original, "TLSA")});
    TlsaSet set = tlsa_at(facts, original);
    const std::string target = secure_cname_target(facts, host);
    nlohmann::json evidence{{"tlsa_name", original}};
    if (!target.empty()) {
        evidence["cname_target"] = target;
        const std::string expanded = tlsa_name(target, port);
        facts.need({common::validated(expanded, "TLSA")});
        TlsaSet at_target = tlsa_at(facts, expanded);
        if (at_target.problem || !at_target.answer->records("TLSA").empty()) set = std::move(at_target);
        evidence["tlsa_name"] = set.name;
    }
    if (set.problem) return {common::probe_error_finding(k_id, host, *set.problem, "the TLSA lookup")};
    const facts::DnsAnswer& answer = *set.answer;
    const std::vector<const facts::DnsRecord*> found = answer.records("TLSA");
    evidence["dnssec"] = answer.security;
    if (found.empty()) return {common::conclude(k_id, host, "no-tlsa", {{"name", set.name}}, std::move(evidence))};
    evidence["tlsa_records"] = record_texts(found);
    if (found.size() > k_max_records) evidence["records_cut_to"] = k_max_records;
    // RFC 6698 §4.1 / RFC 7671 §3: only a DNSSEC-secure TLSA set may be used; anyone on the
    // path can forge an unsigned one, so clients ignore it.
    if (answer.security != "secure")
        return {common::conclude(k_id, host, "not-signed", {{"name", set.name}, {"security", answer.security}},
                                 std::move(evidence))};

    std::vector<TlsaRecord> usable;
    nlohmann::json unusable = nlohmann::json::array();
    for (size_t i = 0; i < found.size() && i < k_max_records; ++i) {
        const std::optional<TlsaRecord> record = parse_tlsa_data(found[i]->data);
        const std::string reason = record ? tlsa_unusable_reason(*record) : "not TLSA record data";
        if (reason.empty()) usable.push_back(*record);
        else unusable.push_back({{"record", common::evidence_text(found[i]->data.substr(0, 300))}, {"reason", reason}});
    }
    // RFC 7671 §4.1: clients ignore unusable records; with none left, the TLSA set is as
    // good as absent, though its owner meant something.
    if (usable.empty()) {
        evidence["unusable"] = std::move(unusable);
        return {common::conclude(k_id, host, "no-usable-records", {{"name", set.name}, {"count", found.size()}},
                                 std::move(evidence))};
    }
    std::vector<Finding> findings = common::judge_each_address(
        facts, k_id,
        [&](const std::string& address) -> std::vector<facts::Request> {
            return {common::default_tls(facts, address)};
        },
        [&](const std::string& address) { return judge_address(facts, address, set.name, usable); });
    for (Finding& finding : findings) {
        finding.evidence["dnssec"] = "secure";
        if (!unusable.empty()) finding.evidence["unusable"] = unusable;
        if (!target.empty()) finding.evidence["cname_target"] = target;
    }
    return findings;
}

const Check& dane_web_check() {
    static const Check check{
        CheckInfo{
            .id = k_id,
            .family = Family::certificate,
            .title = "DANE for the web server (TLSA)",
            .scored = false,
            .needs_name = true,
            .why = "A TLSA record signed with DNSSEC pins the certificate or key of the web server "
                   "in DNS (DANE), so a client that checks it is not fooled by a certificate some "
                   "other CA issued by mistake. A TLSA record that no longer matches the served "
                   "certificate (the certificate was renewed with a new key, the record was not) "
                   "makes DANE clients refuse the connection; one without DNSSEC protects nothing, "
                   "because anyone on the path can forge it.",
            .fix = "Publish TLSA records at _443._tcp.<host> in a DNSSEC-signed zone, preferably "
                   "'3 1 1' (the SHA-256 of the server's public key), and update them BEFORE the "
                   "server's key changes: publish the new record next to the old one, wait for the "
                   "TTL, then switch the certificate, then remove the old record.",
            .snippets = {{"DNS zone",
                          "; openssl x509 -in cert.pem -noout -pubkey | openssl pkey -pubin -outform DER |\n"
                          ";   openssl dgst -sha256 -hex\n"
                          "_443._tcp.www.example.com. 3600 IN TLSA 3 1 1 <sha256 of the SubjectPublicKeyInfo>"}},
            .refs = {{"RFC 6698 (DANE TLSA)", "https://www.rfc-editor.org/rfc/rfc6698"},
                     {"RFC 7671 (DANE operational guidance; §7: CNAMEs)", "https://www.rfc-editor.org/rfc/rfc7671"},
                     {"RFC 7671 §8.1 (key rollover with TLSA)", "https://www.rfc-editor.org/rfc/rfc7671#section-8.1"}},
            .facts = {"dnssec", "dns", "tls"},
            .outcomes = with_served_chain_outcomes(
                {{"match", Status::pass, "{endpoint}: the TLSA record {record} matches the served {role} certificate"},
                 {"no-match", Status::fail,
                  "{endpoint}: none of the {count} TLSA record(s) at {name} matches the served certificate chain",
                  "Publish a TLSA record for the certificate the server now serves (see the evidence for "
                  "the served keys' SHA-256), or serve the certificate the records describe."},
                 {"not-signed", Status::warn,
                  "The TLSA records at {name} are not DNSSEC-signed ({security}): clients must ignore them",
                  "Sign the zone with DNSSEC (with a DS record at the parent); unsigned TLSA records "
                  "protect nothing."},
                 {"no-usable-records", Status::warn,
                  "None of the {count} TLSA record(s) at {name} is usable (unknown usage, selector or "
                  "matching type, or bad digest length)"},
                 {"no-tlsa", Status::info, "No TLSA records at {name} (DANE not used for the web server)"},
                 {"trust-anchor-not-served", Status::error,
                  "Could not tell: a PKIX-TA record at {name} may name the root of the trust store, which "
                  "{endpoint} does not send, and nothing it sends matches"},
                 {"certificate-not-recorded", Status::error,
                  "Could not tell: the certificate {subject} served by {endpoint} was not recorded in full, so "
                  "the TLSA records cannot be compared with it"}}),
        },
        check_dane_web};
    return check;
}

}  // namespace osescan::checks::certificate
