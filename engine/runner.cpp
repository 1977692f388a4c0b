#include "engine/runner.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <memory>
#include <thread>

#include "backends/backend.hpp"
#include "backends/memory_budget.hpp"
#include "engine/communicator.hpp"
#include "engine/record_catalog.hpp"
#include "engine/run_loop.hpp"
#include "kernels/record.hpp"
#include "kernels/trial_state.hpp"
#include "results/sha256.hpp"

namespace contested {

std::unique_ptr<Backend> make_backend(const Scenario& scenario, const TallyPlan& plan,
                                      const RunOptions& options, uint32_t sharers) {
  BackendOptions backend;
  backend.sharers = sharers;
  backend.device = options.device;
  backend.seed = options.seed;
  backend.trials = options.trials;
  backend.threads = options.threads;
  backend.chunk = options.chunk;
  const MemoryNeed need =
      memory_need(plan.bins, plan.rows.size(), make_state_layout(scenario.view()).words);
  const int threads =
      options.threads > 0 ? options.threads : static_cast<int>(std::thread::hardware_concurrency());
  // Half of what is spare goes to chunk buffers: the rest of the process needs room too.
  backend.memory_budget = std::min(backend.memory_budget,
                                   chunk_memory(need, sharers, threads, options.memory_limit) / 2);
  if (options.backend == "cpu") return make_cpu_backend(scenario, plan, backend);
  if (options.backend == "cuda") return make_cuda_backend(scenario, plan, backend);
  if (options.backend != "auto") {
    std::string allowed;
    for (const std::string& name : kBackendNames)
      allowed += (allowed.empty() ? "" : ", ") + name;
    throw std::invalid_argument("unknown backend '" + options.backend + "' (allowed: " + allowed +
                                ")");
  }
  if (cuda_device_count() > 0) return make_cuda_backend(scenario, plan, backend);
  if (options.notify) options.notify("no CUDA device found: running on the CPU backend");
  return make_cpu_backend(scenario, plan, backend);
}

RunOptions run_options(uint64_t trials, uint64_t seed, std::optional<uint32_t> days,
                       const std::string& backend, int threads, uint32_t chunk,
                       uint64_t memory_limit) {
  RunOptions options;
  options.trials = trials;
  options.seed = seed;
  options.days = days;
  options.backend = backend;
  options.threads = threads;
  options.chunk = chunk;
  options.memory_limit = memory_limit;
  return options;
}

SweepResults run_postures(const std::vector<Scenario>& scenarios, const RunOptions& options) {
  if (scenarios.empty()) throw std::invalid_argument("a run needs at least one posture");
  if (options.days && (*options.days == 0 || *options.days > kMaxDays)) {
    throw std::invalid_argument("days must be between 1 and " + std::to_string(kMaxDays));
  }
  const std::string& reference = scenarios.front().posture;
  std::vector<Arm> arms;
  for (const Scenario& scenario : scenarios) {
    Arm arm{scenario.posture, scenario.posture, "", arms.empty() ? "" : reference, scenario};
    if (options.days) {
      arm.scenario.days = *options.days;
      arm.scenario.finalize();
    }
    arms.push_back(std::move(arm));
  }
  const RunRecord record{scenarios.front().source_text, "", arms.size() > 1 ? reference : "",
                         RankBy{}};
  return run_arms(arms, options, record);
}

Results run(const Scenario& scenario, const RunOptions& options) {
  return run_postures({scenario}, options).runs.front().results;
}

TrialRange rank_range(const TrialRange& range, const Communicator* comm) {
  if (comm == nullptr || comm->size() <= 1) return range;
  TrialRange share;
  rank_share(range.first, range.count, comm->rank(), comm->size(), share.first, share.count);
  return share;
}

void sum_to_root(const Communicator* comm, std::vector<uint64_t>& values) {
  if (comm != nullptr && comm->size() > 1) comm->sum_to_root(values);
}

void sum_to_root(const Communicator* comm, std::vector<int64_t>& values) {
  if (comm != nullptr && comm->size() > 1) comm->sum_to_root(values);
}

std::string ranks_device(const std::string& device, const Communicator* comm) {
  if (comm == nullptr || comm->size() <= 1) return device;
  return device + "; rank 0 of " + std::to_string(comm->size()) + " MPI ranks";
}

TrialRange shard_range(uint64_t trials, uint64_t index, uint64_t shards) {
  if (shards == 0 || index >= shards) {
    throw std::invalid_argument("shard " + std::to_string(index) + "/" + std::to_string(shards) +
                                ": the index must be below the shard count (0-based)");
  }
  if (shards > trials) {
    throw std::invalid_argument(std::to_string(shards) + " shards of " + std::to_string(trials) +
                                " trials: every shard needs at least one trial");
  }
  // 128-bit products: index * trials may pass 64 bits.
  __extension__ typedef unsigned __int128 uint128;
  const auto edge = [&](uint64_t i) {
    return static_cast<uint64_t>(static_cast<uint128>(i) * trials / shards);
  };
  return {edge(index), edge(index + 1) - edge(index)};
}

std::pair<uint64_t, uint64_t> parse_shard(const std::string& text) {
  const size_t slash = text.find('/');
  const auto whole = [](const std::string& digits, uint64_t& out) {
    if (digits.empty() || digits.size() > 9 ||
        digits.find_first_not_of("0123456789") != std::string::npos) {
      return false;
    }
    out = std::stoull(digits);
    return true;
  };
  uint64_t index = 0;
  uint64_t shards = 0;
  if (slash == std::string::npos || !whole(text.substr(0, slash), index) ||
      !whole(text.substr(slash + 1), shards) || shards == 0 || index >= shards) {
    throw std::invalid_argument("--shard '" + text +
                                "': expected i/n with 0 <= i < n (block i of n, 0-based), "
                                "e.g. 0/4");
  }
  return {index, shards};
}

TrialRange requested_range(const RunOptions& options) {
  if (options.first_trial >= options.trials) {
    throw std::invalid_argument("first trial " + std::to_string(options.first_trial) +
                                " is beyond the run's " + std::to_string(options.trials) +
                                " trials");
  }
  const uint64_t left = options.trials - options.first_trial;
  if (options.trial_count > left) {
    throw std::invalid_argument("trials " + std::to_string(options.first_trial) + " + " +
                                std::to_string(options.trial_count) + " run past the run's " +
                                std::to_string(options.trials) + " trials");
  }
  return {options.first_trial, options.trial_count == 0 ? left : options.trial_count};
}

}  // namespace contested
