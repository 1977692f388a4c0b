// HDF5 results file (docs/results.md). Every HDF5 failure becomes a std::runtime_error
// that says what was being done and HDF5's own innermost reason; HDF5's automatic error
// printing is switched off so nothing reaches stderr behind the caller's back.
#include "results/results_h5.hpp"

#include <fcntl.h>
#include <hdf5.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <mutex>
#include <span>
#include <stdexcept>
#include <string_view>
#include <utility>
#include <vector>

namespace contested {

namespace {

constexpr char kFormatName[] = "contested-results";
constexpr size_t kQuantileCount = std::size(kQuantileProbabilities);

using Dims = std::vector<hsize_t>;  // empty = scalar

// ---- errors -----------------------------------------------------------------------------

// The most specific message on HDF5's error stack, then clears the stack. Messages that
// carry an errno ("file write failed: time = ..., errno = 28, error message = 'No space
// left on device', ...") are cut down to "file write failed: No space left on device".
std::string hdf5_reason() {
  std::string desc;
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_UPWARD,
      [](unsigned n, const H5E_error2_t* err, void* out) -> herr_t {
        if (n == 0 && err->desc != nullptr) *static_cast<std::string*>(out) = err->desc;
        return 0;
      },
      &desc);
  H5Eclear2(H5E_DEFAULT);
  if (desc.empty()) return "HDF5 error";
  constexpr std::string_view kErrno = "error message = '";
  const size_t at = desc.find(kErrno);
  if (at != std::string::npos) {
    const size_t from = at + kErrno.size();
    desc = desc.substr(0, desc.find(':')) + ": " + desc.substr(from, desc.find('\'', from) - from);
  }
  std::replace(desc.begin(), desc.end(), '\n', ' ');
  return desc;
}

// Returns `status` (an id or an herr_t) when the call succeeded; throws otherwise.
template <class T>
T check(T status, const std::string& what) {
  if (status < 0) throw std::runtime_error(what + ": " + hdf5_reason());
  return status;
}

std::runtime_error posix_error(const std::string& what) {
  return std::runtime_error(what + ": " + std::strerror(errno));
}

// ---- handles ----------------------------------------------------------------------------

// Owns one HDF5 id of any kind; the kind's close function comes with it.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);

  Handle(hid_t id, Closer closer, const std::string& what)
      : id_(check(id, what)), closer_(closer) {}
  Handle(Handle&& other) noexcept
      : id_(std::exchange(other.id_, H5I_INVALID_HID)), closer_(other.closer_) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle& operator=(Handle&&) = delete;
  ~Handle() {
    if (id_ >= 0) closer_(id_);
  }

  operator hid_t() const { return id_; }

  // Closes now and reports failure (a file's close is where HDF5 finishes writing it).
  void close(const std::string& what) { check(closer_(std::exchange(id_, H5I_INVALID_HID)), what); }

 private:
  hid_t id_;
  Closer closer_;
};

std::string object_path(hid_t id) {
  const ssize_t length = H5Iget_name(id, nullptr, 0);
  if (length <= 0) return "?";
  std::string path(static_cast<size_t>(length) + 1, '\0');
  H5Iget_name(id, path.data(), path.size());
  path.resize(static_cast<size_t>(length));
  return path;
}

std::string where(hid_t loc, const std::string& name) {
  const std::string parent = object_path(loc);
  return parent == "/" ? "/" + name : parent + "/" + name;
}

// ---- types and spaces -------------------------------------------------------------------

template <class T>
hid_t native_type();
template <>
hid_t native_type<uint64_t>() {
  return H5T_NATIVE_UINT64;
}
template <>
hid_t native_type<int64_t>() {
  return H5T_NATIVE_INT64;
}
template <>
hid_t native_type<uint32_t>() {
  return H5T_NATIVE_UINT32;
}
template <>
hid_t native_type<double>() {
  return H5T_NATIVE_DOUBLE;
}

// Variable-length UTF-8: any length (including empty) and read by h5py as str.
Handle string_type() {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "copy string type");
  check(H5Tset_size(type, H5T_VARIABLE), "make string type variable-length");
  check(H5Tset_cset(type, H5T_CSET_UTF8), "make string type UTF-8");
  return type;
}

Handle make_space(const Dims& dims) {
  if (dims.empty()) return Handle(H5Screate(H5S_SCALAR), H5Sclose, "create scalar dataspace");
  return Handle(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose,
                "create dataspace");
}

hsize_t element_count(const Dims& dims) {
  hsize_t count = 1;
  for (hsize_t d : dims)
    count *= d;
  return count;
}

