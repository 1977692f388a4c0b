// The CUDA backend: one thread per trial running kernels/campaign.hpp on its column of a
// chunk-wide, trial-interleaved state, then one block per record row building the row's
// histogram in shared memory and adding it to the device tally with integer atomics.
#include <cuda_runtime.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "backends/backend.hpp"
#include "backends/memory_budget.hpp"
#include "kernels/campaign.hpp"
#include "kernels/record.hpp"
#include "kernels/tally.hpp"
#include "kernels/trial_state.hpp"

namespace contested {
namespace {

constexpr int kThreadsPerBlock = 128;
constexpr uint32_t kSharedBins = 4096;

// Device memory ran out: the chunk is halved and tried again (results do not depend on it).
struct DeviceOutOfMemory : std::length_error {
  using std::length_error::length_error;
};

void check(cudaError_t status, const char* what) {
  if (status == cudaErrorMemoryAllocation) {
    cudaGetLastError();  // not sticky: clear it so that the next call can succeed
    throw DeviceOutOfMemory(std::string("CUDA: ") + what + ": out of device memory");
  }
  if (status != cudaSuccess) {
    throw std::runtime_error(std::string("CUDA: ") + what + ": " + cudaGetErrorString(status));
  }
}

template <class T>
class DeviceArray {
 public:
  DeviceArray() = default;
  explicit DeviceArray(size_t n) : n_(n) {
    if (n_ > 0) check(cudaMalloc(&data_, n_ * sizeof(T)), "cudaMalloc");
  }
  explicit DeviceArray(const std::vector<T>& host) : DeviceArray(host.data(), host.size()) {}
  DeviceArray(const void* host, size_t n) : DeviceArray(n) {
    if (n_ > 0) check(cudaMemcpy(data_, host, n_ * sizeof(T), cudaMemcpyHostToDevice), "upload");
  }
  DeviceArray(const DeviceArray&) = delete;
  DeviceArray& operator=(const DeviceArray&) = delete;
  DeviceArray(DeviceArray&& o) noexcept : data_(o.data_), n_(o.n_) { o.data_ = nullptr; }
  DeviceArray& operator=(DeviceArray&& o) noexcept {
    std::swap(data_, o.data_);
    std::swap(n_, o.n_);
    return *this;
  }
  ~DeviceArray() { cudaFree(data_); }
  T* data() const { return data_; }
  size_t size() const { return n_; }
  std::vector<T> download() const {
    std::vector<T> host(n_);
    if (n_ > 0)
      check(cudaMemcpy(host.data(), data_, n_ * sizeof(T), cudaMemcpyDeviceToHost), "download");
    return host;
  }

