#pragma once
// Three-level rating of one certificate property (key, signature hash), in the NCSC-NL
// vocabulary: good -> pass, sufficient -> warn, insufficient -> fail.

#include <string>

#include "checks/finding.hpp"

namespace osescan::checks::certificate {

enum class Rating { good, sufficient, insufficient };

std::string rating_name(Rating rating);  // "good", "sufficient", "insufficient"
Status rating_status(Rating rating);
Rating worse(Rating a, Rating b);

}  // namespace osescan::checks::certificate
