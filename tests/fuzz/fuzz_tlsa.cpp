// libFuzzer target: the TLSA record parser (RFC 6698 §2) and the PEM decoder used for
// Full(0) matching must be total on any bytes, and bounded.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "checks/certificate/tlsa_record.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace osescan::checks::certificate;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (const auto record = parse_tlsa_data(text)) {
        if (record->data.size() > k_tlsa_max_data_hex || record->data.size() % 2 != 0) std::abort();
        (void)tlsa_unusable_reason(*record);
        (void)tlsa_description(*record);
    }
    (void)pem_der(text);
    return 0;
}
