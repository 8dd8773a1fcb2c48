#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "storage/file_system.h"

namespace f2m {
namespace {

namespace fs = std::filesystem;

Status ErrnoStatus(std::string_view op, const std::string& path, int err) {
  std::string cause = std::strerror(err);
  std::string msg = StrCat(op, " ", path, ": ", cause);
  switch (err) {
    case ENOENT: return absl::NotFoundError(msg);
    case EACCES:
    case EPERM:
    case EROFS: return absl::PermissionDeniedError(msg);
    case ENOSPC:
    case EDQUOT: return absl::ResourceExhaustedError(msg);
    default: return absl::InternalError(msg);
  }
}

class LocalRandomAccessFile : public RandomAccessFile {
 public:
  LocalRandomAccessFile(int fd, uint64_t size, std::string name)
      : fd_(fd), size_(size), name_(std::move(name)) {}
  ~LocalRandomAccessFile() override { ::close(fd_); }

  StatusOr<size_t> ReadAt(uint64_t offset, size_t n, char* dst) const override {
    size_t done = 0;
    while (done < n) {
      ssize_t r = ::pread(fd_, dst + done, n - done, static_cast<off_t>(offset + done));
      if (r < 0) {
        if (errno == EINTR) continue;
        return ErrnoStatus("read", name_, errno);
      }
      if (r == 0) break;
      done += static_cast<size_t>(r);
    }
    return done;
  }
  uint64_t Size() const override { return size_; }
  const std::string& Name() const override { return name_; }

 private:
  int fd_;
  uint64_t size_;
  std::string name_;
};

std::atomic<uint64_t> g_temp_counter{0};

class LocalWritableFile : public WritableFile {
 public:
  LocalWritableFile(int fd, std::string tmp, std::string final_name, bool durable)
      : fd_(fd), tmp_(std::move(tmp)), name_(std::move(final_name)), durable_(durable) {}
  ~LocalWritableFile() override {
    if (fd_ >= 0) {
      ::close(fd_);
      ::unlink(tmp_.c_str());
    }
  }

  Status Append(std::string_view data) override {
    if (fd_ < 0) return absl::FailedPreconditionError(StrCat("write ", name_, ": closed"));
    while (!data.empty()) {
      ssize_t w = ::write(fd_, data.data(), data.size());
      if (w < 0) {
        if (errno == EINTR) continue;
        return ErrnoStatus("write", name_, errno);
      }
      data.remove_prefix(static_cast<size_t>(w));
      written_ += static_cast<uint64_t>(w);
    }
    // A durable file starts its writeback as it grows (without waiting for it), so the fsync in
    // Close() finds little left to do instead of the whole file.
    constexpr uint64_t kWritebackChunk = 8 << 20;
    if (durable_ && written_ - flushed_ >= kWritebackChunk) {
      ::sync_file_range(fd_, static_cast<off_t>(flushed_), static_cast<off_t>(written_ - flushed_),
                        SYNC_FILE_RANGE_WRITE);
      flushed_ = written_;
    }
    return absl::OkStatus();
  }

  Status Close() override {
    if (fd_ < 0) return absl::FailedPreconditionError(StrCat("close ", name_, ": closed"));
    if (durable_ && ::fsync(fd_) != 0) return ErrnoStatus("sync", name_, errno);
    int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) {
      ::unlink(tmp_.c_str());
      return ErrnoStatus("close", name_, errno);
    }
    if (::rename(tmp_.c_str(), name_.c_str()) != 0) {
      int err = errno;
      ::unlink(tmp_.c_str());
      return ErrnoStatus("rename into", name_, err);
    }
    if (durable_) {
      std::string dir = fs::path(name_).parent_path().string();
      int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY);
      if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
      }
    }
    return absl::OkStatus();
  }
  const std::string& Name() const override { return name_; }

 private:
  int fd_;
  std::string tmp_;
  std::string name_;
  bool durable_;
  uint64_t written_ = 0;  // bytes appended
  uint64_t flushed_ = 0;  // bytes whose writeback was started
};

