// The seam between the host runner and a backend (CPU or CUDA). A backend holds the
// scenario, simulates chunks of trials and accumulates their tally; it contains no model
// logic of its own (that is kernels/campaign.hpp, shared by both).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kernels/tally.hpp"
#include "scenario/scenario.hpp"

namespace contested {

struct TallyPlan {
  std::vector<TallyRow> rows;
  uint64_t bins = 0;  // total over rows
};

// Exact accumulators: histogram [plan.bins], sum and sum of squares [rows].
struct Tally {
  std::vector<uint64_t> histogram;
  std::vector<uint64_t> sum;
  std::vector<uint64_t> sum_sq;

  explicit Tally(const TallyPlan& plan)
      : histogram(plan.bins, 0), sum(plan.rows.size(), 0), sum_sq(plan.rows.size(), 0) {}
  void add(const Tally& other);
};

// The record rows of the chunk a backend ran last, readable on the host: the value of row r
// for trial t of the chunk (0-based) is data[t * trial_stride + r * row_stride].
struct ChunkRecords {
  const uint32_t* data = nullptr;
  uint64_t trial_stride = 0;
  uint64_t row_stride = 0;

  uint32_t at(uint64_t t, uint64_t r) const { return data[t * trial_stride + r * row_stride]; }
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string name() const = 0;    // "cpu" or "cuda"
  virtual std::string device() const = 0;  // what it runs on, for provenance
  virtual uint32_t chunk_trials() const = 0;
  // Simulates trials [first, first + count), count <= chunk_trials(), into the tally.
  virtual void run_chunk(uint64_t first, uint32_t count) = 0;
  virtual void add_tally_to(Tally& tally) = 0;
  // Runs the next chunks on `scenario` instead, the tally going on: another sample of a
  // run's uncertain inputs (engine/uncertain_run.hpp), which must record the same rows. The
  // backend reads it until the next call; the caller keeps it alive.
  virtual void use_scenario(const Scenario& scenario) = 0;
  // The per-trial rows of the last run_chunk, valid until the next run_chunk (sweeps pair
  // them across postures). The GPU backend copies them to the host for this.
  virtual ChunkRecords chunk_records() = 0;
};

// The backends a run can ask for; auto takes a GPU when there is one, else the CPU.
inline const std::vector<std::string> kBackendNames{"auto", "cpu", "cuda"};

struct BackendOptions {
  uint64_t seed = 1;
  uint64_t trials = 1;  // the most trials the run will ask for (caps the chunk)
  int threads = 0;      // CPU: 0 = all cores
  uint32_t chunk = 0;   // trials per chunk; 0 = sized from the memory budget
  uint64_t memory_budget = uint64_t{256} << 20;  // bytes for a chunk's records (CPU)
  uint32_t sharers = 1;  // backends running side by side (a sweep's), sharing the budget
  int device = -1;       // CUDA: the device, modulo the devices present; -1 = the current one
};

std::unique_ptr<Backend> make_cpu_backend(const Scenario& scenario, const TallyPlan& plan,
                                          const BackendOptions& options);

// CUDA devices usable now (0 without the CUDA backend, a driver or a GPU).
int cuda_device_count();
std::unique_ptr<Backend> make_cuda_backend(const Scenario& scenario, const TallyPlan& plan,
                                           const BackendOptions& options);

// Trials per chunk so that a chunk's state and record buffers fit the budget.
uint32_t chunk_for_budget(uint64_t bytes_per_trial, const BackendOptions& options, uint32_t most);

}  // namespace contested
