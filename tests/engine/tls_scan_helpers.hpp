#pragma once
// What the TLS handshake scan's engine tests read from a fact: the code points of a list,
// the versions accepted.

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "facts/facts.hpp"

namespace osescan::engine::tls_test {

inline std::vector<uint32_t> ids(const std::vector<facts::TlsCode>& codes) {
    std::vector<uint32_t> out;
    for (const auto& c : codes) out.push_back(c.id);
    return out;
}

inline std::vector<uint32_t> sorted_ids(const std::vector<facts::TlsCode>& codes) {
    std::vector<uint32_t> out = ids(codes);
    std::sort(out.begin(), out.end());
    return out;
}

inline std::vector<std::string> accepted(const facts::TlsScan& scan) {
    std::vector<std::string> out;
    for (const auto& v : scan.versions)
        if (v.accepted) out.push_back(v.version);
    return out;
}

}  // namespace osescan::engine::tls_test
