#include "checks/certificate/dane_web.hpp"

#include <algorithm>

#include "checks/certificate/served_chain.hpp"
#include "checks/certificate/dane_match.hpp"
#include "checks/common/display_text.hpp"
#include "checks/common/dns_zone.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/per_address.hpp"
#include "checks/common/web_host.hpp"

namespace osescan::checks::certificate {

namespace {

constexpr const char* k_id = "dane.web";

Finding judge_address(const facts::TargetFacts& facts, const std::string& address, const std::string& name,
                      const std::vector<TlsaRecord>& records) {
    const ServedChain served = served_chain(facts, k_id, address);
    if (served.problem) return *served.problem;
    const facts::TlsHandshake& handshake = *served.handshake;
    const std::string endpoint = common::address_port(address, facts.target().port);
    nlohmann::json results = nlohmann::json::array();
    std::optional<nlohmann::json> matched;
    std::optional<std::string> unrecorded;
    for (const TlsaRecord& record : records) {
        RecordMatch match = match_tlsa_record(record, handshake, handshake.name_matches, facts.context().now);
        if (match.matched && !matched) matched = match.evidence;
        if (match.unrecorded_subject && !unrecorded) unrecorded = match.unrecorded_subject;
        results.push_back(std::move(match.evidence));
    }
    nlohmann::json evidence{{"endpoint", endpoint},
                            {"tlsa_name", name},
                            {"records", std::move(results)},
                            {"chain", chain_digests(handshake)},
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
    // A certificate whose digests the facts do not hold (saved before the engine recorded
    // them, or a PEM above its bound) cannot be compared: without a match that is "could
    // not tell", never a fail.
    if (unrecorded)
        return common::conclude(k_id, address, "certificate-not-recorded",
                                {{"endpoint", endpoint}, {"subject", common::display_text(*unrecorded)}},
                                std::move(evidence));
    return common::conclude(k_id, address, "no-match",
                            {{"endpoint", endpoint}, {"count", records.size()}, {"name", name}}, std::move(evidence));
}

}  // namespace

std::vector<Finding> check_dane_web(const facts::TargetFacts& facts) {
    const std::string& host = facts.target().host;
    const TlsaSet set = find_tlsa(facts, host, facts.target().port);
    nlohmann::json evidence{{"tlsa_name", set.name}};
    if (!set.cname_target.empty()) evidence["cname_target"] = set.cname_target;
    // A bogus answer says nothing about what the owner published: could not tell.
    if (set.problem) return {common::probe_error_finding(k_id, host, *set.problem, "the TLSA lookup")};
    const facts::DnsAnswer& answer = *set.answer;
    const std::vector<const facts::DnsRecord*> found = answer.records("TLSA");
    evidence["dnssec"] = answer.security;
    if (found.empty()) return {common::conclude(k_id, host, "no-tlsa", {{"name", set.name}}, std::move(evidence))};
    evidence["tlsa_records"] = tlsa_record_texts(found);
    if (found.size() > k_max_tlsa_records) evidence["records_cut_to"] = k_max_tlsa_records;
    // RFC 6698 §4.1 / RFC 7671 §3: only a DNSSEC-secure TLSA set may be used; anyone on the
    // path can forge an unsigned one, so clients ignore it.
    if (answer.security != "secure")
        return {common::conclude(k_id, host, "not-signed", {{"name", set.name}, {"security", answer.security}},
                                 std::move(evidence))};

    TlsaRecords records = usable_tlsa(found, false);
    // RFC 7671 §4.1: clients ignore unusable records; with none left, the TLSA set is as
    // good as absent, though its owner meant something.
    if (records.usable.empty()) {
        evidence["unusable"] = std::move(records.unusable);
        return {common::conclude(k_id, host, "no-usable-records", {{"name", set.name}, {"count", found.size()}},
                                 std::move(evidence))};
    }
    std::vector<Finding> findings = common::judge_each_address(
        facts, k_id,
        [&](const std::string& address) -> std::vector<facts::Request> {
            return {common::default_tls(facts, address)};
        },
        [&](const std::string& address) { return judge_address(facts, address, set.name, records.usable); });
    for (Finding& finding : findings) {
        finding.evidence["dnssec"] = "secure";
        if (!records.unusable.empty()) finding.evidence["unusable"] = records.unusable;
        if (!set.cname_target.empty()) finding.evidence["cname_target"] = set.cname_target;
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
