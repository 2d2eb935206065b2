// libFuzzer target: the RFC 8941 dictionary parser (Permissions-Policy) and the
// Referrer-Policy parser must be total on any bytes, and bounded.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "checks/headers/referrer_policy_header.hpp"
#include "checks/headers/structured_field.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace osescan::checks::headers;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const SfDictionary d = parse_sf_dictionary(text);
    if (d.ok != d.error.empty()) std::abort();
    if (!d.ok && !d.members.empty()) std::abort();
    if (d.members.size() > k_sf_max_members) std::abort();
    for (const SfMember& m : d.members)
        if (m.key.empty() || m.items.size() > k_sf_max_members) std::abort();
    (void)parse_referrer_policy({text});
    return 0;
}
