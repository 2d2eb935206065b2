#include <doctest/doctest.h>

#include <dirent.h>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <iterator>
#include <string>
#include <thread>
#include <sys/stat.h>
#include <unistd.h>

#include "report/atomic_file.hpp"

namespace {
struct TempDir {
    std::string path;
    TempDir() {
        char pattern[] = "/tmp/osescan-atomic-XXXXXX";
        path = ::mkdtemp(pattern);
    }
    ~TempDir() {
        if (DIR* d = ::opendir(path.c_str())) {
            while (dirent* e = ::readdir(d)) {
                const std::string name = e->d_name;
                if (name != "." && name != "..") ::unlink((path + "/" + name).c_str());
            }
            ::closedir(d);
        }
        ::rmdir(path.c_str());
    }
    int entries() const {
        int n = 0;
        if (DIR* d = ::opendir(path.c_str())) {
            while (dirent* e = ::readdir(d)) n += std::string(e->d_name) != "." && std::string(e->d_name) != "..";
            ::closedir(d);
        }
        return n;
    }
};

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}
}  // namespace

TEST_CASE("a file is written whole and replaces the old one, without leftovers") {
    TempDir dir;
    const std::string path = dir.path + "/report.json";
    osescan::report::write_file_atomically(path, "first\n");
    CHECK(read_all(path) == "first\n");
    osescan::report::write_file_atomically(path, std::string(100000, 'x'));
    CHECK(read_all(path) == std::string(100000, 'x'));
    CHECK(dir.entries() == 1);  // no temporary file left behind

    struct stat info{};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    const mode_t mask = ::umask(0);
    ::umask(mask);
    CHECK((info.st_mode & 0777) == (0666 & ~mask));
}

TEST_CASE("failures name the path and leave nothing behind") {
    TempDir dir;
    CHECK_THROWS_WITH_AS(osescan::report::write_file_atomically(dir.path + "/missing/report.json", "x"),
                         doctest::Contains("missing/report.json"), std::runtime_error);
    // A directory in the way is refused before any temporary file is made.
    const std::string subdir = dir.path + "/taken";
    REQUIRE(::mkdir(subdir.c_str(), 0700) == 0);
    CHECK_THROWS_WITH_AS(osescan::report::write_file_atomically(subdir, "x"),
                         doctest::Contains("it is a directory"), std::runtime_error);
    ::rmdir(subdir.c_str());
    CHECK(dir.entries() == 0);
    CHECK_THROWS_AS(osescan::report::write_file_atomically("", "x"), std::runtime_error);
}

TEST_CASE("a device or FIFO destination is written to in place, never replaced by a file") {
    // Renaming over /dev/null would turn it into a regular file for the whole machine.
    osescan::report::write_file_atomically("/dev/null", "discarded");
    struct stat st {};
    REQUIRE(::stat("/dev/null", &st) == 0);
    CHECK(S_ISCHR(st.st_mode));

    char dir_template[] = "/tmp/osescan-fifo-XXXXXX";
    REQUIRE(::mkdtemp(dir_template) != nullptr);
    const std::string fifo = std::string(dir_template) + "/pipe";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    std::string received;
    std::thread reader([&] {
        std::ifstream in(fifo);
        received.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    });
    osescan::report::write_file_atomically(fifo, "through the pipe");
    reader.join();
    CHECK(received == "through the pipe");
    REQUIRE(::stat(fifo.c_str(), &st) == 0);
    CHECK(S_ISFIFO(st.st_mode));
    ::unlink(fifo.c_str());
    CHECK_THROWS_WITH_AS(osescan::report::write_file_atomically(dir_template, "x"),
                         doctest::Contains("it is a directory"), std::runtime_error);
    ::rmdir(dir_template);
}
