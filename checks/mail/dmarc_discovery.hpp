#pragma once
// DMARC policy discovery by the DNS Tree Walk of RFC 9989 §4.10 (which replaces RFC 7489's
// Public Suffix List): which names a receiver queries, which record it applies, and which
// domain it takes as the Organizational Domain. Pure: the TXT answers come in as data.

#include <optional>
#include <string>
#include <vector>

#include "checks/mail/dmarc_record.hpp"

namespace osescan::checks::mail {

// The names whose _dmarc TXT a receiver queries after finding no record at the author
// domain, in order (§4.10 steps 3-7): the parent, then each shorter name down to the top
// label; an author domain of 8 or more labels jumps to its last 7 labels first, so that the
// walk never takes more than 8 queries in all.
std::vector<std::string> dmarc_tree_walk_names(const std::string& author_domain);

// The v=DMARC1 TXT records found at _dmarc.<domain> for one step of the walk.
struct DmarcLevel {
    std::string domain;
    std::vector<std::string> records;
};

struct DmarcDiscovery {
    std::string record_domain;  // where the applied record is published; "" when none
    std::optional<DmarcRecord> record;
    std::string role;                   // "organizational domain" or "public suffix domain"
    std::string organizational_domain;  // §4.10.2 selection over the records found
    std::vector<std::string> queried;   // the walk as far as it went
    std::vector<std::string> ignored;   // why records on the way were not used
};

// §4.10.1 and §4.10.2 applied to the records found on the walk that follows an author
// domain without a record of its own. `walk` is in query order.
DmarcDiscovery discover_by_tree_walk(const std::string& author_domain, const std::vector<DmarcLevel>& walk);

}  // namespace osescan::checks::mail
