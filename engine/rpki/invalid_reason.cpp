#include "engine/rpki/invalid_reason.hpp"

#include <algorithm>

namespace osescan::engine::rpki {

std::string invalid_reason(uint32_t origin_asn, const std::vector<facts::Vrp>& covering) {
    // AS0 never authorises an origin (RFC 6483 §4; RFC 7607 forbids AS0 as an origin).
    if (origin_asn != 0 &&
        std::any_of(covering.begin(), covering.end(), [&](const facts::Vrp& v) { return v.asn == origin_asn; }))
        return "too-specific";
    if (!covering.empty() &&
        std::all_of(covering.begin(), covering.end(), [](const facts::Vrp& v) { return v.asn == 0; }))
        return "as0";
    return "as-mismatch";
}

}  // namespace osescan::engine::rpki
