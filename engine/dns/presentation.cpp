#include "engine/dns/presentation.hpp"

#include <cstdio>

namespace osescan::engine::dns {

namespace {
void append_decimal_escape(std::string& out, uint8_t byte) {
    out += '\\';
    out += static_cast<char>('0' + byte / 100);
    out += static_cast<char>('0' + (byte / 10) % 10);
    out += static_cast<char>('0' + byte % 10);
}

// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm; proleptic Gregorian).
void civil_from_days(int64_t days, int64_t& year, unsigned& month, unsigned& day) {
    days += 719468;
    const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const unsigned day_of_era = static_cast<unsigned>(days - era * 146097);
    const unsigned year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const unsigned mp = (5 * day_of_year + 2) / 153;
    day = day_of_year - (153 * mp + 2) / 5 + 1;
    month = mp < 10 ? mp + 3 : mp - 9;
    year = static_cast<int64_t>(year_of_era) + era * 400 + (month <= 2 ? 1 : 0);
}
}  // namespace

void append_escaped_label(std::string& out, std::span<const uint8_t> label) {
    for (uint8_t byte : label) {
        switch (byte) {
            case '.': case '\\': case '"': case '(': case ')': case ';': case '@': case '$':
                out += '\\';
                out += static_cast<char>(byte);
                break;
            default:
                if (byte <= 0x20 || byte >= 0x7F)
                    append_decimal_escape(out, byte);
                else
                    out += static_cast<char>(byte);
        }
    }
}

void append_quoted_string(std::string& out, std::span<const uint8_t> bytes) {
    out += '"';
    for (uint8_t byte : bytes) {
        if (byte == '"' || byte == '\\') {
            out += '\\';
            out += static_cast<char>(byte);
        } else if (byte < 0x20 || byte >= 0x7F) {
            append_decimal_escape(out, byte);
        } else {
            out += static_cast<char>(byte);
        }
    }
    out += '"';
}

std::string hex_upper(std::span<const uint8_t> bytes) {
    static constexpr char k_digits[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (uint8_t byte : bytes) {
        out += k_digits[byte >> 4];
        out += k_digits[byte & 0x0F];
    }
    return out;
}

std::string base64(std::span<const uint8_t> bytes) {
    static constexpr char k_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const uint32_t group = (uint32_t{bytes[i]} << 16) | (uint32_t{bytes[i + 1]} << 8) | bytes[i + 2];
        out += k_alphabet[(group >> 18) & 63];
        out += k_alphabet[(group >> 12) & 63];
        out += k_alphabet[(group >> 6) & 63];
        out += k_alphabet[group & 63];
    }
    const size_t rest = bytes.size() - i;
    if (rest == 1) {
        const uint32_t group = uint32_t{bytes[i]} << 16;
        out += k_alphabet[(group >> 18) & 63];
        out += k_alphabet[(group >> 12) & 63];
        out += "==";
    } else if (rest == 2) {
        const uint32_t group = (uint32_t{bytes[i]} << 16) | (uint32_t{bytes[i + 1]} << 8);
        out += k_alphabet[(group >> 18) & 63];
        out += k_alphabet[(group >> 12) & 63];
        out += k_alphabet[(group >> 6) & 63];
        out += '=';
    }
    return out;
}

std::string base32hex_upper(std::span<const uint8_t> bytes) {
    static constexpr char k_alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUV";
    std::string out;
    uint32_t buffer = 0;
    int bits = 0;
    for (uint8_t byte : bytes) {
        buffer = (buffer << 8) | byte;
        bits += 8;
        while (bits >= 5) {
            out += k_alphabet[(buffer >> (bits - 5)) & 31];
            bits -= 5;
        }
        buffer &= (1u << bits) - 1;  // keep only the bits not yet printed
    }
    if (bits > 0) out += k_alphabet[(buffer << (5 - bits)) & 31];
    return out;
}

std::string rrsig_time(uint32_t seconds) {
    int64_t year = 0;
    unsigned month = 0, day = 0;
    civil_from_days(seconds / 86400, year, month, day);
    const uint32_t in_day = seconds % 86400;
    char text[32];
    std::snprintf(text, sizeof text, "%04lld%02u%02u%02u%02u%02u", static_cast<long long>(year), month, day,
                  in_day / 3600, (in_day / 60) % 60, in_day % 60);
    return text;
}

}  // namespace osescan::engine::dns
