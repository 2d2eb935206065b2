#include "checks/check.hpp"

namespace osescan::checks::certificate {

const std::vector<Check>& checks() {
    static const std::vector<Check> list{};
    return list;
}

}  // namespace osescan::checks::certificate
