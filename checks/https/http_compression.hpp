#pragma once
// http.compression: is the HTTPS page sent with HTTP compression (Content-Encoding), which
// BREACH can exploit to read secrets reflected in it?

#include "checks/check.hpp"

namespace osescan::checks::https {

const Check& http_compression_check();
std::vector<Finding> check_http_compression(const facts::TargetFacts& facts);

}  // namespace osescan::checks::https
