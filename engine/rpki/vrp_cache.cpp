#include "engine/rpki/vrp_cache.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace osescan::engine::rpki {

namespace {

std::string errno_text() { return std::strerror(errno); }

// FNV-1a 64: a stable, dependency-free name for a URL (not a security boundary: the
// cache directory is the user's own).
uint64_t fnv1a(const std::string& text) {
    uint64_t hash = 0xcbf29ce484222325ULL;
    for (unsigned char c : text) {
        hash ^= c;
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

void make_directories(const std::string& dir) {
    std::string path;
    size_t pos = 0;
    while (pos != std::string::npos) {
        pos = dir.find('/', pos + 1);
        path = dir.substr(0, pos);
        if (path.empty()) continue;
        if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST)
            throw std::runtime_error("cannot create the cache directory " + path + ": " + errno_text());
    }
}

}  // namespace

std::string default_cache_dir() {
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    if (xdg && xdg[0] == '/') return std::string(xdg) + "/osescan";
    const char* home = std::getenv("HOME");
    if (home && home[0] == '/') return std::string(home) + "/.cache/osescan";
    return {};
}

std::string cache_file_for(const std::string& dir, const std::string& url) {
    char name[64];
    std::snprintf(name, sizeof name, "vrps-%016llx.json", static_cast<unsigned long long>(fnv1a(url)));
    return dir + "/" + name;
}

std::optional<FileContents> FileContents::read(const std::string& path, size_t max_bytes) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || static_cast<uint64_t>(st.st_size) > max_bytes) {
        ::close(fd);
        return std::nullopt;
    }
    FileContents out;
    out.m_modified = static_cast<int64_t>(st.st_mtim.tv_sec);
    out.m_capacity = static_cast<size_t>(st.st_size);
    if (out.m_capacity > 0) {
        void* data = ::mmap(nullptr, out.m_capacity, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
        if (data == MAP_FAILED) {
            ::close(fd);
            return std::nullopt;
        }
        out.m_data = data;
    }
    while (out.m_size < out.m_capacity) {
        const ssize_t n = ::read(fd, static_cast<char*>(out.m_data) + out.m_size, out.m_capacity - out.m_size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;  // a file that shrank meanwhile: what was there
        out.m_size += static_cast<size_t>(n);
    }
    ::close(fd);
    return out;
}

FileContents::FileContents(FileContents&& other) noexcept
    : m_data(other.m_data), m_capacity(other.m_capacity), m_size(other.m_size), m_modified(other.m_modified) {
    other.m_data = nullptr;
    other.m_capacity = other.m_size = 0;
}

FileContents& FileContents::operator=(FileContents&& other) noexcept {
    if (this != &other) {
        if (m_data) ::munmap(m_data, m_capacity);
        m_data = other.m_data;
        m_capacity = other.m_capacity;
        m_size = other.m_size;
        m_modified = other.m_modified;
        other.m_data = nullptr;
        other.m_capacity = other.m_size = 0;
    }
    return *this;
}

FileContents::~FileContents() {
    if (m_data) ::munmap(m_data, m_capacity);
}

void write_file_atomically(const std::string& dir, const std::string& path, const std::string& text) {
    make_directories(dir);
    std::string temp = path + ".XXXXXX";
    const int fd = ::mkstemp(temp.data());
    if (fd < 0) throw std::runtime_error("cannot write " + path + ": " + errno_text());
    size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const std::string why = errno_text();
            ::close(fd);
            ::unlink(temp.c_str());
            throw std::runtime_error("cannot write " + temp + ": " + why);
        }
        done += static_cast<size_t>(n);
    }
    const bool synced = ::fsync(fd) == 0;
    const bool closed = ::close(fd) == 0;
    if (!synced || !closed) {
        const std::string why = errno_text();
        ::unlink(temp.c_str());
        throw std::runtime_error("cannot write " + temp + ": " + why);
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        const std::string why = errno_text();
        ::unlink(temp.c_str());
        throw std::runtime_error("cannot replace " + path + ": " + why);
    }
}

}  // namespace osescan::engine::rpki
