#include "checks/certificate/chain_rating.hpp"

namespace osescan::checks::certificate {

std::string rating_name(Rating rating) {
    switch (rating) {
        case Rating::good: return "good";
        case Rating::sufficient: return "sufficient";
        case Rating::insufficient: return "insufficient";
    }
    return "insufficient";
}

Status rating_status(Rating rating) {
    switch (rating) {
        case Rating::good: return Status::pass;
        case Rating::sufficient: return Status::warn;
        case Rating::insufficient: return Status::fail;
    }
    return Status::fail;
}

Rating worse(Rating a, Rating b) { return static_cast<int>(a) >= static_cast<int>(b) ? a : b; }

}  // namespace osescan::checks::certificate
