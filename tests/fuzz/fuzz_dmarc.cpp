// libFuzzer target: the DMARC parser must be total on any bytes, and bounded.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "checks/mail/dmarc_record.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace osescan::checks::mail;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const DmarcParse parsed = parse_dmarc(text);
    if (parsed.record) {
        if (parsed.record->rua.size() > k_dmarc_max_uris || parsed.record->ruf.size() > k_dmarc_max_uris) std::abort();
        if (parsed.record->pct && (*parsed.record->pct < 0 || *parsed.record->pct > 100)) std::abort();
    }
    return 0;
}
