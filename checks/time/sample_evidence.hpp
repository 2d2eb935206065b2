#pragma once
// An NTP exchange as evidence: the reply's header fields and what was measured.

#include <nlohmann/json.hpp>

#include "facts/facts.hpp"

namespace osescan::checks::time {

nlohmann::json exchange_evidence(const facts::NtpExchange& exchange);

// Milliseconds with one decimal, for summaries.
std::string milliseconds_text(double ms);

}  // namespace osescan::checks::time
