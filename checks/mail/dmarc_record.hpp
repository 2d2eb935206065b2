#pragma once
// DMARC record syntax (RFC 7489 §6.3, §6.4): a total parser for one `v=DMARC1` TXT
// record. Untrusted input: never throws, linear work, bounded input and output.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace osescan::checks::mail {

inline constexpr size_t k_dmarc_max_chars = 8192;
inline constexpr size_t k_dmarc_max_uris = 32;

struct DmarcUri {
    std::string uri;           // as written, without the size limit
    std::string mailto_domain; // lower case domain of a mailto: address, "" otherwise
};

struct DmarcRecord {
    std::string p;                  // "none", "quarantine", "reject"; "" when absent
    std::optional<std::string> sp;
    int pct = 100;
    std::string adkim = "r";
    std::string aspf = "r";
    std::string fo = "0";
    std::string rf = "afrf";
    long ri = 86400;
    std::vector<DmarcUri> rua;
    std::vector<DmarcUri> ruf;
    std::vector<std::string> unknown_tags;  // ignored (§6.3)
};

struct DmarcParse {
    std::optional<DmarcRecord> record;
    std::string error;
    size_t position = 0;   // byte offset of the offending tag
};

// Starts with the tag "v=DMARC1" (whitespace allowed around "="), §6.6.3 step 5.
bool is_dmarc_record(std::string_view txt);

DmarcParse parse_dmarc(std::string_view text);

}  // namespace osescan::checks::mail
