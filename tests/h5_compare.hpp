// Dataset-by-dataset comparison of two HDF5 files, for the tests that promise identical
// results however a run is split (shards, ranks, resumed sweeps). Attributes are not
// compared: provenance such as created_utc or the device legitimately differs.
#pragma once

#include <hdf5.h>

#include <cstring>
#include <map>
#include <string>
#include <vector>

namespace contested::testing {

// Every dataset of `path`, by its path in the file, as raw bytes (variable-length strings as
// their text), with its shape and type class prepended so that shapes must match too.
inline std::map<std::string, std::string> dataset_bytes(const std::string& path) {
  std::map<std::string, std::string> out;
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) {
    out["<error>"] = "cannot open " + path;
    return out;
  }
  struct Visit {
    hid_t file;
    std::map<std::string, std::string>* out;
  } visit{file, &out};
#if H5_VERSION_GE(1, 12, 0)
  using Info = H5O_info2_t;
#else
  using Info = H5O_info_t;
#endif
  const auto each = [](hid_t root, const char* name, const Info* info, void* data) -> herr_t {
    if (info->type != H5O_TYPE_DATASET) return 0;
    auto* v = static_cast<Visit*>(data);
    const hid_t dset = H5Dopen2(root, name, H5P_DEFAULT);
    const hid_t type = H5Dget_type(dset);
    const hid_t space = H5Dget_space(dset);
    const int rank = H5Sget_simple_extent_ndims(space);
    std::vector<hsize_t> dims(static_cast<size_t>(rank));
    H5Sget_simple_extent_dims(space, dims.data(), nullptr);
    // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on "x" + std::to_string().
    std::string bytes = "class ";
    bytes.append(std::to_string(H5Tget_class(type)));
    bytes.append(" shape");
    hsize_t count = 1;
    for (hsize_t d : dims) {
      bytes.append(" ");
      bytes.append(std::to_string(d));
      count *= d;
    }
    bytes += ":";
    if (H5Tget_class(type) == H5T_STRING && H5Tis_variable_str(type) > 0) {
      char* text = nullptr;
      H5Dread(dset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, &text);
      bytes += text != nullptr ? text : "";
      H5free_memory(text);
    } else {
      const hid_t native = H5Tget_native_type(type, H5T_DIR_ASCEND);
      std::string buffer(count * H5Tget_size(native), '\0');
      if (count > 0) H5Dread(dset, native, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data());
      bytes += buffer;
      H5Tclose(native);
    }
    (*v->out)[name] = bytes;
    H5Sclose(space);
    H5Tclose(type);
    H5Dclose(dset);
    return 0;
  };
#if H5_VERSION_GE(1, 12, 0)
  H5Ovisit3(file, H5_INDEX_NAME, H5_ITER_INC, each, &visit, H5O_INFO_BASIC);
#else
  H5Ovisit(file, H5_INDEX_NAME, H5_ITER_INC, each, &visit);
#endif
  H5Fclose(file);
  return out;
}

// The dataset paths that differ between the two files (present in one only, or other
// bytes); empty when every dataset is identical.
inline std::vector<std::string> differing_datasets(const std::string& a, const std::string& b) {
  const auto x = dataset_bytes(a);
  const auto y = dataset_bytes(b);
  std::vector<std::string> diff;
  for (const auto& [name, bytes] : x) {
    const auto it = y.find(name);
    if (it == y.end()) {
      diff.push_back(name + " (only in " + a + ")");
    } else if (it->second != bytes) {
      diff.push_back(name);
    }
  }
  for (const auto& [name, bytes] : y) {
    if (x.find(name) == x.end()) diff.push_back(name + " (only in " + b + ")");
  }
  return diff;
}

}  // namespace contested::testing
