#pragma once
// The on-disk cache of downloaded VRP files: <cache dir>/vrps-<hash of the URL>.json,
// replaced atomically (write to a temporary file in the same directory, then rename), so
// a crash or a concurrent scan never sees half a file.

#include <cstdint>
#include <optional>
#include <string>

namespace osescan::engine::rpki {

// $XDG_CACHE_HOME/osescan if XDG_CACHE_HOME is an absolute path, else $HOME/.cache/osescan;
// "" when neither is usable.
std::string default_cache_dir();

// The cache file for `url` inside `dir`.
std::string cache_file_for(const std::string& dir, const std::string& url);

struct CachedFile {
    std::string text;
    int64_t modified = 0;  // Unix seconds: when it was written (downloaded)
};

// The file's content and modification time; nullopt if it does not exist or cannot be read
// or is larger than `max_bytes`.
std::optional<CachedFile> read_file_bounded(const std::string& path, size_t max_bytes);

// Creates `dir` (and parents, mode 0700) if needed and replaces `path` atomically. Throws
// std::runtime_error on failure.
void write_file_atomically(const std::string& dir, const std::string& path, const std::string& text);

}  // namespace osescan::engine::rpki
