// A thin typed wrapper over the HDF5 C API, internal to the results room: ids owned by
// handles, groups, attributes and datasets written and read by C++ type, a file built in
// memory. Every HDF5 failure becomes a std::runtime_error that says what was being done and
// HDF5's own innermost reason; HDF5's automatic error printing is switched off (h5::Lock) so
// nothing reaches stderr behind the caller's back. What the file holds is the schema's
// business (results_h5.cpp), not this wrapper's.
//
// Kept in its own namespace, contested::h5, because the vocabulary (Handle, check, Kind,
// read_values, …) is short and generic; the schema says `using namespace h5;` in its .cpp.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <functional>
#include <mutex>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace contested::h5 {

using Dims = std::vector<hsize_t>;  // empty = scalar

// The number of values of that shape (1 for a scalar).
hsize_t element_count(const Dims& dims);

// ---- errors -----------------------------------------------------------------------------

// The most specific message on HDF5's error stack, then clears the stack. Messages that
// carry an errno ("file write failed: time = ..., errno = 28, error message = 'No space
// left on device', ...") are cut down to "file write failed: No space left on device".
std::string hdf5_reason();

// Returns `status` (an id or an herr_t) when the call succeeded; throws otherwise.
template <class T>
T check(T status, const std::string& what) {
  if (status < 0) throw std::runtime_error(what + ": " + hdf5_reason());
  return status;
}

// Serial HDF5 is not thread-safe; the CLI is single-threaded but the Python module and
// tests may not be. Held around every use of HDF5: locks the library for one caller and
// switches HDF5's automatic error printing off.
class Lock {
 public:
  Lock();

 private:
  std::lock_guard<std::mutex> lock_;
};

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

// The object's path in its file, for messages ("?" when it has none).
std::string object_path(hid_t id);

// ---- files ------------------------------------------------------------------------------

// Builds an HDF5 file named `name` in memory, has `fill` write its contents, and returns
// the file's bytes; nothing is written to disk.
std::vector<unsigned char> build_image(const std::string& name,
                                       const std::function<void(hid_t)>& fill);

// Opens `path` read-only. Throws std::runtime_error naming `path` for a missing, unreadable,
// non-HDF5 or truncated file, or a directory.
Handle open_for_reading(const std::string& path);

// ---- types ------------------------------------------------------------------------------

template <class T>
hid_t native_type();
template <>
inline hid_t native_type<uint64_t>() {
  return H5T_NATIVE_UINT64;
}
template <>
inline hid_t native_type<int64_t>() {
  return H5T_NATIVE_INT64;
}
template <>
inline hid_t native_type<uint32_t>() {
  return H5T_NATIVE_UINT32;
}
template <>
inline hid_t native_type<double>() {
  return H5T_NATIVE_DOUBLE;
}

// ---- groups -----------------------------------------------------------------------------

// Groups track link creation order so that h5py lists them in the order written.
Handle create_group(hid_t loc, const std::string& name);
Handle open_group(hid_t loc, const std::string& name);
Handle open_or_create_group(hid_t loc, const std::string& name);
bool link_exists(hid_t loc, const std::string& name);

// Link names of a group's members, alphabetically.
std::vector<std::string> child_names(hid_t group);

// ---- writing ----------------------------------------------------------------------------

// Creates and fills one attribute or dataset; both go through here so that shapes and
// types are handled once. Returns the open object (datasets get attributes next).
enum class Kind { attribute, dataset };

Handle write_object(Kind kind, hid_t loc, const std::string& name, hid_t type, const Dims& dims,
                    const void* data);

// A string attribute or dataset holds one variable-length UTF-8 string.
void write_attr(hid_t loc, const std::string& name, const std::string& value);
void write_dataset(hid_t loc, const std::string& name, const std::string& text);

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

// ---- reading ----------------------------------------------------------------------------

// An open attribute or dataset: HDF5 reads both alike, through different calls.
class Readable {
 public:
  Readable(Kind kind, hid_t loc, const std::string& name);

  hid_t id() const { return handle_; }
  const std::string& what() const { return what_; }

  Dims dims() const;
  Handle type() const;
  void read(hid_t mem_type, void* buffer) const;

 private:
  static std::string describe(Kind kind, hid_t loc, const std::string& name);
  static Handle open(Kind kind, hid_t loc, const std::string& name, const std::string& what);

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
std::string read_string(const Readable& source);

bool attr_exists(hid_t loc, const std::string& name);

template <class T>
T read_attr(hid_t loc, const std::string& name) {
  return read_scalar<T>(Readable(Kind::attribute, loc, name));
}

std::string read_attr_string(hid_t loc, const std::string& name);

}  // namespace contested::h5
