// The random-number-only limit on the GPU: one thread per trial, 128 threads a block, as
// the campaign kernel (backends/cuda_backend.cu) runs.
#include <cuda_runtime.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "bench/random_limit.hpp"
#include "kernels/random_limit.hpp"

namespace contested::bench {
namespace {

constexpr uint32_t kThreadsPerBlock = 128;
constexpr uint64_t kTrialsPerLaunch = uint64_t{1} << 24;

void check(cudaError_t status, const char* what) {
  if (status != cudaSuccess) {
    throw std::runtime_error(std::string("CUDA: ") + what + ": " + cudaGetErrorString(status));
  }
}

struct DeviceWord {
  unsigned int* p = nullptr;
  DeviceWord() { check(cudaMalloc(&p, sizeof(unsigned int)), "cudaMalloc"); }
  DeviceWord(const DeviceWord&) = delete;
  DeviceWord& operator=(const DeviceWord&) = delete;
  ~DeviceWord() { cudaFree(p); }
};

struct Event {
  cudaEvent_t e = nullptr;
  Event() { check(cudaEventCreate(&e), "cudaEventCreate"); }
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;
  ~Event() { cudaEventDestroy(e); }
};

__global__ void random_only_kernel(uint64_t seed, uint64_t first, uint32_t count, uint32_t blocks,
                                   unsigned int* checksum) {
  const uint32_t t = blockIdx.x * blockDim.x + threadIdx.x;
  // Threads past the end fold nothing but still take part in the warp's reduction.
  uint32_t fold =
      t < count ? random_only_trial(seed, static_cast<uint32_t>(first + t), blocks) : 0u;
  for (int offset = 16; offset > 0; offset /= 2)
    fold ^= __shfl_xor_sync(0xffffffffu, fold, offset);
  if (threadIdx.x % 32 == 0) atomicXor(checksum, fold);
}

// Queues kernels over trials [0, trials).
void launch(uint64_t seed, uint64_t trials, uint32_t blocks, unsigned int* checksum) {
  for (uint64_t first = 0; first < trials; first += kTrialsPerLaunch) {
    const uint32_t count = static_cast<uint32_t>(std::min(kTrialsPerLaunch, trials - first));
    const uint32_t grid = (count + kThreadsPerBlock - 1) / kThreadsPerBlock;
    random_only_kernel<<<grid, kThreadsPerBlock>>>(seed, first, count, blocks, checksum);
    check(cudaGetLastError(), "random-only kernel launch");
  }
}

}  // namespace

LimitRun cuda_random_limit(uint64_t seed, uint64_t trials, uint32_t blocks) {
  const DeviceWord checksum;
  const Event start;
  const Event stop;
  launch(seed, std::min<uint64_t>(trials, 1024), blocks, checksum.p);  // warm-up: module load
  check(cudaMemset(checksum.p, 0, sizeof(unsigned int)), "cudaMemset");
  check(cudaEventRecord(start.e), "cudaEventRecord");
  launch(seed, trials, blocks, checksum.p);
  check(cudaEventRecord(stop.e), "cudaEventRecord");
  check(cudaEventSynchronize(stop.e), "random-only kernel");
  float ms = 0;
  check(cudaEventElapsedTime(&ms, start.e, stop.e), "cudaEventElapsedTime");
  LimitRun result;
  result.seconds = ms / 1e3;
  check(cudaMemcpy(&result.checksum, checksum.p, sizeof(unsigned int), cudaMemcpyDeviceToHost),
        "download checksum");
  return result;
}

}  // namespace contested::bench
