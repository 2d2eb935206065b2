#pragma once
// RDATA of one record in presentation format (what `dig +short` prints), see DnsRecord.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "facts/facts.hpp"

namespace osescan::engine::dns {

// Sets record.data (and record.txt for TXT/SPF) from the RDATA at [offset, offset + length)
// of `message`. Types without a specific format here, and RDATA that does not fit its
// type's format (wrong length, bad embedded name, trailing bytes), are printed in the
// RFC 3597 §5 generic form "\# <length> <HEX>", which is valid for every type.
void format_rdata(std::span<const uint8_t> message, size_t offset, size_t length, uint16_t type,
                  facts::DnsRecord& record);

// "\# 4 0A000001"; "\# 0" when empty (RFC 3597 §5).
std::string generic_rdata(std::span<const uint8_t> rdata);

}  // namespace osescan::engine::dns
