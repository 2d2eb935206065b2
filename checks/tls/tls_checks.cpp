#include "checks/check.hpp"

namespace osescan::checks::tls {

const std::vector<Check>& checks() {
    static const std::vector<Check> list{};
    return list;
}

}  // namespace osescan::checks::tls
