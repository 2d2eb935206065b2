#pragma once
// caa: which certificate authorities the host's CAA records allow (RFC 8659), and whether
// those records are well-formed.

#include "checks/check.hpp"

namespace osescan::checks::certificate {

const Check& caa_check();
std::vector<Finding> check_caa(const facts::TargetFacts& facts);

// The names asked for the relevant RRset, the host first, then each parent up to (not
// including) the root (RFC 8659 §3); bounded.
std::vector<std::string> caa_search_names(const std::string& host);

}  // namespace osescan::checks::certificate
