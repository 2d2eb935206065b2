#include "engine/nts/nts_ke_records.hpp"

namespace osescan::engine::nts {

namespace {
constexpr uint16_t k_critical = 0x8000;

void put16(std::vector<uint8_t>& out, uint16_t v) {
    out.push_back(static_cast<uint8_t>(v >> 8));
    out.push_back(static_cast<uint8_t>(v & 0xFF));
}

uint16_t get16(const uint8_t* p) { return static_cast<uint16_t>((p[0] << 8) | p[1]); }

void put_record(std::vector<uint8_t>& out, uint16_t type, bool critical, const std::vector<uint16_t>& body) {
    put16(out, static_cast<uint16_t>(type | (critical ? k_critical : 0)));
    put16(out, static_cast<uint16_t>(body.size() * 2));
    for (uint16_t v : body) put16(out, v);
}

// A list of 16-bit values (§4.1.2, §4.1.5): the body length must be even.
bool read_u16_list(const uint8_t* body, size_t length, std::vector<int>& out) {
    if (length % 2) return false;
    for (size_t i = 0; i < length; i += 2) out.push_back(get16(body + i));
    return true;
}

// §4.1.7: an IPv4/IPv6 address literal or a fully qualified domain name, in ASCII.
bool printable_ascii(const uint8_t* body, size_t length) {
    for (size_t i = 0; i < length; ++i)
        if (body[i] < 0x21 || body[i] > 0x7E) return false;
    return true;
}
}  // namespace

std::vector<uint8_t> ke_request() {
    std::vector<uint8_t> out;
    put_record(out, ke_record::next_protocol, true, {static_cast<uint16_t>(facts::k_nts_protocol_ntpv4)});
    put_record(out, ke_record::aead_algorithm, true, {static_cast<uint16_t>(facts::k_aead_aes_siv_cmac_256)});
    put_record(out, ke_record::end_of_message, true, {});
    return out;
}

KeParse parse_ke_response(const uint8_t* data, size_t size, KeResponse& out, std::string& problem) {
    out = KeResponse{};
    facts::NtsExchange& s = out.summary;
    size_t at = 0;
    while (true) {
        if (size - at < 4) return KeParse::need_more;
        const uint16_t head = get16(data + at);
        const size_t length = get16(data + at + 2);
        if (size - at - 4 < length) return KeParse::need_more;
        if (s.records.size() >= k_max_ke_records) {
            problem = "more than " + std::to_string(k_max_ke_records) + " records";
            return KeParse::malformed;
        }
        const bool critical = head & k_critical;
        const uint16_t type = head & ~k_critical;
        const uint8_t* body = data + at + 4;
        at += 4 + length;
        s.records.push_back({type, critical, static_cast<int>(length)});
        switch (type) {
            case ke_record::end_of_message:
                // §4.1.1: critical bit set, empty body.
                if (!critical || length != 0) {
                    problem = "End of Message must be critical and empty";
                    return KeParse::malformed;
                }
                return KeParse::complete;
            case ke_record::next_protocol:
                if (!read_u16_list(body, length, s.next_protocols)) {
                    problem = "Next Protocol Negotiation body of odd length";
                    return KeParse::malformed;
                }
                break;
            case ke_record::error:
            case ke_record::warning:
                if (length != 2) {
                    problem = std::string(type == ke_record::error ? "Error" : "Warning") + " record body not 2 bytes";
                    return KeParse::malformed;
                }
                (type == ke_record::error ? s.error_code : s.warning_code) = get16(body);
                break;
            case ke_record::aead_algorithm:
                if (!read_u16_list(body, length, s.aead_algorithms)) {
                    problem = "AEAD Algorithm Negotiation body of odd length";
                    return KeParse::malformed;
                }
                break;
            case ke_record::new_cookie:
                // §4.1.6: the cookie is opaque to the client; the critical bit MUST NOT be set.
                if (critical || length == 0) {
                    problem = "New Cookie record critical or empty";
                    return KeParse::malformed;
                }
                if (s.cookies == 0) s.cookie_bytes = static_cast<int>(length);
                ++s.cookies;
                if (out.cookies.size() < k_max_cookies_kept && length <= k_max_cookie_bytes)
                    out.cookies.emplace_back(body, body + length);
                break;
            case ke_record::ntpv4_server:
                if (length == 0 || length > k_max_server_name || !printable_ascii(body, length)) {
                    problem = "NTPv4 Server Negotiation body is not a host name or address";
                    return KeParse::malformed;
                }
                s.ntp_server.assign(reinterpret_cast<const char*>(body), length);
                break;
            case ke_record::ntpv4_port:
                if (length != 2) {
                    problem = "NTPv4 Port Negotiation body not 2 bytes";
                    return KeParse::malformed;
                }
                s.ntp_port = get16(body);
                break;
            default:
                // §4: an unrecognised critical record makes the response unusable; a
                // non-critical one is ignored.
                if (critical && s.unknown_critical.size() < k_max_ke_records) s.unknown_critical.push_back(type);
                break;
        }
    }
}

}  // namespace osescan::engine::nts
