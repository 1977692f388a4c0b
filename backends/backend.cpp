#include "backends/backend.hpp"

#include <algorithm>
#include <stdexcept>

namespace contested {

void Tally::add(const Tally& other) {
  for (size_t i = 0; i < histogram.size(); ++i)
    histogram[i] += other.histogram[i];
  for (size_t i = 0; i < sum.size(); ++i) {
    sum[i] += other.sum[i];
    sum_sq[i] += other.sum_sq[i];
  }
}

uint32_t chunk_for_budget(uint64_t bytes_per_trial, const BackendOptions& options, uint32_t most) {
  const uint64_t cap = std::min<uint64_t>(most, std::max<uint64_t>(options.trials, 1));
  if (options.chunk > 0) return static_cast<uint32_t>(std::min<uint64_t>(options.chunk, cap));
  const uint64_t budget = options.memory_budget / std::max<uint32_t>(options.sharers, 1);
  const uint64_t fit = budget / std::max<uint64_t>(bytes_per_trial, 1);
  return static_cast<uint32_t>(std::clamp<uint64_t>(fit, 1, cap));
}

#ifndef CONTESTED_HAVE_CUDA
int cuda_device_count() {
  return 0;
}

std::unique_ptr<Backend> make_cuda_backend(const Scenario&, const TallyPlan&,
                                           const BackendOptions&) {
  throw std::runtime_error(
      "this build of contested has no CUDA backend (configure with -DCONTESTED_CUDA=ON)");
}
#endif

}  // namespace contested
