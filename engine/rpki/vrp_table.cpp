#include "engine/rpki/vrp_table.hpp"

#include <algorithm>
#include <cstdlib>
#include <tuple>

#include "engine/rpki/invalid_reason.hpp"
#include "engine/rpki/rtrlib_address.hpp"

namespace osescan::engine::rpki {

namespace {

// pfx_table_validate_r hands back an array it allocated with RTRlib's allocator, which is
// malloc/realloc/free unless lrtr_set_alloc_functions was called (osescan never does).
struct ReasonArray {
    pfx_record* records = nullptr;
    unsigned int size = 0;
    ~ReasonArray() { std::free(records); }
};

facts::Vrp to_vrp(const pfx_record& record) {
    facts::IpPrefix prefix{from_lrtr(record.prefix), record.min_len};
    return facts::Vrp{facts::to_string(prefix), record.max_len, record.asn};
}

int prefix_length(const facts::Vrp& vrp) {
    const size_t slash = vrp.prefix.rfind('/');
    return slash == std::string::npos ? 0 : std::atoi(vrp.prefix.c_str() + slash + 1);
}

}  // namespace

VrpTable::VrpTable() : m_table(std::make_unique<pfx_table>()) { pfx_table_init(m_table.get(), nullptr); }

VrpTable::~VrpTable() { pfx_table_free(m_table.get()); }

bool VrpTable::add(const VrpEntry& entry) {
    if (entry.prefix.length == 0) {
        if (std::find(m_zero_length.begin(), m_zero_length.end(), entry) != m_zero_length.end()) return false;
        m_zero_length.push_back(entry);
        ++m_size;
        return true;
    }
    pfx_record record{};
    record.asn = entry.asn;
    record.prefix = to_lrtr(entry.prefix.address);
    record.min_len = static_cast<uint8_t>(entry.prefix.length);
    record.max_len = static_cast<uint8_t>(entry.max_length);
    record.socket = nullptr;
    if (pfx_table_add(m_table.get(), &record) != PFX_SUCCESS) return false;
    ++m_size;
    return true;
}

facts::Observed<facts::RouteValidity> VrpTable::validate(const facts::RouteRequest& request) const {
    const auto prefix = facts::parse_ip_prefix(request.prefix, /*allow_host_bits=*/false);
    if (!prefix)
        return facts::ProbeError{facts::probe_error::internal,
                                 "not a canonical IP prefix: \"" + request.prefix.substr(0, 64) + "\""};
    const lrtr_ip_addr address = to_lrtr(prefix->address);
    const auto length = static_cast<uint8_t>(prefix->length);

    pfxv_state state = BGP_PFXV_STATE_NOT_FOUND;
    if (pfx_table_validate(m_table.get(), request.origin_asn, &address, length, &state) != PFX_SUCCESS)
        return facts::ProbeError{facts::probe_error::internal, "RTRlib could not validate " + request.prefix};

    // For the evidence, every covering VRP: RTRlib stops collecting at the first matching
    // one, but never matches origin AS0, so asking for AS0 walks all covering prefixes.
    ReasonArray all;
    pfxv_state ignored = BGP_PFXV_STATE_NOT_FOUND;
    if (pfx_table_validate_r(m_table.get(), &all.records, &all.size, 0, &address, length, &ignored) != PFX_SUCCESS)
        return facts::ProbeError{facts::probe_error::internal, "RTRlib could not list the VRPs covering " + request.prefix};

    facts::RouteValidity validity;
    for (unsigned int i = 0; i < all.size; ++i) validity.covering.push_back(to_vrp(all.records[i]));
    // The /0 VRPs RTRlib does not hold: each covers the route; RFC 6811 §2 "matched" when
    // it names the (non-zero) origin and the route is no longer than its maxLength.
    for (const VrpEntry& zero : m_zero_length) {
        if (zero.prefix.address.v6 != prefix->address.v6) continue;
        validity.covering.push_back(
            facts::Vrp{facts::to_string(zero.prefix), zero.max_length, zero.asn});
        if (zero.asn != 0 && zero.asn == request.origin_asn && prefix->length <= zero.max_length)
            state = BGP_PFXV_STATE_VALID;
        else if (state == BGP_PFXV_STATE_NOT_FOUND)
            state = BGP_PFXV_STATE_INVALID;
    }
    std::sort(validity.covering.begin(), validity.covering.end(), [](const facts::Vrp& a, const facts::Vrp& b) {
        return std::make_tuple(prefix_length(a), a.prefix, a.asn, a.max_length) <
               std::make_tuple(prefix_length(b), b.prefix, b.asn, b.max_length);
    });
    switch (state) {
    case BGP_PFXV_STATE_VALID: validity.state = "valid"; break;
    case BGP_PFXV_STATE_INVALID:
        validity.state = "invalid";
        validity.reason = invalid_reason(request.origin_asn, validity.covering);
        break;
    case BGP_PFXV_STATE_NOT_FOUND: validity.state = "not-found"; break;
    }
    return validity;
}

}  // namespace osescan::engine::rpki
