#pragma once
// Builds DNS query messages in wire format (RFC 1035 §4.1) with an EDNS(0) OPT record
// (RFC 6891 §6.1.2) advertising our UDP payload size.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace osescan::engine::dns {

struct DnsQuery {
    std::string name;                  // presentation form; "" or "." is the root
    uint16_t type = 1;
    bool recursion_desired = true;     // RD: false when asking an authoritative server
    uint16_t edns_udp_size = 4096;     // 0 = no OPT record
    uint16_t id = 0;                   // c-ares replaces it with a random one
};

// The presentation-form name (RFC 1035 §5.1 escapes \X and \DDD allowed, trailing dot
// optional) in uncompressed wire form; nullopt with `error` set if it is not a valid name.
std::optional<std::vector<uint8_t>> name_to_wire(std::string_view name, std::string& error);

// nullopt with `error` set if the name is invalid.
std::optional<std::vector<uint8_t>> build_query(const DnsQuery& query, std::string& error);

}  // namespace osescan::engine::dns
