#pragma once
// Three-level rating of one certificate property (key, signature hash), in the NCSC-NL
// vocabulary: good -> pass, sufficient -> warn, insufficient -> fail.

#include <string>
#include <vector>

#include "checks/finding.hpp"

namespace osescan::checks::certificate {

enum class Rating { good, sufficient, insufficient };

std::string rating_name(Rating rating);  // "good", "sufficient", "insufficient"
Status rating_status(Rating rating);
Rating worse(Rating a, Rating b);

// The worst rating over a chain judged certificate by certificate, and what has it
// ("intermediate RSA 1024 bits, leaf ..."), for a summary that names every culprit.
class WorstRating {
public:
    void add(Rating rating, std::string what);
    Rating overall() const { return m_overall; }
    std::string names() const;  // the descriptions at the worst rating, ", "-separated

private:
    Rating m_overall = Rating::good;
    std::vector<std::string> m_worst;  // empty while every rating is good
};

// The outcome codes of a chain rating, one per level.
struct RatingOutcomes {
    const char* good;
    const char* sufficient;
    const char* insufficient;
};

// The finding for `worst` at `endpoint`: the good outcome names the leaf's rating (`leaf`),
// the others every culprit ({names}).
Finding conclude_worst(const std::string& check_id, const std::string& subject, const std::string& endpoint,
                       const WorstRating& worst, const RatingOutcomes& codes, const std::string& leaf,
                       nlohmann::json evidence);

}  // namespace osescan::checks::certificate
