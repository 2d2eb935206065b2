// libFuzzer target: the Set-Cookie parser and cookie rules must be total on any bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "checks/headers/set_cookie.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace osescan::checks::headers;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto cookie = parse_set_cookie(text);
    if (cookie) {
        if (cookie->name.size() > size || cookie->value.size() > size) std::abort();
        if (cookie_problems(*cookie).size() > 9) std::abort();
    }
    return 0;
}
