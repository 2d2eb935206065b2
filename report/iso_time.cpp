#include "report/iso_time.hpp"

#include "facts/iso_time.hpp"

namespace osescan::report {

// One calendar computation for the whole program (facts/iso_time: arithmetic, no
// gmtime limits); reports only add the millisecond form.
std::string iso8601_utc(int64_t unix_seconds) { return facts::iso8601_utc(unix_seconds); }

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
    std::string text = facts::iso8601_utc(seconds);  // "...:SSZ"
    const std::string fraction = std::to_string(1000 + rest).substr(1);  // "125", "007"
    text.insert(text.size() - 1, "." + fraction);
    return text;
}

}  // namespace osescan::report
