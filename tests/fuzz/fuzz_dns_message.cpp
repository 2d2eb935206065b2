// libFuzzer target: the DNS response parser must be total on any bytes.
//
// Beyond "no crash, no leak, no undefined behaviour" (ASan/UBSan), it checks properties
// the rest of the engine relies on: every name it prints is a valid presentation-form name
// (name_to_wire accepts it, at most 255 octets), every type mnemonic maps back to a number,
// and the printed text stays within the documented bound.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <variant>

#include "engine/dns/dns_message.hpp"
#include "engine/dns/dns_query.hpp"
#include "engine/dns/rr_types.hpp"

namespace {
using namespace osescan::engine::dns;

void require(bool condition) {
    if (!condition) std::abort();
}

void check_record(const osescan::facts::DnsRecord& record, size_t& printed) {
    std::string error;
    const auto wire = name_to_wire(record.name, error);
    require(wire.has_value() && wire->size() <= 255);
    require(rr_type_number(record.type).has_value());
    require(rr_type_name(*rr_type_number(record.type)) == record.type);
    require(!record.data.empty());
    if (!record.txt.empty()) require(record.type == "TXT" || record.type == "SPF");
    printed += record.name.size() + record.data.size();
    for (const std::string& s : record.txt) {
        require(s.size() <= 255);
        printed += s.size();
    }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const DnsMessageResult result = parse_dns_response(std::span<const uint8_t>(data, size));
    if (const auto* answer = std::get_if<osescan::facts::DnsAnswer>(&result)) {
        require(size >= 12 && size <= k_max_message_bytes);
        require(!answer->rcode.empty());
        size_t printed = 0;
        for (const auto& record : answer->answer) check_record(record, printed);
        for (const auto& record : answer->authority) check_record(record, printed);
        require(printed <= k_max_presentation_bytes);
    } else {
        require(!std::get<DnsMessageError>(result).reason.empty());
        require(std::get<DnsMessageError>(result).offset <= size);
    }
    return 0;
}
