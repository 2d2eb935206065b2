#include "engine/dns/dns_query.hpp"

namespace osescan::engine::dns {

namespace {
constexpr size_t k_max_name_octets = 255;  // RFC 1035 §3.1
constexpr size_t k_max_label_octets = 63;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

void put_u16(std::vector<uint8_t>& out, uint16_t value) {
    out.push_back(static_cast<uint8_t>(value >> 8));
    out.push_back(static_cast<uint8_t>(value & 0xFF));
}
}  // namespace

std::optional<std::vector<uint8_t>> name_to_wire(std::string_view name, std::string& error) {
    std::vector<uint8_t> wire;
    if (name.empty() || name == ".") {
        wire.push_back(0);
        return wire;
    }
    std::vector<uint8_t> label;
    auto end_label = [&]() -> bool {
        if (label.empty()) {
            error = "empty label in name";
            return false;
        }
        if (label.size() > k_max_label_octets) {
            error = "label longer than 63 octets";
            return false;
        }
        wire.push_back(static_cast<uint8_t>(label.size()));
        wire.insert(wire.end(), label.begin(), label.end());
        label.clear();
        return true;
    };
    size_t i = 0;
    while (i < name.size()) {
        const char c = name[i];
        if (c == '.') {
            if (!end_label()) return std::nullopt;
            ++i;
            if (i == name.size()) break;  // the trailing dot of an absolute name
            continue;
        }
        if (c == '\\') {
            if (i + 1 >= name.size()) {
                error = "name ends with a backslash";
                return std::nullopt;
            }
            if (is_digit(name[i + 1])) {
                if (i + 3 >= name.size() || !is_digit(name[i + 2]) || !is_digit(name[i + 3])) {
                    error = "incomplete \\DDD escape";
                    return std::nullopt;
                }
                const int value = (name[i + 1] - '0') * 100 + (name[i + 2] - '0') * 10 + (name[i + 3] - '0');
                if (value > 255) {
                    error = "\\DDD escape above 255";
                    return std::nullopt;
                }
                label.push_back(static_cast<uint8_t>(value));
                i += 4;
            } else {
                label.push_back(static_cast<uint8_t>(name[i + 1]));
                i += 2;
            }
            continue;
        }
        label.push_back(static_cast<uint8_t>(c));
        ++i;
    }
    if (!label.empty() && !end_label()) return std::nullopt;
    wire.push_back(0);
    if (wire.size() > k_max_name_octets) {
        error = "name longer than 255 octets";
        return std::nullopt;
    }
    return wire;
}

std::optional<std::vector<uint8_t>> build_query(const DnsQuery& query, std::string& error) {
    auto qname = name_to_wire(query.name, error);
    if (!qname) return std::nullopt;
    std::vector<uint8_t> out;
    out.reserve(12 + qname->size() + 4 + 11);
    put_u16(out, query.id);
    put_u16(out, query.recursion_desired ? 0x0100 : 0x0000);  // QR=0 OPCODE=QUERY, RD
    put_u16(out, 1);                                          // QDCOUNT
    put_u16(out, 0);                                          // ANCOUNT
    put_u16(out, 0);                                          // NSCOUNT
    put_u16(out, query.edns_udp_size ? 1 : 0);                // ARCOUNT
    out.insert(out.end(), qname->begin(), qname->end());
    put_u16(out, query.type);
    put_u16(out, 1);  // class IN
    if (query.edns_udp_size) {
        // RFC 6891 §6.1.2: root owner, type OPT, CLASS = payload size, TTL = extended
        // RCODE 0, version 0, flags 0 (DO clear: the stub does not ask for signatures).
        out.push_back(0);
        put_u16(out, 41);
        put_u16(out, query.edns_udp_size);
        put_u16(out, 0);
        put_u16(out, 0);
        put_u16(out, 0);  // RDLENGTH
    }
    return out;
}

}  // namespace osescan::engine::dns
