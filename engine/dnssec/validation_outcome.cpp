#include "engine/dnssec/validation_outcome.hpp"

#include <variant>

#include "engine/dns/dns_message.hpp"

namespace osescan::engine::dnssec {

namespace {

constexpr int k_rcode_servfail = 2;

std::string bounded(std::string text) {
    if (text.size() > k_max_why_bogus_bytes) text.resize(k_max_why_bogus_bytes);
    return text;
}

}  // namespace

facts::Observed<facts::DnsAnswer> to_observed(const ValidationOutcome& outcome) {
    namespace pe = facts::probe_error;
    if (outcome.error != 0)
        return facts::ProbeError{pe::dns_error, "validating resolver: " + outcome.error_text};
    if (outcome.rcode == k_rcode_servfail && !outcome.bogus) {
        std::string detail = "the validating resolver got no answer (SERVFAIL)";
        if (!outcome.why_bogus.empty()) detail += ": " + bounded(outcome.why_bogus);
        return facts::ProbeError{pe::dns_error, std::move(detail)};
    }
    if (outcome.rcode < 0 || outcome.rcode > 0xfff)
        return facts::ProbeError{pe::dns_error, "validating resolver: invalid rcode " + std::to_string(outcome.rcode)};

    facts::DnsAnswer answer;
    if (!outcome.packet.empty()) {
        if (outcome.packet.size() > dns::k_max_message_bytes)
            return facts::ProbeError{pe::too_large, "validated answer larger than a DNS message can be"};
        dns::DnsMessageResult parsed = dns::parse_dns_response(outcome.packet);
        if (auto* error = std::get_if<dns::DnsMessageError>(&parsed))
            return facts::ProbeError{pe::dns_error, "malformed validated answer: " + error->reason};
        answer = std::move(std::get<facts::DnsAnswer>(parsed));
    }
    answer.rcode = dns::rcode_name(static_cast<uint16_t>(outcome.rcode));
    answer.truncated = false;  // unbound reassembles: the packet is the whole answer
    if (outcome.secure) {
        answer.security = "secure";
    } else if (outcome.bogus) {
        answer.security = "bogus";
        answer.why_bogus = outcome.why_bogus.empty() ? "validation failed (no reason given)" : bounded(outcome.why_bogus);
    } else {
        answer.security = "insecure";
    }
    return answer;
}

}  // namespace osescan::engine::dnssec
