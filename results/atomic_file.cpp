// Durable atomic writing of a results file (atomic_file.hpp), with plain POSIX calls.
#include "results/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <span>
#include <utility>

namespace contested {

namespace {

// Owns a POSIX file descriptor.
class PosixFile {
 public:
  PosixFile(const std::string& path, int flags, mode_t mode = 0)
      : path_(path), fd_(::open(path.c_str(), flags | O_CLOEXEC, mode)) {
    if (fd_ < 0) throw posix_error((flags & O_CREAT ? "create " : "open ") + path);
  }
  PosixFile(const PosixFile&) = delete;
  PosixFile& operator=(const PosixFile&) = delete;
  ~PosixFile() {
    if (fd_ >= 0) ::close(fd_);
  }

  void write_all(std::span<const unsigned char> bytes) {
    while (!bytes.empty()) {
      const ssize_t written = ::write(fd_, bytes.data(), bytes.size());
      if (written < 0 && errno != EINTR) throw posix_error("write " + path_);
      if (written > 0) bytes = bytes.subspan(static_cast<size_t>(written));
    }
  }
  void sync() {
    if (::fsync(fd_) != 0) throw posix_error("sync " + path_);
  }
  // Some file systems (NFS) report write errors only on close.
  void close() {
    if (::close(std::exchange(fd_, -1)) != 0) throw posix_error("close " + path_);
  }

 private:
  std::string path_;
  int fd_;
};

void write_durably(const std::string& path, std::span<const unsigned char> bytes) {
  PosixFile out(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
  out.write_all(bytes);
  out.sync();
  out.close();
}

// Moves the finished temporary file to `path`. Refusing must be atomic too, since a file
// may appear there while the run goes on: renameat2's RENAME_NOREPLACE, or link() (which
// never replaces) on file systems without it.
void put_in_place(const std::string& temp, const std::string& path, Existing existing) {
  if (existing == Existing::replace) {
    if (std::rename(temp.c_str(), path.c_str()) != 0) throw posix_error("rename onto " + path);
    return;
  }
  if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE) == 0) return;
  if ((errno == EINVAL || errno == ENOSYS) && ::link(temp.c_str(), path.c_str()) == 0) {
    std::remove(temp.c_str());
    return;
  }
  if (errno == EEXIST) throw OutputExists(path);
  throw posix_error("rename onto " + path);
}

}  // namespace

std::runtime_error posix_error(const std::string& what) {
  return std::runtime_error(what + ": " + std::strerror(errno));
}

void check_output_path(const std::string& path, Existing existing) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status status = fs::symlink_status(path, ec);
  if (fs::is_directory(status)) {
    throw std::runtime_error("cannot write results to " + path + ": it is a directory");
  }
  if (existing == Existing::refuse && fs::exists(status)) throw OutputExists(path);
  const fs::path parent = fs::path(path).parent_path();
  const std::string directory = parent.empty() ? "." : parent.string();
  if (!fs::is_directory(directory, ec)) {
    throw std::runtime_error("cannot write results to " + path + ": there is no directory " +
                             directory);
  }
  if (::access(directory.c_str(), W_OK) != 0) {
    throw posix_error("cannot write results to " + path + ": directory " + directory);
  }
}

void write_atomically(
    const std::string& path, Existing existing,
    const std::function<std::vector<unsigned char>(const std::string& temp)>& image) {
  // Same directory as the target, so the rename is atomic (same file system).
  const std::string temp = path + ".tmp." + std::to_string(::getpid());
  try {
    write_durably(temp, image(temp));
    put_in_place(temp, path, existing);
  } catch (const OutputExists&) {
    std::remove(temp.c_str());
    throw;
  } catch (const std::exception& e) {
    std::remove(temp.c_str());
    throw std::runtime_error("cannot write results to " + path + ": " + e.what());
  }
  // Make the rename itself durable. Best effort: the file is complete either way, and some
  // file systems refuse to sync directories.
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  try {
    PosixFile(parent.empty() ? "." : parent.string(), O_RDONLY | O_DIRECTORY).sync();
  } catch (const std::runtime_error&) {
  }
}

}  // namespace contested
