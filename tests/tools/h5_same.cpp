// contested_h5_same A.h5 B.h5: exit 0 when every dataset of the two results files is
// identical (attributes, such as created_utc or the device, are not compared); else lists
// the datasets that differ and exits 1. Used by the tests that run the CLI under mpirun.
#include <iostream>

#include "tests/h5_compare.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: contested_h5_same A.h5 B.h5\n";
    return 2;
  }
  const auto datasets = contested::testing::dataset_bytes(argv[1]);
  const auto differ = contested::testing::differing_datasets(argv[1], argv[2]);
  for (const std::string& name : differ)
    std::cout << "differs: " << name << "\n";
  std::cout << argv[1] << " vs " << argv[2] << ": " << datasets.size() << " datasets, "
            << differ.size() << " differ\n";
  return differ.empty() && datasets.size() > 1 ? 0 : 1;
}
