#pragma once
// Conversions between the project's IpAddress (bytes in network order) and RTRlib's
// lrtr_ip_addr (32-bit words in host order). Private to engine/rpki.

#include <rtrlib/rtrlib.h>

#include "facts/ip_prefix.hpp"

namespace osescan::engine::rpki {

inline lrtr_ip_addr to_lrtr(const facts::IpAddress& address) {
    lrtr_ip_addr out{};
    auto word = [&](size_t at) {
        return (uint32_t{address.bytes[at]} << 24) | (uint32_t{address.bytes[at + 1]} << 16) |
               (uint32_t{address.bytes[at + 2]} << 8) | uint32_t{address.bytes[at + 3]};
    };
    if (address.v6) {
        out.ver = LRTR_IPV6;
        for (size_t i = 0; i < 4; ++i) out.u.addr6.addr[i] = word(i * 4);
    } else {
        out.ver = LRTR_IPV4;
        out.u.addr4.addr = word(0);
    }
    return out;
}

inline facts::IpAddress from_lrtr(const lrtr_ip_addr& address) {
    facts::IpAddress out;
    auto put = [&](size_t at, uint32_t word) {
        out.bytes[at] = static_cast<uint8_t>(word >> 24);
        out.bytes[at + 1] = static_cast<uint8_t>(word >> 16);
        out.bytes[at + 2] = static_cast<uint8_t>(word >> 8);
        out.bytes[at + 3] = static_cast<uint8_t>(word);
    };
    if (address.ver == LRTR_IPV6) {
        out.v6 = true;
        for (size_t i = 0; i < 4; ++i) put(i * 4, address.u.addr6.addr[i]);
    } else {
        put(0, address.u.addr4.addr);
    }
    return out;
}

}  // namespace osescan::engine::rpki
