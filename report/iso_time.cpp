#include "report/iso_time.hpp"

#include <cstdio>
#include <ctime>

namespace osescan::report {

namespace {
std::string format_utc(int64_t unix_seconds, int milliseconds, bool with_millis) {
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    if (!gmtime_r(&t, &tm)) return "1970-01-01T00:00:00Z";
    char buffer[96];  // room for any int the compiler cannot rule out
    if (with_millis)
        std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                      tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, milliseconds);
    else
        std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
                      tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buffer;
}
}  // namespace

std::string iso8601_utc(int64_t unix_seconds) { return format_utc(unix_seconds, 0, false); }

std::string iso8601_utc(std::chrono::system_clock::time_point when) {
    using namespace std::chrono;
    const auto millis = duration_cast<milliseconds>(when.time_since_epoch()).count();
    // Floor division so that times before 1970 still format correctly.
    int64_t seconds = millis / 1000;
    int64_t rest = millis % 1000;
    if (rest < 0) {
        rest += 1000;
        seconds -= 1;
    }
    return format_utc(seconds, static_cast<int>(rest), true);
}

}  // namespace osescan::report
