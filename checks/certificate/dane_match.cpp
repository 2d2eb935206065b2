#include "checks/certificate/dane_match.hpp"

#include "checks/certificate/served_chain.hpp"
#include "checks/common/display_text.hpp"
#include "checks/common/dns_zone.hpp"

namespace osescan::checks::certificate {

namespace {

// The validated TLSA answer at `name`. A bogus answer cannot say which records the owner
// published (RFC 4035 §5.5: it must not be used); each check decides what that means.
TlsaSet tlsa_at(const facts::TargetFacts& facts, const std::string& name) {
    TlsaSet out;
    out.name = name;
    const auto& observed = facts.dns(common::validated(name, "TLSA"));
    if (!observed.ok()) {
        out.problem = observed.error();
        out.problem->detail = "TLSA " + name + ": " + out.problem->detail;
    } else if (observed.value().security == "bogus") {
        out.bogus = true;
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
// the TLSA base domain is the final target. "" when there is no secure expansion.
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

// The served certificates from the leaf up to `position` are linked issuer to subject,
// as the chain DANE-TA(2) asks the server to send (RFC 7671 §5.2.2).
bool linked_up_to(const facts::TlsHandshake& handshake, size_t position) {
    for (size_t i = 0; i < position; ++i)
        if (handshake.chain[i].issuer != handshake.chain[i + 1].subject) return false;
    return true;
}

}  // namespace

std::string tlsa_name(const std::string& host, uint16_t port) {
    return "_" + std::to_string(port) + "._tcp." + common::normalise_dns_name(host);
}

std::vector<facts::Request> tlsa_requests(const std::string& host, uint16_t port) {
    return {common::validated(host, "A"), common::validated(tlsa_name(host, port), "TLSA")};
}

TlsaSet find_tlsa(const facts::TargetFacts& facts, const std::string& host, uint16_t port) {
    facts.need(tlsa_requests(host, port));
    TlsaSet set = tlsa_at(facts, tlsa_name(host, port));
    const std::string target = secure_cname_target(facts, host);
    if (!target.empty()) {
        const std::string expanded = tlsa_name(target, port);
        facts.need({common::validated(expanded, "TLSA")});
        TlsaSet at_target = tlsa_at(facts, expanded);
        if (at_target.problem || !at_target.answer->records("TLSA").empty()) set = std::move(at_target);
    }
    set.cname_target = target;
    return set;
}

TlsaRecords usable_tlsa(const std::vector<const facts::DnsRecord*>& found, bool smtp) {
    TlsaRecords out;
    for (size_t i = 0; i < found.size() && i < k_max_tlsa_records; ++i) {
        const std::optional<TlsaRecord> record = parse_tlsa_data(found[i]->data);
        std::string reason = record ? tlsa_unusable_reason(*record) : "not TLSA record data";
        if (reason.empty() && smtp && record->usage < 2)
            reason = "PKIX usage " + std::to_string(record->usage) +
                     ": SMTP clients treat PKIX-TA(0) and PKIX-EE(1) as unusable (RFC 7672 §3.1.3)";
        if (reason.empty()) out.usable.push_back(*record);
        else
            out.unusable.push_back(
                {{"record", common::evidence_text(found[i]->data.substr(0, 300))}, {"reason", reason}});
    }
    return out;
}

nlohmann::json tlsa_record_texts(const std::vector<const facts::DnsRecord*>& found) {
    nlohmann::json out = nlohmann::json::array();
    for (size_t i = 0; i < found.size() && i < k_max_tlsa_records; ++i)
        out.push_back(common::evidence_text(found[i]->data.substr(0, 300)));
    return out;
}

std::string tlsa_record_text(const TlsaRecord& record) {
    return std::to_string(record.usage) + " " + std::to_string(record.selector) + " " +
           std::to_string(record.matching_type) + " " + record.data.substr(0, 128) +
           (record.data.size() > 128 ? "..." : "");
}

RecordMatch match_tlsa_record(const TlsaRecord& record, const facts::TlsHandshake& handshake, bool name_ok,
                              int64_t now) {
    RecordMatch out;
    out.evidence = {{"record", tlsa_record_text(record)}, {"meaning", tlsa_description(record)}};
    // End-entity usages match the leaf only; trust-anchor usages a certificate above it.
    const bool end_entity = record.usage == 1 || record.usage == 3;
    const size_t first = end_entity ? 0 : 1;
    const size_t last = end_entity ? 1 : handshake.chain.size();
    std::optional<size_t> position;
    for (size_t i = first; i < last && i < handshake.chain.size() && !position; ++i) {
        const std::string data = association_data(handshake.chain[i], record.selector, record.matching_type);
        if (data.empty() && !out.unrecorded_subject) out.unrecorded_subject = handshake.chain[i].subject;
        if (!data.empty() && data == record.data) position = i;
    }
    if (!position) {
        out.evidence["result"] = end_entity ? "does not match the leaf certificate"
                                            : "matches no certificate above the leaf in the served chain";
        return out;
    }
    out.unrecorded_subject.reset();
    out.evidence["matches_position"] = *position;
    out.evidence["matches_role"] = chain_role(handshake.chain[*position], *position);
    out.evidence["matches_subject"] = common::evidence_text(handshake.chain[*position].subject);
    // RFC 6698 §2.1.1: PKIX-TA(0) and PKIX-EE(1) also need the chain to validate against
    // the client's trust store; RFC 7671 §5.2.3: DANE-TA(2) needs the name to match, and
    // §5.1: DANE-EE(3) needs neither.
    if (record.usage <= 1 && !handshake.verify_ok) {
        out.evidence["result"] = "matches, but PKIX usage needs a chain the trust store validates, and it does not (" +
                                 common::evidence_text(handshake.verify_message) + ")";
        return out;
    }
    if (record.usage <= 2 && !name_ok) {
        out.evidence["result"] = "matches, but the certificate is not valid for the host name (RFC 7671 §5.2.3)";
        return out;
    }
    if (record.usage <= 2 && (now < handshake.chain[0].not_before || now > handshake.chain[0].not_after)) {
        out.evidence["result"] =
            "matches, but the leaf certificate is expired or not yet valid, which a usage "
            "other than DANE-EE(3) does not forgive";
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

nlohmann::json chain_digests(const facts::TlsHandshake& handshake) {
    nlohmann::json chain = nlohmann::json::array();
    for (size_t i = 0; i < handshake.chain.size(); ++i) {
        nlohmann::json identity = certificate_identity(handshake.chain[i], i);
        identity["spki_sha256"] = handshake.chain[i].spki_sha256;
        chain.push_back(std::move(identity));
    }
    return chain;
}

bool certificate_has_name(const facts::Certificate& certificate, const std::string& name) {
    const std::string wanted = common::normalise_dns_name(name);
    const size_t dot = wanted.find('.');
    for (const std::string& san : certificate.san_dns) {
        const std::string have = common::normalise_dns_name(san);
        if (have == wanted) return true;
        if (have.size() > 2 && have.compare(0, 2, "*.") == 0 && dot != std::string::npos && dot > 0 &&
            have.substr(1) == wanted.substr(dot) && have.find('.', 2) != std::string::npos)
            return true;
    }
    return false;
}

}  // namespace osescan::checks::certificate
