// libFuzzer target: the DKIM key-record parser, base64 and the SPKI reader must be total.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "checks/mail/dkim_record.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace osescan::checks::mail;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const DkimParse parsed = parse_dkim_key(text);
    if (parsed.record && parsed.record->key.size() > 8192) std::abort();
    const std::vector<uint8_t> der(data, data + size);
    if (auto bits = rsa_modulus_bits(der); bits && (*bits <= 0 || static_cast<size_t>(*bits) > size * 8)) std::abort();
    return 0;
}
