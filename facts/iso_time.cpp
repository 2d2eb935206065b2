#include "facts/iso_time.hpp"

#include <cstdio>

namespace osescan::facts {

namespace {
constexpr int64_t k_seconds_per_day = 86400;

int64_t floor_div(int64_t a, int64_t b) {
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

// Keeps the arithmetic far from int64 overflow: a certificate can claim any time, but
// ±10^15 s (about 31 million years) covers every real one.
int64_t clamp_seconds(int64_t unix_seconds) {
    constexpr int64_t k_limit = 1'000'000'000'000'000;
    if (unix_seconds > k_limit) return k_limit;
    if (unix_seconds < -k_limit) return -k_limit;
    return unix_seconds;
}

struct CivilDate {
    int64_t year;
    unsigned month;
    unsigned day;
};

// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's civil_from_days).
CivilDate civil_from_days(int64_t days) {
    days += 719468;
    const int64_t era = floor_div(days, 146097);
    const int64_t day_of_era = days - era * 146097;
    const int64_t year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const int64_t mp = (5 * day_of_year + 2) / 153;
    const auto day = static_cast<unsigned>(day_of_year - (153 * mp + 2) / 5 + 1);
    const auto month = static_cast<unsigned>(mp < 10 ? mp + 3 : mp - 9);
    const int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
    return {year, month, day};
}
}  // namespace

std::string iso8601_utc(int64_t unix_seconds) {
    unix_seconds = clamp_seconds(unix_seconds);
    const int64_t days = floor_div(unix_seconds, k_seconds_per_day);
    const int64_t second_of_day = unix_seconds - days * k_seconds_per_day;
    const CivilDate date = civil_from_days(days);
    char text[64];
    std::snprintf(text, sizeof text, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ",
                  static_cast<long long>(date.year), date.month, date.day,
                  static_cast<long long>(second_of_day / 3600),
                  static_cast<long long>(second_of_day / 60 % 60),
                  static_cast<long long>(second_of_day % 60));
    return text;
}

int64_t days_between(int64_t now, int64_t then) {
    // `then` comes from a certificate (untrusted): clamp before subtracting.
    return floor_div(clamp_seconds(then) - clamp_seconds(now), k_seconds_per_day);
}

}  // namespace osescan::facts
