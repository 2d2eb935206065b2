#pragma once
// security_txt: the security contact file of RFC 9116 at /.well-known/security.txt.

#include "checks/check.hpp"

namespace osescan::checks::https {

const Check& security_txt_check();
std::vector<Finding> check_security_txt(const facts::TargetFacts& facts);

// The GET of `path` over HTTPS on the target port, pinned to `address`.
facts::HttpRequest security_txt_request(const facts::TargetFacts& facts, const std::string& address,
                                        const std::string& path);
inline constexpr const char* k_security_txt_path = "/.well-known/security.txt";
inline constexpr const char* k_security_txt_legacy_path = "/security.txt";

}  // namespace osescan::checks::https
