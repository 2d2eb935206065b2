// libFuzzer target: the 0-RTT probe's status-line reader must be total on any bytes a server
// sends, keep its bound, and keep only printable ASCII.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "engine/http/status_line.hpp"

namespace {
using namespace osescan::engine::http;

void require(bool condition) {
    if (!condition) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view received(reinterpret_cast<const char*>(data), size);
    (void)status_line_complete(received);
    if (const auto line = parse_status_line(received)) {
        require(line->status >= 100 && line->status <= 599);
        require(line->text.size() <= k_max_status_line);
        for (char c : line->text) require(c >= 0x20 && c < 0x7f);
        require(line->text.rfind("HTTP/1.", 0) == 0);
    }
    return 0;
}
