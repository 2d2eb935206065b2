#include "cli/shard.hpp"

#include <charconv>

namespace osescan::cli {

namespace {
std::optional<uint32_t> decimal(std::string_view text) {
    if (text.empty() || text.size() > 6) return std::nullopt;
    uint32_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}
}  // namespace

ShardParse parse_shard(std::string_view text) {
    const size_t slash = text.find('/');
    if (slash == std::string_view::npos) return {std::nullopt, "must be I/N, e.g. 1/4"};
    const auto index = decimal(text.substr(0, slash));
    const auto count = decimal(text.substr(slash + 1));
    if (!index || !count) return {std::nullopt, "must be I/N with decimal numbers, e.g. 1/4"};
    if (*count < 1 || *count > k_max_shards)
        return {std::nullopt, "N must be between 1 and " + std::to_string(k_max_shards)};
    if (*index < 1 || *index > *count) return {std::nullopt, "I must be between 1 and N (shards count from 1)"};
    return {Shard{*index, *count}, {}};
}

uint64_t target_hash(const facts::Target& target) {
    // FNV-1a: tiny, fixed, and not std::hash (which may differ between library builds).
    uint64_t hash = 0xcbf29ce484222325ULL;
    auto add = [&](std::string_view bytes) {
        for (unsigned char c : bytes) {
            hash ^= c;
            hash *= 0x100000001b3ULL;
        }
    };
    add(target.host);
    add("/");
    add(std::to_string(target.port));
    add("/");
    add(target.path);
    return hash;
}

uint32_t shard_of(const facts::Target& target, uint32_t count) {
    if (count <= 1) return 1;
    return static_cast<uint32_t>(target_hash(target) % count) + 1;
}

}  // namespace osescan::cli
