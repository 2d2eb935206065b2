#pragma once
// DMARC policy record syntax as RFC 9989 (DMARCbis, which obsoletes RFC 7489) defines it
// (§4.7 tags, §4.8 formal definition): a total parser for one `v=DMARC1` TXT record.
// Untrusted input: never throws, linear work, bounded input and output.
//
// RFC 9989 §4.7: "Unknown tags MUST be ignored. Syntax errors in the remainder of the record
// MUST be discarded in favor of default values (if any) or ignored outright." So a bad value
// of adkim, aspf, fo, t or psd, or a malformed report URI, does not void the record: it is
// recorded in `discarded` / `invalid_uris` and the default stands. A missing or invalid p, or
// an invalid sp or np, is recorded in `policy_problems`: §4.10.1 then has receivers act as if
// p=none (when rua= holds a valid URI) or skip DMARC. Only a broken tag-list (no "=", a bad
// or duplicate tag name, v not first) makes the record unparseable (`record` empty).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace osescan::checks::mail {

inline constexpr size_t k_dmarc_max_chars = 8192;
inline constexpr size_t k_dmarc_max_uris = 32;
inline constexpr size_t k_dmarc_max_notes = 32;

struct DmarcUri {
    std::string uri;            // as written, without the RFC 7489 "!size" suffix
    std::string mailto_domain;  // lower case domain of a mailto: address, "" otherwise
};

// A tag value the record gives but a receiver discards (its default stands).
struct DmarcDiscarded {
    std::string tag;
    std::string value;   // bounded copy, untrusted
    std::string reason;
};

struct DmarcRecord {
    std::optional<std::string> p;   // "none", "quarantine", "reject" when valid
    std::optional<std::string> sp;
    std::optional<std::string> np;  // non-existent subdomains (RFC 9989 §4.7)
    std::string t = "n";            // test mode: "y" asks receivers to apply one level less
    std::string psd = "u";          // public suffix domain flag: y, n, u
    std::optional<int> pct;         // retired by RFC 9989; RFC 7489 receivers still honour it
    std::string adkim = "r";
    std::string aspf = "r";
    std::string fo = "0";
    std::vector<DmarcUri> rua;
    std::vector<DmarcUri> ruf;
    std::vector<std::string> policy_problems;   // e.g. "no p= tag", "np=invalid is not ..."
    std::vector<DmarcDiscarded> discarded;      // invalid values replaced by defaults
    std::vector<DmarcDiscarded> invalid_uris;   // report URIs ignored (tag rua/ruf)
    std::vector<std::string> retired_tags;      // pct, rf, ri: tolerated, noted
    std::vector<std::string> unknown_tags;      // ignored (§4.7)
};

struct DmarcParse {
    std::optional<DmarcRecord> record;
    std::string error;
    size_t position = 0;   // byte offset of the offending tag
};

// Starts with the tag "v=DMARC1" (whitespace allowed around "="), RFC 9989 §4.10 step 2.
bool is_dmarc_record(std::string_view txt);

DmarcParse parse_dmarc(std::string_view text);

}  // namespace osescan::checks::mail