 private:
  T* data_ = nullptr;
  size_t n_ = 0;
};

__global__ void simulate_kernel(ScenarioView s, StateLayout l, RecordLayout rl, uint64_t seed,
                                uint64_t first, uint32_t count, uint32_t* state,
                                uint32_t* records) {
  const uint32_t t = blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= count) return;
  const Campaign campaign{s, l, rl, seed};
  campaign.run(static_cast<uint32_t>(first + t), Column{state + t, count},
               Column{records + t, count});
}

__global__ void tally_kernel(const TallyRow* rows, const uint32_t* records, uint32_t count,
                             unsigned long long* histogram, unsigned long long* sums,
                             unsigned long long* sums_sq) {
  __shared__ unsigned int bins[kSharedBins];
  __shared__ unsigned long long block_sum;
  __shared__ unsigned long long block_sum_sq;
  const uint32_t r = blockIdx.x;
  const TallyRow row = rows[r];
  const bool shared = row.bins <= kSharedBins;
  for (uint32_t b = threadIdx.x; b < row.bins && shared; b += blockDim.x)
    bins[b] = 0;
  if (threadIdx.x == 0) {
    block_sum = 0;
    block_sum_sq = 0;
  }
  __syncthreads();
  unsigned long long sum = 0;
  unsigned long long sum_sq = 0;
  const uint32_t* values = records + static_cast<uint64_t>(r) * count;
  for (uint32_t t = threadIdx.x; t < count; t += blockDim.x) {
    const uint32_t v = values[t];
    const uint32_t bin = tally_bin(v, row);
    if (shared) {
      atomicAdd(&bins[bin], 1u);
    } else {
      atomicAdd(&histogram[row.histogram_offset + bin], 1ull);
    }
    sum += v;
    sum_sq += static_cast<unsigned long long>(v) * v;
  }
  atomicAdd(&block_sum, sum);
  atomicAdd(&block_sum_sq, sum_sq);
  __syncthreads();
  for (uint32_t b = threadIdx.x; b < row.bins && shared; b += blockDim.x) {
    if (bins[b] != 0)
      atomicAdd(&histogram[row.histogram_offset + b], static_cast<unsigned long long>(bins[b]));
  }
  if (threadIdx.x == 0) {
    atomicAdd(&sums[r], block_sum);
    atomicAdd(&sums_sq[r], block_sum_sq);
  }
}

class CudaBackend final : public Backend {
 public:
  CudaBackend(const Scenario& scenario, const TallyPlan& plan, const BackendOptions& options)
      : spare_bytes_(spare_device_memory(plan)),
        rows_(plan.rows),
        histogram_(plan.bins),
        sums_(plan.rows.size()),
        sums_sq_(plan.rows.size()),
        seed_(options.seed) {
    upload_scenario(scenario);
    check(cudaMemset(histogram_.data(), 0, histogram_.size() * sizeof(unsigned long long)),
          "memset");
    check(cudaMemset(sums_.data(), 0, sums_.size() * sizeof(unsigned long long)), "memset");
    check(cudaMemset(sums_sq_.data(), 0, sums_sq_.size() * sizeof(unsigned long long)), "memset");
    BackendOptions sized = options;
    // The GPU takes larger chunks: up to 4 GiB or half the memory the accumulators leave.
    sized.memory_budget = std::min<uint64_t>(uint64_t{4} << 30, spare_bytes_ / 2);
    const uint64_t per_trial =
        (static_cast<uint64_t>(layout_.words) + records_.rows()) * sizeof(uint32_t);
    chunk_ = chunk_for_budget(per_trial, sized, 1u << 20);
    // Other processes may take device memory meanwhile: smaller chunks before giving up.
    for (;;) {
      try {
        state_ = DeviceArray<uint32_t>(static_cast<size_t>(layout_.words) * chunk_);
        record_buffer_ = DeviceArray<uint32_t>(static_cast<size_t>(records_.rows()) * chunk_);
        break;
      } catch (const DeviceOutOfMemory&) {
        if (chunk_ == 1) throw;
        state_ = DeviceArray<uint32_t>();
        chunk_ = (chunk_ + 1) / 2;
      }
    }
    cudaDeviceProp prop{};
    int device = 0;
    check(cudaGetDevice(&device), "cudaGetDevice");
    check(cudaGetDeviceProperties(&prop, device), "cudaGetDeviceProperties");
    device_name_ = prop.name;
  }

  std::string name() const override { return "cuda"; }
  std::string device() const override { return device_name_; }
  uint32_t chunk_trials() const override { return chunk_; }

  void run_chunk(uint64_t first, uint32_t count) override {
    const uint32_t blocks = (count + kThreadsPerBlock - 1) / kThreadsPerBlock;
    simulate_kernel<<<blocks, kThreadsPerBlock>>>(view_, layout_, records_, seed_, first, count,
                                                  state_.data(), record_buffer_.data());
    check(cudaGetLastError(), "simulate kernel launch");
    tally_kernel<<<records_.rows(), 256>>>(rows_.data(), record_buffer_.data(), count,
                                           histogram_.data(), sums_.data(), sums_sq_.data());
    check(cudaGetLastError(), "tally kernel launch");
    check(cudaDeviceSynchronize(), "chunk");
    last_count_ = count;
  }

  // The exact accumulators must fit on the device whatever the chunk: refused up front,
  // with the figures, when they cannot. Returns the free device memory they leave.
  static uint64_t spare_device_memory(const TallyPlan& plan) {
    size_t free_bytes = 0;
    size_t total_bytes = 0;
    check(cudaMemGetInfo(&free_bytes, &total_bytes), "cudaMemGetInfo");
    const uint64_t need = plan.bins * sizeof(unsigned long long) +
                          plan.rows.size() * (2 * sizeof(unsigned long long) + sizeof(TallyRow));
    if (need >= free_bytes) {
      throw std::length_error("the exact histograms of this run need " + format_bytes(need) +
                              " of device memory, but the GPU has " + format_bytes(free_bytes) +
                              " free; run fewer days or on the CPU backend");
    }
    return free_bytes - need;
  }

