#include "report/atomic_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace osescan::report {

namespace {
[[noreturn]] void fail(const std::string& what, const std::string& path, int error) {
    throw std::runtime_error("cannot write " + path + ": " + what + ": " + std::strerror(error));
}

bool write_all(int fd, std::string_view content) {
    while (!content.empty()) {
        const ssize_t n = ::write(fd, content.data(), content.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        content.remove_prefix(static_cast<size_t>(n));
    }
    return true;
}

void write_stdout(std::string_view content) {
    std::fflush(stdout);  // keep order with anything already printed through stdio
    if (!write_all(STDOUT_FILENO, content)) fail("write failed", "standard output", errno);
}

// The process umask, read without changing it for longer than the two calls.
mode_t current_umask() {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    return mask;
}
}  // namespace

void write_file_atomically(const std::string& path, std::string_view content) {
    if (path == "-") {
        write_stdout(content);
        return;
    }
    if (path.empty()) throw std::runtime_error("cannot write a file with an empty name");
    // Only a regular file may be replaced by rename: renaming over /dev/null or a FIFO
    // would replace the device node itself with a file (for every process on the machine).
    // Those are written to in place; there is no half-file for a reader to see there.
    struct stat existing {};
    if (::stat(path.c_str(), &existing) == 0 && !S_ISREG(existing.st_mode)) {
        if (S_ISDIR(existing.st_mode)) fail("it is a directory", path, EISDIR);
        const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0) fail("cannot open it", path, errno);
        if (!write_all(fd, content)) {
            const int error = errno;
            ::close(fd);
            fail("write failed", path, error);
        }
        ::close(fd);
        return;
    }

    std::string temp_name = path + ".tmp.XXXXXX";
    std::vector<char> temp_buffer(temp_name.begin(), temp_name.end());
    temp_buffer.push_back('\0');
    const int fd = ::mkstemp(temp_buffer.data());
    if (fd < 0) fail("cannot create a temporary file next to it", path, errno);
    temp_name = temp_buffer.data();

    auto abandon = [&](const std::string& what) {
        const int error = errno;
        ::close(fd);
        ::unlink(temp_name.c_str());
        fail(what, path, error);
    };
    // mkstemp creates the file 0600; a report is an ordinary file (0666 minus the umask).
    if (::fchmod(fd, 0666 & ~current_umask()) != 0) abandon("chmod failed");
    if (!write_all(fd, content)) abandon("write failed");
    if (::fsync(fd) != 0) abandon("fsync failed");
    if (::close(fd) != 0) {
        const int error = errno;
        ::unlink(temp_name.c_str());
        fail("close failed", path, error);
    }
    if (::rename(temp_name.c_str(), path.c_str()) != 0) {
        const int error = errno;
        ::unlink(temp_name.c_str());
        fail("rename failed", path, error);
    }
}

}  // namespace osescan::report
