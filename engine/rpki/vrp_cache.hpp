#pragma once
// The on-disk cache of downloaded VRP files: <cache dir>/vrps-<hash of the URL>.json,
// replaced atomically (write to a temporary file in the same directory, then rename), so
// a crash or a concurrent scan never sees half a file.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace osescan::engine::rpki {

// $XDG_CACHE_HOME/osescan if XDG_CACHE_HOME is an absolute path, else $HOME/.cache/osescan;
// "" when neither is usable.
std::string default_cache_dir();

// The cache file for `url` inside `dir`.
std::string cache_file_for(const std::string& dir, const std::string& url);

// A whole file read into memory. The buffer is an anonymous mapping faulted in by one
// mmap(MAP_POPULATE) call before read() fills it: for the ~50 MB public VRP set that is a
// third of the cost of a std::string (zero-fill page by page, then copy), and unlike
// mapping the file itself it cannot SIGBUS when someone truncates the file meanwhile.
class FileContents {
public:
    // nullopt when the file does not exist, cannot be read, is not a regular file, or is
    // larger than `max_bytes`.
    static std::optional<FileContents> read(const std::string& path, size_t max_bytes);
    FileContents(FileContents&& other) noexcept;
    FileContents& operator=(FileContents&& other) noexcept;
    ~FileContents();

    std::string_view text() const { return {static_cast<const char*>(m_data), m_size}; }
    int64_t modified() const { return m_modified; }  // Unix seconds (mtime)

private:
    FileContents() = default;
    void* m_data = nullptr;
    size_t m_capacity = 0;
    size_t m_size = 0;
    int64_t m_modified = 0;
};

// Creates `dir` (and parents, mode 0700) if needed and replaces `path` atomically. Throws
// std::runtime_error on failure.
void write_file_atomically(const std::string& dir, const std::string& path, const std::string& text);

}  // namespace osescan::engine::rpki
