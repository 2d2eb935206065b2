// libFuzzer target: the NTP reply reader (engine/nts/ntp_client.hpp read_reply, which runs
// the header, extension-field and authenticator parsers of ntp_packet.hpp and AES-SIV) must
// be total on any datagram. The first input byte picks plain or NTS, and whether the reply
// is made to match the request's origin timestamp, so the deeper paths are reached.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "engine/nts/ntp_client.hpp"
#include "engine/nts/ntp_packet.hpp"

namespace {
using namespace osescan::engine::nts;

void require(bool condition) {
    if (!condition) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const uint8_t mode = data[0];
    std::vector<uint8_t> datagram(data + 1, data + size);
    const uint64_t transmit = 0x0123456789ABCDEFull;
    if ((mode & 1) && datagram.size() >= 32)
        for (int i = 0; i < 8; ++i) datagram[24 + i] = static_cast<uint8_t>(transmit >> (56 - 8 * i));
    const std::vector<uint8_t> unique_id(32, 0x5A);
    if ((mode & 2) && datagram.size() >= k_ntp_header_bytes + 36) {
        // Put our unique identifier in a first extension field so the authenticator is read.
        datagram[48] = 0x01;
        datagram[49] = 0x04;
        datagram[50] = 0x00;
        datagram[51] = 36;
        for (size_t i = 0; i < 32; ++i) datagram[52 + i] = 0x5A;
    }
    NtsSecrets secrets;
    secrets.c2s_key.assign(32, 1);
    secrets.s2c_key.assign(32, 2);
    secrets.cookie.assign(64, 3);
    osescan::facts::NtpExchange out;
    (void)read_reply(datagram, transmit, unique_id, (mode & 4) ? &secrets : nullptr, 1.0e9, 1.0e9 + 0.01, out);
    require(out.extension_fields >= 0 && static_cast<size_t>(out.extension_fields) <= k_max_extension_fields);
    require(out.new_cookies >= 0 && static_cast<size_t>(out.new_cookies) <= k_max_extension_fields);

    std::string problem;
    const auto fields = parse_extension_fields(data, size, 0, problem);
    if (fields) {
        require(fields->size() <= k_max_extension_fields);
        for (const auto& f : *fields) require(f.offset + f.length <= size && f.length >= 16 && f.length % 4 == 0);
    }
    return 0;
}
