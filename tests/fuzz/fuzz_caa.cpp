// libFuzzer target: the CAA record parser and the property grammars (RFC 8659) must be
// total on any bytes, and bounded.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "checks/certificate/caa_record.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace osescan::checks::certificate;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (const auto property = parse_caa_data(text)) {
        if (property->value.size() > k_caa_max_value_bytes + 17) std::abort();
        (void)caa_tag_kind(property->tag);
        (void)caa_property_error(*property);
    }
    // The value grammar on its own, as issue/issuewild/issuemail values.
    const CaaIssueParse issue = parse_caa_issue_value(text);
    if (issue.value.has_value() == !issue.error.empty()) std::abort();
    if (issue.value && issue.value->parameters.size() > k_caa_max_parameters) std::abort();
    return 0;
}
