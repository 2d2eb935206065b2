#pragma once
// The names under which people reach a site: the domain they typed and its www name.
//
// Visitors type both "example.com" and "www.example.com"; checks that speak for "the
// site" (DNSSEC answers, IPv6 addresses) look at both. A target that already starts with
// "www." is its own www name.

#include <string>
#include <vector>

#include "facts/facts.hpp"

namespace osescan::checks::common {

// {host, "www." + host}, or {host} when host starts with "www." (or is an IP literal).
std::vector<std::string> site_names(const facts::Target& target);

}  // namespace osescan::checks::common
