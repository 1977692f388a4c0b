// The ranks that share one run (docs/design.md, section 8): each simulates a contiguous block
// of the trials and the exact integer sums are added up on rank 0, which alone writes the
// results.
// The engine sees only this interface; the MPI implementation lives with the command line
// (cli/mpi_session.cpp), so the engine and the Python module do not link MPI.
#pragma once

#include <cstdint>
#include <vector>

namespace contested {

class Communicator {
 public:
  virtual ~Communicator() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // Element-wise sums of every rank's values into rank 0's (exact integer addition); the
  // other ranks' values are left as they were.
  virtual void sum_to_root(std::vector<uint64_t>& values) const = 0;
  virtual void sum_to_root(std::vector<int64_t>& values) const = 0;
};

// Rank `rank`'s contiguous share of `count` trials starting at `first` among `size` ranks:
// [first + floor(rank * count / size), first + floor((rank + 1) * count / size)). A rank may
// get no trials when there are fewer trials than ranks.
inline void rank_share(uint64_t first, uint64_t count, int rank, int size, uint64_t& share_first,
                       uint64_t& share_count) {
  __extension__ typedef unsigned __int128 uint128;
  const auto edge = [&](uint64_t r) {
    return static_cast<uint64_t>(static_cast<uint128>(r) * count / static_cast<uint64_t>(size));
  };
  share_first = first + edge(static_cast<uint64_t>(rank));
  share_count = edge(static_cast<uint64_t>(rank) + 1) - edge(static_cast<uint64_t>(rank));
}

}  // namespace contested
