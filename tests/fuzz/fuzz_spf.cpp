// libFuzzer target: the SPF parser must be total on any bytes, and bounded.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "checks/mail/spf_record.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace osescan::checks::mail;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const SpfParse parsed = parse_spf(text);
    if (parsed.record) {
        if (parsed.record->mechanisms.size() > k_spf_max_terms) std::abort();
        if (!parsed.error.empty()) std::abort();
    } else if (parsed.position > text.size() && parsed.position != k_spf_max_chars) {
        std::abort();
    }
    (void)macro_string_error(text, true);
    (void)domain_spec_error(text);
    return 0;
}
