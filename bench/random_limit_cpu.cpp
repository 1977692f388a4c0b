#include <omp.h>

#include <chrono>

#include "bench/random_limit.hpp"
#include "kernels/random_limit.hpp"

namespace contested::bench {

LimitRun cpu_random_limit(uint64_t seed, uint64_t trials, uint32_t blocks, int threads) {
  const int n = threads > 0 ? threads : omp_get_num_procs();
  uint32_t checksum = 0;
  const auto start = std::chrono::steady_clock::now();
#pragma omp parallel for schedule(static) num_threads(n) reduction(^ : checksum)
  for (int64_t t = 0; t < static_cast<int64_t>(trials); ++t) {
    checksum ^= random_only_trial(seed, static_cast<uint32_t>(t), blocks);
  }
  const auto stop = std::chrono::steady_clock::now();
  return {std::chrono::duration<double>(stop - start).count(), checksum};
}

}  // namespace contested::bench
