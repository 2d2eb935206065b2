#pragma once
// The response the header checks judge: the first HTTPS response of each web address
// (GET of the target path, redirects not followed: the headers a browser sees first), and
// the values of one header in it. Shared so that every header check asks for the same fact.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "checks/finding.hpp"
#include "facts/target_facts.hpp"

namespace osescan::checks::headers {

// Judges one address whose first HTTPS response arrived; `endpoint` is "address:port".
using ResponseJudge = std::function<Finding(const std::string& address, const std::string& endpoint,
                                            const facts::HttpResponse& response)>;

// One finding per web address; a response that could not be fetched is an `error` finding.
std::vector<Finding> judge_first_https_response(const facts::TargetFacts& facts, const std::string& check_id,
                                                const ResponseJudge& judge);

// The values of every `name` field, in order (ASCII case-insensitive name).
std::vector<std::string_view> header_values(const facts::HttpResponse& response, const std::string& name);

// Header values for evidence (displayable, bounded).
nlohmann::json evidence_values(const std::vector<std::string_view>& values);

// Field values joined as one (RFC 9110 §5.3: several field lines = one comma-joined value).
std::string combined_value(const std::vector<std::string_view>& values);

// Fetch's "get, decode, and split" of the values (Fetch §2.2.2): comma-separated pieces,
// HTTP whitespace trimmed, a '"'-quoted piece kept whole; at most `max` pieces.
std::vector<std::string> split_values(const std::vector<std::string_view>& values, size_t max = 64);

}  // namespace osescan::checks::headers