class LocalFileSystem : public FileSystem {
 public:
  explicit LocalFileSystem(bool durable) : durable_(durable) {}

  StatusOr<std::unique_ptr<RandomAccessFile>> OpenForRead(const std::string& path) override {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return ErrnoStatus("open", path, errno);
    struct stat st;
    if (::fstat(fd, &st) != 0) {
      int err = errno;
      ::close(fd);
      return ErrnoStatus("stat", path, err);
    }
    if (S_ISDIR(st.st_mode)) {
      ::close(fd);
      return absl::InvalidArgumentError(StrCat("open ", path, ": is a folder, not a file"));
    }
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    return std::unique_ptr<RandomAccessFile>(
        new LocalRandomAccessFile(fd, static_cast<uint64_t>(st.st_size), path));
  }

  StatusOr<std::unique_ptr<WritableFile>> OpenForWrite(const std::string& path) override {
    fs::path p(path);
    std::error_code ec;
    if (p.has_parent_path()) {
      fs::create_directories(p.parent_path(), ec);
      if (ec) return ErrnoStatus("create folder", p.parent_path().string(), ec.value());
    }
    std::string tmp = StrCat(path, ".tmp-", ::getpid(), "-", g_temp_counter++);
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return ErrnoStatus("create", path, errno);
    return std::unique_ptr<WritableFile>(new LocalWritableFile(fd, tmp, path, durable_));
  }

  StatusOr<FileInfo> Stat(const std::string& path) override {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) return ErrnoStatus("stat", path, errno);
    FileInfo info;
    info.size = static_cast<uint64_t>(st.st_size);
    info.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    return info;
  }

  Status Delete(const std::string& path) override {
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) return ErrnoStatus("delete", path, errno);
    return absl::OkStatus();
  }

  StatusOr<std::vector<std::string>> List(const std::string& prefix) override {
    std::vector<std::string> out;
    std::error_code ec;
    if (!fs::exists(prefix, ec)) return out;
    for (auto it = fs::recursive_directory_iterator(prefix, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file(ec)) out.push_back(it->path().string());
    }
    if (ec) return ErrnoStatus("list", prefix, ec.value());
    std::sort(out.begin(), out.end());
    return out;
  }

  Status CheckWritable(const std::string& dir) override {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return ErrnoStatus("create folder", dir, ec.value());
    std::string probe = StrCat(dir, "/.f2m-write-check-", ::getpid());
    int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return ErrnoStatus("write into", dir, errno);
    ::close(fd);
    ::unlink(probe.c_str());
    return absl::OkStatus();
  }

 private:
  bool durable_;
};

}  // namespace

std::string FileSystem::Join(std::string_view dir, std::string_view name) const {
  if (dir.empty()) return std::string(name);
  if (dir.back() == '/') return StrCat(dir, name);
  return StrCat(dir, "/", name);
}

std::unique_ptr<FileSystem> NewLocalFileSystem(bool durable) {
  return std::make_unique<LocalFileSystem>(durable);
}

StatusOr<std::string> ReadSmallFile(FileSystem& fs, const std::string& path, uint64_t max_bytes) {
  F2M_ASSIGN_OR_RETURN(auto file, fs.OpenForRead(path));
  if (file->Size() > max_bytes) {
    return absl::InvalidArgumentError(
        StrCat("read ", path, ": ", file->Size(), " bytes is more than the ", max_bytes,
                     " bytes allowed for this kind of file"));
  }
  std::string data(file->Size(), '\0');
  F2M_ASSIGN_OR_RETURN(size_t n, file->ReadAt(0, data.size(), data.data()));
  data.resize(n);
  return data;
}

Status WriteSmallFile(FileSystem& fs, const std::string& path, std::string_view data) {
  F2M_ASSIGN_OR_RETURN(auto file, fs.OpenForWrite(path));
  F2M_RETURN_IF_ERROR(file->Append(data));
  return file->Close();
}

}  // namespace f2m
