// libFuzzer target: the CSP parser and weakness rules must be total on any bytes, and bounded.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "checks/headers/csp_policy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace osescan::checks::headers;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto policies = parse_csp_list(text);
    if (policies.size() > k_csp_max_policies) std::abort();
    for (const CspPolicy& p : policies) {
        if (p.directives.size() > k_csp_max_directives) std::abort();
        for (const CspDirective& d : p.directives)
            if (d.sources.size() > k_csp_max_sources || d.name.empty()) std::abort();
        (void)restricts_framing(p);
    }
    (void)combined_weaknesses(policies);
    return 0;
}
