#pragma once
// --shard I/N: a deterministic slice of the targets, so a long list can be split across
// machines (a Kubernetes Indexed Job, GNU parallel, a CI matrix) with no coordination.
// A target's slice depends only on the target itself (a stable hash of the normalised
// host, port and path), never on the order or the other lines of the list: the N slices
// are disjoint and together hold every target, whichever way each machine got the list.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "facts/facts.hpp"

namespace osescan::cli {

inline constexpr uint32_t k_max_shards = 100000;

struct Shard {
    uint32_t index = 1;  // 1-based: 1..count
    uint32_t count = 1;
    bool operator==(const Shard&) const = default;
};

// "I/N" with 1 <= I <= N <= k_max_shards, decimal digits only. Empty `problem` when valid.
struct ShardParse {
    std::optional<Shard> shard;
    std::string problem;
};
ShardParse parse_shard(std::string_view text);

// FNV-1a (64-bit) of "host/port/path": the same on every machine and build.
uint64_t target_hash(const facts::Target& target);

// The 1-based slice `target` belongs to when split in `count`.
uint32_t shard_of(const facts::Target& target, uint32_t count);

}  // namespace osescan::cli
