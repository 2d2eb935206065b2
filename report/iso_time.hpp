#pragma once
// ISO 8601 UTC timestamps for reports ("2026-11-24T06:44:48Z", RFC 3339 §5.6 profile).

#include <chrono>
#include <cstdint>
#include <string>

namespace osescan::report {

// Whole seconds, e.g. "2026-11-24T06:44:48Z".
std::string iso8601_utc(int64_t unix_seconds);
// Millisecond precision, e.g. "2026-11-24T06:44:48.125Z".
std::string iso8601_utc(std::chrono::system_clock::time_point when);

}  // namespace osescan::report
