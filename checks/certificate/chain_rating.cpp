#include "checks/certificate/chain_rating.hpp"

#include "checks/common/findings.hpp"

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

void WorstRating::add(Rating rating, std::string what) {
    if (rating != Rating::good && rating == m_overall) {
        m_worst.push_back(std::move(what));
    } else if (static_cast<int>(rating) > static_cast<int>(m_overall)) {
        m_overall = rating;
        m_worst = {std::move(what)};
    }
}

Finding conclude_worst(const std::string& check_id, const std::string& subject, const std::string& endpoint,
                       const WorstRating& worst, const RatingOutcomes& codes, const std::string& leaf,
                       nlohmann::json evidence) {
    switch (worst.overall()) {
        case Rating::good:
            return common::conclude(check_id, subject, codes.good, {{"endpoint", endpoint}, {"leaf", leaf}},
                                    std::move(evidence));
        case Rating::sufficient:
            return common::conclude(check_id, subject, codes.sufficient,
                                    {{"endpoint", endpoint}, {"names", worst.names()}}, std::move(evidence));
        case Rating::insufficient: break;
    }
    return common::conclude(check_id, subject, codes.insufficient, {{"endpoint", endpoint}, {"names", worst.names()}},
                            std::move(evidence));
}

std::string WorstRating::names() const {
    std::string out;
    for (size_t i = 0; i < m_worst.size(); ++i) out += (i ? ", " : "") + m_worst[i];
    return out;
}

}  // namespace osescan::checks::certificate
