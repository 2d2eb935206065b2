// libFuzzer target: the SCT list parser (RFC 6962 section 3.3) must be total on any bytes
// and keep its bounds: at most k_max_scts timestamps, each v1 one with a 32-byte log id.

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "engine/tls/sct_list.hpp"

namespace {
using namespace osescan::engine::tls;

void require(bool condition) {
    if (!condition) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const auto list = parse_sct_list(data, size, "certificate");
    if (list) {
        require(list->size() <= k_max_scts);
        for (const auto& sct : *list) {
            require(sct.source == "certificate");
            require(sct.version != 0 || sct.log_id.size() == 64);
            require(sct.timestamp_ms >= 0);
        }
    }
    if (const auto one = parse_sct(data, size, "tls-extension")) require(one->version != 0 || one->log_id.size() == 64);
    return 0;
}
