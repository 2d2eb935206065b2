#pragma once
// Why an RPKI-invalid route is invalid, from the VRPs covering it (RFC 6811 §2: a covered
// route is invalid when no covering VRP matches both its origin AS and its length).

#include <cstdint>
#include <string>
#include <vector>

#include "facts/facts.hpp"

namespace osescan::engine::rpki {

// "too-specific": a covering VRP names the origin AS but the route is longer than its
//                 maxLength (the origin is right; the ROA or the announcement length is not);
// "as0":          every covering VRP is an AS0 VRP (RFC 6483 §4: "must not be routed");
// "as-mismatch":  otherwise (no covering VRP names the origin AS).
// Only meaningful for invalid routes.
std::string invalid_reason(uint32_t origin_asn, const std::vector<facts::Vrp>& covering);

}  // namespace osescan::engine::rpki