// Histograms are mostly zeros, so large datasets are chunked and deflated (with byte
// shuffling, which groups the zero high bytes of small counts). Small ones stay
// contiguous: a chunk index costs more than it saves there.
Handle dataset_creation_plist(const Dims& dims) {
  constexpr hsize_t kCompressFrom = 4096;   // elements
  constexpr hsize_t kChunkValues = 131072;  // 1 MiB of uint64 per chunk at most
  Handle plist(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create dataset property list");
  const hsize_t count = element_count(dims);
  if (dims.empty() || count < kCompressFrom || H5Zfilter_avail(H5Z_FILTER_DEFLATE) <= 0) {
    return plist;
  }
  Dims chunk = dims;
  const hsize_t inner = count / dims[0];
  chunk[0] = std::clamp<hsize_t>(kChunkValues / std::max<hsize_t>(inner, 1), 1, dims[0]);
  check(H5Pset_chunk(plist, static_cast<int>(chunk.size()), chunk.data()), "set chunk size");
  check(H5Pset_shuffle(plist), "enable shuffle filter");
  check(H5Pset_deflate(plist, 4), "enable deflate filter");
  return plist;
}

// ---- writing ----------------------------------------------------------------------------

void check_name(const std::string& name) {
  if (name.empty() || name == "." || name.find('/') != std::string::npos) {
    throw std::runtime_error("invalid name '" + name +
                             "' (HDF5 names cannot be empty, '.' or contain '/')");
  }
}

// Groups track link creation order so that h5py lists them in the order written.
Handle create_group(hid_t loc, const std::string& name) {
  check_name(name);
  Handle gcpl(H5Pcreate(H5P_GROUP_CREATE), H5Pclose, "create group property list");
  check(H5Pset_link_creation_order(gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
        "track group creation order");
  return Handle(H5Gcreate2(loc, name.c_str(), H5P_DEFAULT, gcpl, H5P_DEFAULT), H5Gclose,
                "create group " + where(loc, name));
}

bool link_exists(hid_t loc, const std::string& name) {
  return check(H5Lexists(loc, name.c_str(), H5P_DEFAULT), "look up " + where(loc, name)) > 0;
}

Handle open_group(hid_t loc, const std::string& name) {
  return Handle(H5Gopen2(loc, name.c_str(), H5P_DEFAULT), H5Gclose,
                "open group " + where(loc, name));
}

Handle open_or_create_group(hid_t loc, const std::string& name) {
  return link_exists(loc, name) ? open_group(loc, name) : create_group(loc, name);
}

// Creates and fills one attribute or dataset; both go through here so that shapes and
// types are handled once. Returns the open object (datasets get attributes next).
enum class Kind { attribute, dataset };

Handle write_object(Kind kind, hid_t loc, const std::string& name, hid_t type, const Dims& dims,
                    const void* data) {
  Handle space = make_space(dims);
  const bool has_data = element_count(dims) > 0;  // zero-size data has no buffer to write
  const std::string what = (kind == Kind::attribute ? "attribute " : "dataset ") + where(loc, name);
  if (kind == Kind::attribute) {
    Handle attr(H5Acreate2(loc, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                "create " + what);
    if (has_data) check(H5Awrite(attr, type, data), "write " + what);
    return attr;
  }
  check_name(name);
  Handle plist = dataset_creation_plist(dims);
  Handle dset(H5Dcreate2(loc, name.c_str(), type, space, H5P_DEFAULT, plist, H5P_DEFAULT), H5Dclose,
              "create " + what);
  if (has_data) check(H5Dwrite(dset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "write " + what);
  return dset;
}

void write_attr(hid_t loc, const std::string& name, const std::string& value) {
  const char* text = value.c_str();
  write_object(Kind::attribute, loc, name, string_type(), {}, &text);
}

template <class T>
void write_attr(hid_t loc, const std::string& name, std::span<const T> values) {
  write_object(Kind::attribute, loc, name, native_type<T>(), {values.size()}, values.data());
}

template <class T>
void write_attr(hid_t loc, const std::string& name, T value) {
  write_object(Kind::attribute, loc, name, native_type<T>(), {}, &value);
}

template <class T>
Handle write_dataset(hid_t loc, const std::string& name, std::span<const T> values,
                     const Dims& dims) {
  return write_object(Kind::dataset, loc, name, native_type<T>(), dims, values.data());
}

void write_provenance(hid_t file, const Provenance& p) {
  // The format name and version describe this writer's layout, not the caller's data.
  write_attr(file, "format", std::string(kFormatName));
  write_attr(file, "format_version", kResultsFormatVersion);
  write_attr(file, "engine_version", p.engine_version);
  write_attr(file, "seed", p.seed);
  write_attr(file, "trials", p.trials);
  // The block of the run this file holds (a shard's, or the whole run's).
  write_attr(file, "first_trial", p.first_trial);
  write_attr(file, "total_trials", p.total_trials == 0 ? p.trials : p.total_trials);
  write_attr(file, "shard", p.shard);
  write_attr(file, "days", p.days);
  write_attr(file, "backend", p.backend);
  write_attr(file, "device", p.device);
  write_attr(file, "created_utc", p.created_utc);
  write_attr(file, "scenario_sha256", p.scenario_sha256);
  write_attr(file, "scenario_name", p.scenario_name);
  const char* text = p.scenario_text.c_str();
  write_object(Kind::dataset, file, "scenario", string_type(), {}, &text);
}

void check_shape(const Distribution& d) {
  const auto expect = [&](const char* field, size_t actual, size_t wanted) {
    if (actual != wanted) {
      throw std::runtime_error("distribution " + d.name + (d.node.empty() ? "" : "@" + d.node) +
                               ": " + field + " has " + std::to_string(actual) +
                               " values, expected " + std::to_string(wanted));
    }
  };
  expect("histogram", d.histogram.size(), size_t{d.rows} * d.bins);
  expect("sum", d.sum.size(), d.rows);
  expect("sum_sq", d.sum_sq.size(), d.rows);
}

// One distribution as a group of datasets. A one-row outcome drops the row dimension
// (histogram [bins], scalar mean/std/sum/sum_sq, quantiles [5]).
void write_distribution(hid_t parent, const Distribution& d, int64_t order, bool drop_row) {
  check_shape(d);
  Handle group = create_group(parent, d.name);
  write_attr(group, "order", order);  // the position in Results, restored on reading
  if (!d.node.empty()) write_attr(group, "node", d.node);

  const Dims rows = drop_row ? Dims{} : Dims{d.rows};
  const auto with_row = [&](hsize_t inner) { return drop_row ? Dims{inner} : Dims{d.rows, inner}; };

  Handle histogram = write_dataset<uint64_t>(group, "histogram", d.histogram, with_row(d.bins));
  write_attr(histogram, "bin_lo", d.bin_lo);
  write_attr(histogram, "bin_width", d.bin_width);

  std::vector<double> mean(d.rows), stddev(d.rows), quantiles;
  for (uint32_t row = 0; row < d.rows; ++row) {
    mean[row] = d.mean(row);
    stddev[row] = d.stddev(row);
    for (double p : kQuantileProbabilities)
      quantiles.push_back(d.quantile(row, p));
  }
  write_dataset<double>(group, "mean", mean, rows);
  write_dataset<double>(group, "std", stddev, rows);
  Handle q = write_dataset<double>(group, "quantiles", quantiles, with_row(kQuantileCount));
  write_attr<double>(q, "probabilities", std::span<const double>(kQuantileProbabilities));
  write_dataset<uint64_t>(group, "sum", d.sum, rows);
  write_dataset<uint64_t>(group, "sum_sq", d.sum_sq, rows);
}

// One posture's group under /postures, returned open for sweeps to add to.
Handle write_posture_group(hid_t postures, const Results& r) {
  Handle posture = create_group(postures, r.provenance.posture);
  Handle metrics = create_group(posture, "metrics");
  Handle nodes = create_group(posture, "nodes");
  for (size_t i = 0; i < r.metrics.size(); ++i) {
    const Distribution& d = r.metrics[i];
    const auto order = static_cast<int64_t>(i);
    if (d.node.empty()) {
      write_distribution(metrics, d, order, false);
    } else {
      write_distribution(open_or_create_group(nodes, d.node), d, order, false);
    }
  }
  Handle outcomes = create_group(posture, "outcomes");
  for (size_t i = 0; i < r.outcomes.size(); ++i) {
    const Distribution& d = r.outcomes[i];
    write_distribution(outcomes, d, static_cast<int64_t>(i), d.rows == 1);
  }
  return posture;
}

void write_posture(hid_t file, const Results& r) {
  Handle postures = create_group(file, "postures");
  write_posture_group(postures, r);
}

// The file is built in memory (core driver, no backing store) and written out with plain
// POSIX calls. A full disk then fails our write() with a clear errno, and HDF5 never has to
// flush to a failing disk: when H5Fclose fails that way, HDF5 1.10 leaves the file half
// closed and crashes at process exit.
template <class Fill>
std::vector<unsigned char> build_image(const std::string& name, const Fill& fill) {
  Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "create file access property list");
  check(H5Pset_fapl_core(fapl, size_t{1} << 20, false), "select in-memory file driver");
  Handle file(H5Fcreate(name.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl), H5Fclose,
              "create HDF5 file " + name);
  fill(file);
  check(H5Fflush(file, H5F_SCOPE_GLOBAL), "flush in-memory file");
  const ssize_t size = check(H5Fget_file_image(file, nullptr, 0), "measure file image");
  std::vector<unsigned char> image(static_cast<size_t>(size));
  check(H5Fget_file_image(file, image.data(), image.size()), "copy file image");
  file.close("close in-memory file");
  return image;
}

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

// ---- reading ----------------------------------------------------------------------------

// An open attribute or dataset: HDF5 reads both alike, through different calls.
class Readable {
 public:
  Readable(Kind kind, hid_t loc, const std::string& name)
      : kind_(kind), what_(describe(kind, loc, name)), handle_(open(kind, loc, name, what_)) {}

  hid_t id() const { return handle_; }
  const std::string& what() const { return what_; }

  Dims dims() const {
    Handle space(kind_ == Kind::attribute ? H5Aget_space(handle_) : H5Dget_space(handle_), H5Sclose,
                 "get dataspace of " + what_);
    const int rank = check(H5Sget_simple_extent_ndims(space), "get rank of " + what_);
    Dims dims(static_cast<size_t>(rank));
    check(H5Sget_simple_extent_dims(space, dims.data(), nullptr), "get shape of " + what_);
    return dims;
  }

  Handle type() const {
    return Handle(kind_ == Kind::attribute ? H5Aget_type(handle_) : H5Dget_type(handle_), H5Tclose,
                  "get type of " + what_);
  }

  void read(hid_t mem_type, void* buffer) const {
    const herr_t status = kind_ == Kind::attribute
                              ? H5Aread(handle_, mem_type, buffer)
                              : H5Dread(handle_, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
    check(status, "read " + what_);
  }

 private:
  static std::string describe(Kind kind, hid_t loc, const std::string& name) {
    return (kind == Kind::attribute ? "attribute '" + name + "' of " + object_path(loc)
                                    : "dataset " + where(loc, name));
  }
  static Handle open(Kind kind, hid_t loc, const std::string& name, const std::string& what) {
    if (kind == Kind::attribute) {
      return Handle(H5Aopen(loc, name.c_str(), H5P_DEFAULT), H5Aclose, "open " + what);
    }
    return Handle(H5Dopen2(loc, name.c_str(), H5P_DEFAULT), H5Dclose, "open " + what);
  }

  Kind kind_;
  std::string what_;
  Handle handle_;
};

template <class T>
std::vector<T> read_values(const Readable& source, Dims* dims_out = nullptr) {
  const Dims dims = source.dims();
  std::vector<T> values(element_count(dims));
  if (!values.empty()) source.read(native_type<T>(), values.data());
  if (dims_out != nullptr) *dims_out = dims;
  return values;
}

template <class T>
T read_scalar(const Readable& source) {
  const std::vector<T> values = read_values<T>(source);
  if (values.size() != 1) throw std::runtime_error(source.what() + ": expected one value");
  return values[0];
}

// Reads a variable- or fixed-length string (h5py and other writers may use either).
std::string read_string(const Readable& source) {
  Handle type = source.type();
  if (H5Tget_class(type) != H5T_STRING || element_count(source.dims()) != 1) {
    throw std::runtime_error(source.what() + ": expected one string");
  }
  Handle mem(H5Tget_native_type(type, H5T_DIR_ASCEND), H5Tclose, "string type of " + source.what());
  if (check(H5Tis_variable_str(type), "inspect " + source.what()) > 0) {
    char* text = nullptr;
    source.read(mem, &text);
    std::string value = text != nullptr ? text : "";
    H5free_memory(text);
    return value;
  }
  std::string value(H5Tget_size(mem), '\0');
  source.read(mem, value.data());
  value.resize(std::strlen(value.c_str()));  // fixed-length strings are NUL-padded
  return value;
}

bool attr_exists(hid_t loc, const std::string& name) {
  return check(H5Aexists(loc, name.c_str()), "look up attribute " + name) > 0;
}

template <class T>
T read_attr(hid_t loc, const std::string& name) {
  return read_scalar<T>(Readable(Kind::attribute, loc, name));
}

std::string read_attr_string(hid_t loc, const std::string& name) {
  return read_string(Readable(Kind::attribute, loc, name));
}

// Link names of a group's members, alphabetically.
std::vector<std::string> child_names(hid_t group) {
  H5G_info_t info;
  check(H5Gget_info(group, &info), "list " + object_path(group));
  std::vector<std::string> names;
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    const auto name_at = [&](char* buffer, size_t size) {
      return check(
          H5Lget_name_by_idx(group, ".", H5_INDEX_NAME, H5_ITER_INC, i, buffer, size, H5P_DEFAULT),
          "list " + object_path(group));
    };
    std::string name(static_cast<size_t>(name_at(nullptr, 0)) + 1, '\0');
    name.resize(static_cast<size_t>(name_at(name.data(), name.size())));
    names.push_back(std::move(name));
  }
  return names;
}

void check_format(hid_t file) {
  const std::string format =
      attr_exists(file, "format") ? read_attr_string(file, "format") : "<none>";
  if (format != kFormatName) {
    throw std::runtime_error("not a contested results file (format=" + format + ")");
  }
  const auto version = read_attr<uint32_t>(file, "format_version");
  if (version > kResultsFormatVersion) {
    throw std::runtime_error("format_version " + std::to_string(version) +
                             " is newer than this build reads (" +
                             std::to_string(kResultsFormatVersion) + "); update contested");
  }
}

Provenance read_provenance(hid_t file) {
  Provenance p;
  p.format = read_attr_string(file, "format");
  p.format_version = read_attr<uint32_t>(file, "format_version");
  p.engine_version = read_attr_string(file, "engine_version");
  p.seed = read_attr<uint64_t>(file, "seed");
  p.trials = read_attr<uint64_t>(file, "trials");
  // Files from before sharding hold whole runs.
  p.first_trial = attr_exists(file, "first_trial") ? read_attr<uint64_t>(file, "first_trial") : 0;
  p.total_trials =
      attr_exists(file, "total_trials") ? read_attr<uint64_t>(file, "total_trials") : p.trials;
  p.shard = attr_exists(file, "shard") ? read_attr_string(file, "shard") : "";
  p.days = read_attr<uint32_t>(file, "days");
  p.backend = read_attr_string(file, "backend");
  p.device = read_attr_string(file, "device");
  p.created_utc = read_attr_string(file, "created_utc");
  p.scenario_sha256 = read_attr_string(file, "scenario_sha256");
  p.scenario_name = read_attr_string(file, "scenario_name");
  p.scenario_text = read_string(Readable(Kind::dataset, file, "scenario"));
  return p;
}

// A distribution with its position in Results (files without `order` keep name order,
// after the ordered ones).
struct Ordered {
  int64_t order;
  Distribution distribution;
};

Ordered read_distribution(hid_t parent, const std::string& name, const std::string& node) {
  Handle group = open_group(parent, name);
  Distribution d;
  d.name = name;
  d.node = node.empty() && attr_exists(group, "node") ? read_attr_string(group, "node") : node;

  const Readable histogram(Kind::dataset, group, "histogram");
  Dims dims;
  d.histogram = read_values<uint64_t>(histogram, &dims);
  if (dims.empty() || dims.size() > 2) {
    throw std::runtime_error(histogram.what() + ": expected 1 or 2 dimensions");
  }
  d.rows = dims.size() == 2 ? static_cast<uint32_t>(dims[0]) : 1;
  d.bins = static_cast<uint32_t>(dims.back());
  d.bin_lo = read_attr<int64_t>(histogram.id(), "bin_lo");
  d.bin_width = read_attr<uint32_t>(histogram.id(), "bin_width");
  d.sum = read_values<uint64_t>(Readable(Kind::dataset, group, "sum"));
  d.sum_sq = read_values<uint64_t>(Readable(Kind::dataset, group, "sum_sq"));
  check_shape(d);

  const int64_t order = attr_exists(group, "order") ? read_attr<int64_t>(group, "order")
                                                    : std::numeric_limits<int64_t>::max();
  return {order, std::move(d)};
}

// Every distribution under `group` (metrics/, a node's group, or outcomes/).
void read_distributions(hid_t group, const std::string& node, std::vector<Ordered>& out) {
  for (const std::string& name : child_names(group))
    out.push_back(read_distribution(group, name, node));
}

std::vector<Distribution> in_order(std::vector<Ordered> items) {
  std::stable_sort(items.begin(), items.end(),
                   [](const Ordered& a, const Ordered& b) { return a.order < b.order; });
  std::vector<Distribution> out;
  for (Ordered& item : items)
    out.push_back(std::move(item.distribution));
  return out;
}

void read_posture_group(hid_t posture, Results& r);

void read_posture(hid_t file, Results& r) {
  Handle postures = open_group(file, "postures");
  const std::vector<std::string> names = child_names(postures);
  if (names.size() != 1) {
    throw std::runtime_error("holds " + std::to_string(names.size()) +
                             " postures; read_results reads single-posture runs (a sweep's "
                             "file: read_sweep_results)");
  }
  r.provenance.posture = names[0];
  read_posture_group(open_group(postures, names[0]), r);
}

// The metrics, nodes and outcomes of one posture's group.
void read_posture_group(hid_t posture, Results& r) {
  std::vector<Ordered> metrics;
  if (link_exists(posture, "metrics"))
    read_distributions(open_group(posture, "metrics"), "", metrics);
  if (link_exists(posture, "nodes")) {
    Handle nodes = open_group(posture, "nodes");
    for (const std::string& node : child_names(nodes)) {
      read_distributions(open_group(nodes, node), node, metrics);
    }
  }
  std::vector<Ordered> outcomes;
  if (link_exists(posture, "outcomes")) {
    read_distributions(open_group(posture, "outcomes"), "", outcomes);
  }
  r.metrics = in_order(std::move(metrics));
  r.outcomes = in_order(std::move(outcomes));
}

Handle open_for_reading(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) {
    throw errno == ENOENT ? std::runtime_error(path + ": no such file")
                          : posix_error(path + ": cannot open");
  }
  ::close(fd);
  if (std::filesystem::is_directory(path)) throw std::runtime_error(path + ": is a directory");
  const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) {
    throw std::runtime_error(path + ": not an HDF5 file or truncated (" + hdf5_reason() + ")");
  }
  return Handle(id, H5Fclose, "open " + path);
}

// Serial HDF5 is not thread-safe; the CLI is single-threaded but the Python module and
// tests may not be.
std::mutex& hdf5_mutex() {
  static std::mutex mutex;
  return mutex;
}

void silence_hdf5() {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

// ---- sweeps -------------------------------------------------------------------------------
//
// A sweep's file holds one group per run under /postures (in run order: attribute `order`),
// each with the run's own attributes and, for a run paired with a reference, a `comparison`
// group laid out like the posture's own: comparison/metrics/<metric>, comparison/nodes/<node>/
// <metric>, comparison/outcomes/<outcome>, each with mean_diff, ci_low, ci_high, se_paired,
// se_unpaired (double) and the exact sum_diff (int64) and sum_sq_diff (uint64), per row.

constexpr char kSweepKind[] = "sweep";

const Distribution* find_distribution(const Results& r, const PairedDifference& d) {
  return d.outcome ? r.find_outcome(d.name) : r.find_metric(d.name, d.node);
}

void write_difference(hid_t parent, const PairedDifference& d, const Distribution* mine,
                      const Distribution* reference, int64_t order) {
  if (d.sum_diff.size() != d.rows || d.sum_sq_diff.size() != d.rows) {
    throw std::runtime_error("comparison " + d.name + ": sums do not match its rows");
  }
  Handle group = create_group(parent, d.name);
  write_attr(group, "order", order);
  if (!d.node.empty()) write_attr(group, "node", d.node);
  const Dims rows = d.outcome && d.rows == 1 ? Dims{} : Dims{d.rows};
  std::vector<double> mean(d.rows), low(d.rows), high(d.rows), paired(d.rows), unpaired(d.rows);
  for (uint32_t row = 0; row < d.rows; ++row) {
    mean[row] = d.mean_diff(row);
    low[row] = d.ci_low(row);
    high[row] = d.ci_high(row);
    paired[row] = d.se_paired(row);
    const bool both =
        mine != nullptr && reference != nullptr && row < mine->rows && row < reference->rows;
    unpaired[row] =
        both ? se_unpaired(*mine, *reference, row) : std::numeric_limits<double>::quiet_NaN();
  }
  write_dataset<double>(group, "mean_diff", mean, rows);
  write_dataset<double>(group, "ci_low", low, rows);
  write_dataset<double>(group, "ci_high", high, rows);
  write_dataset<double>(group, "se_paired", paired, rows);
  write_dataset<double>(group, "se_unpaired", unpaired, rows);
  write_dataset<int64_t>(group, "sum_diff", d.sum_diff, rows);
  write_dataset<uint64_t>(group, "sum_sq_diff", d.sum_sq_diff, rows);
}

void write_comparison(hid_t posture, const SweepRun& run, const SweepRun& reference) {
  Handle comparison = create_group(posture, "comparison");
  write_attr(comparison, "reference", reference.name());
  write_attr(comparison, "confidence", kConfidence);
  Handle metrics = create_group(comparison, "metrics");
  Handle nodes = create_group(comparison, "nodes");
  Handle outcomes = create_group(comparison, "outcomes");
  for (size_t i = 0; i < run.comparison.size(); ++i) {
    const PairedDifference& d = run.comparison[i];
    const Distribution* mine = find_distribution(run.results, d);
    const Distribution* theirs = find_distribution(reference.results, d);
    const auto order = static_cast<int64_t>(i);
    if (d.outcome) {
      write_difference(outcomes, d, mine, theirs, order);
    } else if (d.node.empty()) {
      write_difference(metrics, d, mine, theirs, order);
    } else {
      write_difference(open_or_create_group(nodes, d.node), d, mine, theirs, order);
    }
  }
}

// The provenance a run of a file of several runs keeps apart from the file's.
template <class P>
std::vector<std::pair<std::string, decltype(&std::declval<P&>().backend)>> run_provenance(P& p) {
  return {{"backend", &p.backend},
          {"device", &p.device},
          {"created_utc", &p.created_utc},
          {"engine_version", &p.engine_version},
          {"scenario_sha256", &p.scenario_sha256}};
}

void write_sweep(hid_t file, const SweepResults& s) {
  write_provenance(file, s.provenance);
  write_attr(file, "kind", std::string(kSweepKind));
  write_attr(file, "reference", s.reference);
  write_attr(file, "rank_by_outcome", static_cast<uint32_t>(s.rank_by.outcome));
  write_attr(file, "rank_by_name", s.rank_by.name);
  write_attr(file, "rank_by_node", s.rank_by.node);
  write_attr(file, "rank_by_day", s.rank_by.day);
  write_attr(file, "rank_by_lower_is_better", static_cast<uint32_t>(s.rank_by.lower_is_better));
  const char* text = s.sweep_text.c_str();
  write_object(Kind::dataset, file, "sweep", string_type(), {}, &text);
  Handle postures = create_group(file, "postures");
  for (size_t i = 0; i < s.runs.size(); ++i) {
    const SweepRun& run = s.runs[i];
    Handle group = write_posture_group(postures, run.results);
    write_attr(group, "order", static_cast<int64_t>(i));
    write_attr(group, "posture", run.posture);
    write_attr(group, "grid", run.grid);
    write_attr(group, "reference", run.reference);
    // A run's own provenance: the same as the file's for a sweep, its own for runs made apart.
    for (const auto& [key, value] : run_provenance(run.results.provenance))
      write_attr(group, key, *value);
    if (run.results.provenance.scenario_text != s.provenance.scenario_text) {
      const char* resolved = run.results.provenance.scenario_text.c_str();
      write_object(Kind::dataset, group, "scenario", string_type(), {}, &resolved);
    }
    if (run.reference.empty()) continue;
    const SweepRun* reference = s.find_run(run.reference);
    if (reference == nullptr) {
      throw std::runtime_error("run " + run.name() + " is paired with " + run.reference +
                               ", which the sweep does not hold");
    }
    write_comparison(group, run, *reference);
  }
}

void read_differences(hid_t group, const std::string& node, bool outcome, uint64_t trials,
                      std::vector<std::pair<int64_t, PairedDifference>>& out) {
  for (const std::string& name : child_names(group)) {
    Handle g = open_group(group, name);
    PairedDifference d;
    d.name = name;
    d.node = node.empty() && attr_exists(g, "node") ? read_attr_string(g, "node") : node;
    d.outcome = outcome;
    d.trials = trials;
    d.sum_diff = read_values<int64_t>(Readable(Kind::dataset, g, "sum_diff"));
    d.sum_sq_diff = read_values<uint64_t>(Readable(Kind::dataset, g, "sum_sq_diff"));
    d.rows = static_cast<uint32_t>(d.sum_diff.size());
    if (d.sum_sq_diff.size() != d.rows) {
      throw std::runtime_error(object_path(g) + ": sum_diff and sum_sq_diff differ in length");
    }
    const int64_t order = attr_exists(g, "order") ? read_attr<int64_t>(g, "order")
                                                  : std::numeric_limits<int64_t>::max();
    out.emplace_back(order, std::move(d));
  }
}

std::vector<PairedDifference> read_comparison(hid_t posture, uint64_t trials) {
  Handle comparison = open_group(posture, "comparison");
  std::vector<std::pair<int64_t, PairedDifference>> items;
  if (link_exists(comparison, "metrics")) {
    read_differences(open_group(comparison, "metrics"), "", false, trials, items);
  }
  if (link_exists(comparison, "nodes")) {
    Handle nodes = open_group(comparison, "nodes");
    for (const std::string& node : child_names(nodes))
      read_differences(open_group(nodes, node), node, false, trials, items);
  }
  if (link_exists(comparison, "outcomes")) {
    read_differences(open_group(comparison, "outcomes"), "", true, trials, items);
  }
  std::stable_sort(items.begin(), items.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<PairedDifference> out;
  for (auto& item : items)
    out.push_back(std::move(item.second));
  return out;
}

SweepResults read_sweep(hid_t file) {
  SweepResults s;
  s.provenance = read_provenance(file);
  if (attr_exists(file, "kind") && read_attr_string(file, "kind") == kSweepKind) {
    s.reference = read_attr_string(file, "reference");
    s.rank_by.outcome = read_attr<uint32_t>(file, "rank_by_outcome") != 0;
    s.rank_by.name = read_attr_string(file, "rank_by_name");
    s.rank_by.node = read_attr_string(file, "rank_by_node");
    s.rank_by.day = read_attr<uint32_t>(file, "rank_by_day");
    s.rank_by.lower_is_better = read_attr<uint32_t>(file, "rank_by_lower_is_better") != 0;
    s.sweep_text = read_string(Readable(Kind::dataset, file, "sweep"));
  }
  Handle postures = open_group(file, "postures");
  std::vector<std::pair<int64_t, SweepRun>> runs;
  for (const std::string& name : child_names(postures)) {
    Handle group = open_group(postures, name);
    SweepRun run;
    run.results.provenance = s.provenance;
    run.results.provenance.posture = name;
    run.posture = attr_exists(group, "posture") ? read_attr_string(group, "posture") : name;
    if (attr_exists(group, "grid")) run.grid = read_attr_string(group, "grid");
    if (attr_exists(group, "reference")) run.reference = read_attr_string(group, "reference");
    Provenance& own = run.results.provenance;
    for (const auto& [key, value] : run_provenance(own)) {
      if (attr_exists(group, key)) *value = read_attr_string(group, key);
    }
    if (link_exists(group, "scenario")) {
      run.results.provenance.scenario_text =
          read_string(Readable(Kind::dataset, group, "scenario"));
    }
    read_posture_group(group, run.results);
    if (link_exists(group, "comparison")) {
      run.comparison = read_comparison(group, s.provenance.trials);
    }
    const int64_t order = attr_exists(group, "order") ? read_attr<int64_t>(group, "order")
                                                      : std::numeric_limits<int64_t>::max();
    runs.emplace_back(order, std::move(run));
  }
  std::stable_sort(runs.begin(), runs.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& run : runs)
    s.runs.push_back(std::move(run.second));
  if (s.reference.empty() && s.runs.size() == 1) s.provenance.posture = s.runs[0].name();
  return s;
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

// Builds the file with `fill` and puts it at `path` atomically.
template <class Fill>
void write_atomically(const std::string& path, Existing existing, const Fill& fill) {
  const std::lock_guard lock(hdf5_mutex());
  silence_hdf5();
  // Same directory as the target, so the rename is atomic (same file system).
  const std::string temp = path + ".tmp." + std::to_string(::getpid());
  try {
    write_durably(temp, build_image(temp, fill));
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

}  // namespace

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

void write_results(const std::string& path, const Results& r, Existing existing) {
  write_atomically(path, existing, [&r](hid_t file) {
    write_provenance(file, r.provenance);
    write_posture(file, r);
  });
}

void write_sweep_results(const std::string& path, const SweepResults& s, Existing existing) {
  write_atomically(path, existing, [&s](hid_t file) { write_sweep(file, s); });
}

SweepResults read_sweep_results(const std::string& path) {
  const std::lock_guard lock(hdf5_mutex());
  silence_hdf5();
  Handle file = open_for_reading(path);
  try {
    check_format(file);
    return read_sweep(file);
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(path + ": " + e.what());
  }
}

Results read_results(const std::string& path) {
  const std::lock_guard lock(hdf5_mutex());
  silence_hdf5();
  Handle file = open_for_reading(path);  // its errors already name the path
  try {
    check_format(file);
    Results r;
    r.provenance = read_provenance(file);
    read_posture(file, r);
    return r;
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(path + ": " + e.what());
  }
}

}  // namespace contested
