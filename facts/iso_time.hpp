#pragma once
// Unix seconds as ISO 8601 UTC text, computed arithmetically (no time zone database, no
// locale, no gmtime limits), so evidence is identical on every machine and in replays.

#include <cstdint>
#include <string>

namespace osescan::facts {

// "2025-03-01T12:00:00Z"; works for any int64 (years beyond 9999 get more digits).
std::string iso8601_utc(int64_t unix_seconds);

// Whole days from `now` to `then`, rounded toward minus infinity (expired yesterday: -1).
int64_t days_between(int64_t now, int64_t then);

}  // namespace osescan::facts
