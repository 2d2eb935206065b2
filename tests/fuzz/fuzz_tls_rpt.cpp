// libFuzzer target: the TLS-RPT record parser must be total on any bytes, and bounded.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "checks/mail/tls_rpt_record.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace osescan::checks::mail;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const TlsRptParse parsed = parse_tls_rpt(text);
    if (parsed.record) {
        if (parsed.record->rua.empty() || parsed.record->rua.size() > k_tls_rpt_max_uris) std::abort();
        for (const auto& uri : parsed.record->rua)
            if (uri.size() > k_tls_rpt_max_chars) std::abort();
    } else if (parsed.error.empty()) {
        std::abort();
    }
    return 0;
}
