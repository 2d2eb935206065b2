#pragma once
// SMTP TLS Reporting policy record syntax (RFC 8460 §3): a total parser for one TXT record at
// _smtp._tls.<domain>. Untrusted input: never throws, linear work, bounded input and output.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace osescan::checks::mail {

inline constexpr size_t k_tls_rpt_max_chars = 4096;
inline constexpr size_t k_tls_rpt_max_uris = 16;

struct TlsRptRecord {
    std::vector<std::string> rua;         // mailto: and https: URIs (§3: the two schemes)
    std::vector<std::string> extensions;  // names of tlsrpt-extension fields, ignored
};

struct TlsRptParse {
    std::optional<TlsRptRecord> record;
    std::string error;
};

// Begins with "v=TLSRPTv1" (case-sensitive) followed by ";" or the end: the records a sender
// keeps (§3: "records that do not begin with v=TLSRPTv1; are discarded").
bool is_tls_rpt_record(std::string_view txt);

TlsRptParse parse_tls_rpt(std::string_view text);

}  // namespace osescan::checks::mail