  ChunkRecords chunk_records() override {
    // Rows lie trial-interleaved on the device (row r of trial t at r * count + t).
    host_records_.resize(static_cast<size_t>(records_.rows()) * last_count_);
    if (!host_records_.empty()) {
      check(cudaMemcpy(host_records_.data(), record_buffer_.data(),
                       host_records_.size() * sizeof(uint32_t), cudaMemcpyDeviceToHost),
            "download chunk records");
    }
    return {host_records_.data(), 1, last_count_};
  }

  void use_scenario(const Scenario& scenario) override {
    const uint32_t rows = records_.rows();
    upload_scenario(scenario);
    if (records_.rows() != rows) {
      throw std::logic_error("use_scenario: the scenario records other rows");
    }
    const size_t words = static_cast<size_t>(layout_.words) * chunk_;
    if (words > state_.size()) state_ = DeviceArray<uint32_t>(words);
  }

  void add_tally_to(Tally& tally) override {
    const std::vector<unsigned long long> h = histogram_.download();
    const std::vector<unsigned long long> s = sums_.download();
    const std::vector<unsigned long long> q = sums_sq_.download();
    for (size_t i = 0; i < h.size(); ++i)
      tally.histogram[i] += h[i];
    for (size_t i = 0; i < s.size(); ++i) {
      tally.sum[i] += s[i];
      tally.sum_sq[i] += q[i];
    }
  }

 private:
  // The same view as on the host, pointing at device copies of every array (those of a
  // scenario used before are freed).
  void upload_scenario(const Scenario& scenario) {
    check(cudaDeviceSynchronize(), "before upload");
    arrays_.clear();
    view_ = scenario.view();
#define CONTESTED_UPLOAD(Type, name) view_.name = upload(scenario.name);
    CONTESTED_SCENARIO_ARRAYS(CONTESTED_UPLOAD)
#undef CONTESTED_UPLOAD
    layout_ = make_state_layout(scenario.view());
    records_ = record_layout(view_);
  }

  // A device copy of a scenario array, kept (and freed) with the backend.
  template <class T>
  const T* upload(const std::vector<T>& host) {
    arrays_.emplace_back(host.data(), host.size() * sizeof(T));
    return reinterpret_cast<const T*>(arrays_.back().data());
  }

  uint64_t spare_bytes_;  // device memory for chunks; first, to check before allocating
  std::vector<DeviceArray<unsigned char>> arrays_;  // the scenario's, on the device
  DeviceArray<TallyRow> rows_;
  DeviceArray<unsigned long long> histogram_;
  DeviceArray<unsigned long long> sums_;
  DeviceArray<unsigned long long> sums_sq_;
  DeviceArray<uint32_t> state_;
  DeviceArray<uint32_t> record_buffer_;
  ScenarioView view_{};
  StateLayout layout_{};
  RecordLayout records_{};
  uint64_t seed_;
  uint32_t chunk_ = 1;
  uint32_t last_count_ = 0;
  std::vector<uint32_t> host_records_;
  std::string device_name_;
};

}  // namespace

int cuda_device_count() {
  int n = 0;
  if (cudaGetDeviceCount(&n) != cudaSuccess) {
    cudaGetLastError();  // clear the sticky "no driver" error
    return 0;
  }
  return n;
}

std::unique_ptr<Backend> make_cuda_backend(const Scenario& scenario, const TallyPlan& plan,
                                           const BackendOptions& options) {
  if (cuda_device_count() == 0) {
    throw std::runtime_error(
        "--backend cuda: no CUDA device is available (use --backend cpu or auto)");
  }
  if (options.device >= 0) {
    // Ranks bind to GPUs by their rank on the node (docs/design.md, section 8).
    check(cudaSetDevice(options.device % cuda_device_count()), "cudaSetDevice");
  }
  return std::make_unique<CudaBackend>(scenario, plan, options);
}

}  // namespace contested
