#pragma once
// The families' check lists, in report order. Adding a check: add it to its family's
// list (checks/<family>/<family>_checks.cpp); adding a family: one line here.

#include <vector>

#include "checks/check.hpp"

namespace osescan::checks {

namespace https { const std::vector<Check>& checks(); }
namespace headers { const std::vector<Check>& checks(); }
namespace tls { const std::vector<Check>& checks(); }
namespace certificate { const std::vector<Check>& checks(); }
namespace rpki { const std::vector<Check>& checks(); }
namespace dnssec { const std::vector<Check>& checks(); }
namespace ipv6 { const std::vector<Check>& checks(); }
namespace mail { const std::vector<Check>& checks(); }
namespace time { const std::vector<Check>& checks(); }

inline std::vector<std::vector<Check>> family_check_lists() {
    return {https::checks(), headers::checks(), tls::checks(), certificate::checks(), dnssec::checks(),
            ipv6::checks(), rpki::checks(), mail::checks(), time::checks()};
}

}  // namespace osescan::checks
