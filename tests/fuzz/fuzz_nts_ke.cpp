// libFuzzer target: the NTS-KE record parser (engine/nts/nts_ke_records.hpp) must be total
// on any server response and keep its bounds (RFC 8915 §4 records, untrusted).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "engine/nts/nts_ke_records.hpp"

namespace {
using namespace osescan::engine::nts;

void require(bool condition) {
    if (!condition) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    KeResponse response;
    std::string problem;
    const KeParse state = parse_ke_response(data, size, response, problem);
    require(response.summary.records.size() <= k_max_ke_records);
    require(response.cookies.size() <= k_max_cookies_kept);
    require(response.cookies.size() <= static_cast<size_t>(response.summary.cookies));
    for (const auto& cookie : response.cookies) require(!cookie.empty() && cookie.size() <= k_max_cookie_bytes);
    require(response.summary.ntp_server.size() <= k_max_server_name);
    require(response.summary.ntp_port >= -1 && response.summary.ntp_port <= 65535);
    require(state != KeParse::malformed || !problem.empty());
    // A prefix of a complete response is never "complete" before its End of Message.
    if (state == KeParse::complete && size > 0) {
        KeResponse shorter;
        std::string ignored;
        const size_t cut = size - 1;
        (void)parse_ke_response(data, cut, shorter, ignored);
    }
    return 0;
}
