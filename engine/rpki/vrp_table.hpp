#pragma once
// The scan's VRP set and RFC 6811 route-origin validation against it.
//
// One validation path for every VRP source: a VRP file, a downloaded file and an RTR
// server all fill the same RTRlib pfx_table, and validate() asks pfx_table_validate_r.
// Not copyable; safe to validate from one thread while nothing adds (the scan's case).

#include <cstddef>
#include <memory>
#include <vector>

#include "facts/facts.hpp"
#include "engine/rpki/vrp_json.hpp"

struct pfx_table;

namespace osescan::engine::rpki {

class VrpTable {
public:
    VrpTable();
    ~VrpTable();
    VrpTable(const VrpTable&) = delete;
    VrpTable& operator=(const VrpTable&) = delete;

    // Adds one VRP; false if the same (prefix, maxLength, AS) is already there (the same
    // ROA published under two trust anchors is one VRP).
    bool add(const VrpEntry& entry);
    size_t size() const { return m_size; }

    // RFC 6811 §2: "valid" when a covering VRP matches the origin AS (never AS0) and the
    // route is no longer than its maxLength, "invalid" when covered but none matches,
    // "not-found" when no VRP covers the route. `covering` lists every covering VRP
    // (sorted: shortest prefix first, then AS, then maxLength) and `reason` says why an
    // invalid route is invalid. A request whose prefix is not a canonical IP prefix ends as
    // ProbeError "internal".
    facts::Observed<facts::RouteValidity> validate(const facts::RouteRequest& request) const;

private:
    std::unique_ptr<pfx_table> m_table;
    // VRPs for 0.0.0.0/0 and ::/0, kept out of RTRlib: its trie aborts the process
    // (assertion in lrtr_get_bits) when validating below a /0 node. They cover everything
    // of their family and are merged into every answer.
    std::vector<VrpEntry> m_zero_length;
    size_t m_size = 0;
};

}  // namespace osescan::engine::rpki
