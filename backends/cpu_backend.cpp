// The CPU backend: OpenMP over trials, each thread running kernels/campaign.hpp on its
// own state column; then rows tallied in parallel. The reference backend, run in CI.
#include <omp.h>

#include <algorithm>
#include <thread>

#include "backends/backend.hpp"
#include "kernels/campaign.hpp"
#include "kernels/record.hpp"
#include "kernels/tally.hpp"
#include "kernels/trial_state.hpp"

namespace contested {
namespace {

class CpuBackend final : public Backend {
 public:
  CpuBackend(const Scenario& scenario, const TallyPlan& plan, const BackendOptions& options)
      : view_(scenario.view()),
        layout_(make_state_layout(view_)),
        records_(record_layout(view_)),
        plan_(plan),
        tally_(plan),
        seed_(options.seed),
        threads_(options.threads > 0 ? options.threads : omp_get_num_procs()) {
    const uint64_t rows = records_.rows();
    // Chunks of a few thousand trials keep progress and Ctrl-C responsive.
    chunk_ = chunk_for_budget(rows * sizeof(uint32_t), options, 4096);
    records_buffer_.resize(rows * chunk_);
    state_.resize(static_cast<uint64_t>(layout_.words) * threads_);
  }

  std::string name() const override { return "cpu"; }
  std::string device() const override {
    return "CPU, " + std::to_string(threads_) + " thread" + (threads_ == 1 ? "" : "s");
  }
  uint32_t chunk_trials() const override { return chunk_; }

  void run_chunk(uint64_t first, uint32_t count) override {
    const uint64_t rows = records_.rows();
    const Campaign campaign{view_, layout_, records_, seed_};
#pragma omp parallel for schedule(dynamic, 4) num_threads(threads_)
    for (int64_t t = 0; t < static_cast<int64_t>(count); ++t) {
      const Column st{state_.data() + static_cast<uint64_t>(layout_.words) * omp_get_thread_num(),
                      1};
      const Column rec{records_buffer_.data() + static_cast<uint64_t>(t) * rows, 1};
      campaign.run(static_cast<uint32_t>(first + t), st, rec);
    }
#pragma omp parallel for schedule(dynamic, 8) num_threads(threads_)
    for (int64_t r = 0; r < static_cast<int64_t>(rows); ++r) {
      const TallyRow& row = plan_.rows[r];
      uint64_t sum = 0;
      uint64_t sum_sq = 0;
      uint64_t* histogram = tally_.histogram.data() + row.histogram_offset;
      for (uint32_t t = 0; t < count; ++t) {
        const uint64_t v = records_buffer_[static_cast<uint64_t>(t) * rows + r];
        histogram[tally_bin(static_cast<uint32_t>(v), row)] += 1;
        sum += v;
        sum_sq += v * v;
      }
      tally_.sum[r] += sum;
      tally_.sum_sq[r] += sum_sq;
    }
  }

  void add_tally_to(Tally& tally) override {
    tally.add(tally_);
  }

  void use_scenario(const Scenario& scenario) override {
    view_ = scenario.view();
    layout_ = make_state_layout(view_);
    const RecordLayout records = record_layout(view_);
    if (records.rows() != records_.rows()) {
      throw std::logic_error("use_scenario: the scenario records other rows");
    }
    records_ = records;
    const uint64_t words = static_cast<uint64_t>(layout_.words) * threads_;
    if (words > state_.size()) state_.resize(words);
  }

  ChunkRecords chunk_records() override {
    return {records_buffer_.data(), records_.rows(), 1};
  }

 private:
  ScenarioView view_;
  StateLayout layout_;
  RecordLayout records_;
  const TallyPlan& plan_;
  Tally tally_;
  uint64_t seed_;
  int threads_;
  uint32_t chunk_ = 1;
  std::vector<uint32_t> records_buffer_;
  std::vector<uint32_t> state_;
};

}  // namespace

std::unique_ptr<Backend> make_cpu_backend(const Scenario& scenario, const TallyPlan& plan,
                                          const BackendOptions& options) {
  return std::make_unique<CpuBackend>(scenario, plan, options);
}

}  // namespace contested
