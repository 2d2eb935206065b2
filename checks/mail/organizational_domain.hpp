#pragma once
// The organizational domain (RFC 7489 §3.2): the registrable domain by the Public Suffix
// List (libpsl's built-in copy; pure data, no network).

#include <string>

namespace osescan::checks::mail {

// Lower-case name in, its organizational domain out; the name itself when the list has
// no answer (a public suffix or an unknown name).
std::string organizational_domain(const std::string& name);

}  // namespace osescan::checks::mail
