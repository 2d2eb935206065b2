#pragma once
// Text helpers shared by the mail record parsers (SPF, DMARC, DKIM). Their records are
// ASCII; names and tags compare case-insensitively (RFC 7208 §4.6.1, RFC 7489 §6.4,
// RFC 6376 §3.2) and whitespace is SP/HTAB, plus CR/LF from folded TXT data.

#include <string>
#include <string_view>

namespace osescan::checks::mail {

bool is_space(char c);
char lower(char c);                          // ASCII only: no locale
std::string_view trim(std::string_view s);   // whitespace off both ends
std::string lowered(std::string_view s);

}  // namespace osescan::checks::mail
