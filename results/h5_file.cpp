// The HDF5 wrapper (h5_file.hpp): handles, errors, groups, typed attributes and datasets.
#include "results/h5_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string_view>

#include "results/atomic_file.hpp"  // posix_error

namespace contested::h5 {

namespace {

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

std::string where(hid_t loc, const std::string& name) {
  const std::string parent = object_path(loc);
  return parent == "/" ? "/" + name : parent + "/" + name;
}

void check_name(const std::string& name) {
  if (name.empty() || name == "." || name.find('/') != std::string::npos) {
    throw std::runtime_error("invalid name '" + name +
                             "' (HDF5 names cannot be empty, '.' or contain '/')");
  }
}

std::mutex& hdf5_mutex() {
  static std::mutex mutex;
  return mutex;
}

}  // namespace

hsize_t element_count(const Dims& dims) {
  hsize_t count = 1;
  for (hsize_t d : dims)
    count *= d;
  return count;
}

// ---- errors -----------------------------------------------------------------------------

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

Lock::Lock() : lock_(hdf5_mutex()) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

// ---- handles ----------------------------------------------------------------------------

std::string object_path(hid_t id) {
  const ssize_t length = H5Iget_name(id, nullptr, 0);
  if (length <= 0) return "?";
  std::string path(static_cast<size_t>(length) + 1, '\0');
  H5Iget_name(id, path.data(), path.size());
  path.resize(static_cast<size_t>(length));
  return path;
}

// ---- files ------------------------------------------------------------------------------

// The file is built in memory (core driver, no backing store) and written out with plain
// POSIX calls (atomic_file.hpp). A full disk then fails our write() with a clear errno, and
// HDF5 never has to flush to a failing disk: when H5Fclose fails that way, HDF5 1.10 leaves
// the file half closed and crashes at process exit.
std::vector<unsigned char> build_image(const std::string& name,
                                       const std::function<void(hid_t)>& fill) {
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

// ---- groups -----------------------------------------------------------------------------

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

// ---- writing ----------------------------------------------------------------------------

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

void write_dataset(hid_t loc, const std::string& name, const std::string& text) {
  const char* chars = text.c_str();
  write_object(Kind::dataset, loc, name, string_type(), {}, &chars);
}

// ---- reading ----------------------------------------------------------------------------

std::string Readable::describe(Kind kind, hid_t loc, const std::string& name) {
  return (kind == Kind::attribute ? "attribute '" + name + "' of " + object_path(loc)
                                  : "dataset " + where(loc, name));
}

Handle Readable::open(Kind kind, hid_t loc, const std::string& name, const std::string& what) {
  if (kind == Kind::attribute) {
    return Handle(H5Aopen(loc, name.c_str(), H5P_DEFAULT), H5Aclose, "open " + what);
  }
  return Handle(H5Dopen2(loc, name.c_str(), H5P_DEFAULT), H5Dclose, "open " + what);
}

Readable::Readable(Kind kind, hid_t loc, const std::string& name)
    : kind_(kind), what_(describe(kind, loc, name)), handle_(open(kind, loc, name, what_)) {}

Dims Readable::dims() const {
  Handle space(kind_ == Kind::attribute ? H5Aget_space(handle_) : H5Dget_space(handle_), H5Sclose,
               "get dataspace of " + what_);
  const int rank = check(H5Sget_simple_extent_ndims(space), "get rank of " + what_);
  Dims dims(static_cast<size_t>(rank));
  check(H5Sget_simple_extent_dims(space, dims.data(), nullptr), "get shape of " + what_);
  return dims;
}

Handle Readable::type() const {
  return Handle(kind_ == Kind::attribute ? H5Aget_type(handle_) : H5Dget_type(handle_), H5Tclose,
                "get type of " + what_);
}

void Readable::read(hid_t mem_type, void* buffer) const {
  const herr_t status = kind_ == Kind::attribute
                            ? H5Aread(handle_, mem_type, buffer)
                            : H5Dread(handle_, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
  check(status, "read " + what_);
}

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

std::string read_attr_string(hid_t loc, const std::string& name) {
  return read_string(Readable(Kind::attribute, loc, name));
}

}  // namespace contested::h5
