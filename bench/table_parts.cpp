#include "bench/table_parts.hpp"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>

#include "backends/backend.hpp"
#include "bench/draw_counts.hpp"
#include "bench/peer.hpp"
#include "bench/random_limit.hpp"
#include "bench/theatre_variants.hpp"
#include "engine/runner.hpp"
#include "scenario/scenario_yaml.hpp"

namespace contested::bench {
namespace {

// Trials of the scaling table's baseline when not given: seconds, not minutes, on each.
uint64_t default_scaling_trials(const std::string& backend) {
  return backend == "cuda" ? 1000000 : 1000;
}

// A run of 10^9 trials is never made; its memory is, to show that it stays bounded.
constexpr uint64_t kMemoryOnlyTrials = 1000000000;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string text_of(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string percent_text(double share) {
  return fixed_text(100.0 * share, share < 0.1 ? 1 : 0) + " %";
}

// Options of a whole run as the table's runs make them.
RunOptions run_options(const Config& c, const std::string& backend, uint64_t trials) {
  RunOptions o;
  o.trials = trials;
  o.seed = c.seed;
  o.backend = backend;
  o.threads = c.threads;
  return o;
}

// A row of rates for `trials` trials of `days` days and `missiles` missiles in `seconds`.
Row rates(std::string part, std::string what, std::string backend, uint64_t trials, uint32_t days,
          double missiles, double seconds) {
  const double n = static_cast<double>(trials);
  return {std::move(part),
          std::move(what),
          std::move(backend),
          count_text(trials),
          seconds_text(seconds),
          rate_text(n / seconds),
          rate_text(n * days / seconds),
          rate_text(missiles / seconds),
          "",
          ""};
}

Row note_row(std::string part, std::string what, std::string backend, std::string note) {
  Row r;
  r.part = std::move(part);
  r.what = std::move(what);
  r.backend = std::move(backend);
  r.note = std::move(note);
  return r;
}

Scenario with_days(Scenario s, uint32_t days) {
  s.days = days;
  s.finalize();
  return s;
}

// Whether `backend` can run here; if not, a row saying why.
bool can_run(Bench& b, const std::string& part, const std::string& what,
             const std::string& backend) {
  const std::string why = Bench::unavailable(backend);
  if (!why.empty()) b.table.add(note_row(part, what, backend, why));
  return why.empty();
}

// Trials per chunk of the CPU backend in the scaling table: a few per thread, so that a
// case can stop soon after the time limit.
uint32_t scaling_chunk(const Setup& setup) {
  if (setup.backend != "cpu") return 0;
  return 8 * static_cast<uint32_t>(setup.threads > 0 ? setup.threads : omp_get_num_procs());
}

// "missile 16.5 %, aircraft 77.6 %, ...": blocks by kind of event, grouped by what draws.
std::string draw_shares(const DrawCounts& counts) {
  std::vector<std::pair<std::string, uint64_t>> groups;
  for (const auto& [event, blocks] : counts.by_event) {
    const std::string group = event.substr(0, event.find('_'));
    const auto same =
        std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == group; });
    if (same == groups.end()) {
      groups.emplace_back(group, blocks);
    } else {
      same->second += blocks;
    }
  }
  std::string text;
  for (const auto& [group, blocks] : groups) {
    if (!text.empty()) text += ", ";
    text +=
        group + " " + percent_text(static_cast<double>(blocks) / static_cast<double>(counts.total));
  }
  return text;
}

}  // namespace

Bench::Bench(Config c)
    : config(std::move(c)), theatre(with_days(load_scenario_file(config.scenario), config.days)) {}

Setup Bench::setup(const std::string& backend) const {
  return {backend, config.threads, config.seed};
}

std::string Bench::unavailable(const std::string& backend) {
  if (backend == "cpu") return "";
#ifdef CONTESTED_HAVE_CUDA
  return cuda_device_count() > 0 ? "" : "no device (CUDA backend built; run on a GPU machine)";
#else
  return "not built (configure with -DCONTESTED_CUDA=ON)";
#endif
}

void startup_part(Bench& b) {
  const std::string what = "first run of 128 trials (threads, CUDA context, module load)";
  for (const std::string& backend : b.config.backends) {
    if (!can_run(b, "startup", what, backend)) continue;
    const auto start = std::chrono::steady_clock::now();
    const Results r = run(b.theatre, run_options(b.config, backend, 128));
    Row row = note_row("startup", what, backend, r.provenance.device);
    row.trials = count_text(128);
    row.time = seconds_text(seconds_since(start));
    b.table.add(row);
  }
}

void end_to_end_part(Bench& b) {
  const Config& c = b.config;
  const std::string what =
      b.theatre.name + ", " + std::to_string(c.days) + " d: load + run + HDF5 write";
  for (const std::string& backend : c.backends) {
    if (!can_run(b, "end to end", what, backend)) continue;
    const Setup setup = b.setup(backend);
    std::optional<std::pair<double, uint64_t>> last;  // seconds, trials
    for (const uint64_t n : c.trials) {
      const uint64_t memory = backend_memory(b.theatre, n, setup);
      const double estimate =
          last ? last->first * static_cast<double>(n) / static_cast<double>(last->second) : 0;
      if (last && estimate > c.max_seconds) {
        Row row = note_row("end to end", what, backend, "");
        row.trials = count_text(n);
        row.time = "skipped (≈" + seconds_text(estimate) + ")";
        row.memory = bytes_text(memory);
        b.table.add(row);
        continue;
      }
      const EndToEnd e =
          end_to_end(c.scenario, c.days, n, setup, c.out_dir + "/end_to_end_" + backend + ".h5");
      Row row =
          rates("end to end", what, backend, n, c.days, missiles_launched(e.results), e.seconds);
      row.memory = bytes_text(memory);
      row.note = "HDF5 " + bytes_text(e.file_bytes);
      b.table.add(row);
      if (!b.first_results.contains(backend)) b.first_results.emplace(backend, e.results);
      b.ran[backend].emplace_back(n, e.seconds);
      last = {e.seconds, n};
    }
    Row row = note_row("end to end", "memory only (not run)", backend,
                       "chunked: memory does not grow with trials");
    row.trials = count_text(kMemoryOnlyTrials);
    row.memory = bytes_text(backend_memory(b.theatre, kMemoryOnlyTrials, setup));
    b.table.add(row);
  }
}

void kernel_part(Bench& b) {
  const std::string what =
      b.theatre.name + ", " + std::to_string(b.config.days) + " d: backend chunks only";
  for (const std::string& backend : b.config.backends) {
    if (!can_run(b, "campaign kernel", what, backend)) continue;
    for (const auto& [n, end_to_end_seconds] : b.ran[backend]) {
      const KernelRun k = campaign_kernel(b.theatre, n, b.setup(backend));
      Row row = rates("campaign kernel", what, backend, n, k.days, k.missiles, k.seconds);
      // What end to end adds: loading, building the backend, results, the HDF5 file. On a
      // shared machine the difference can come out negative: noise larger than the cost.
      const double added = end_to_end_seconds - k.seconds;
      row.note = fixed_text(k.missiles / static_cast<double>(n), 0) +
                 " missiles/trial; end to end - this = " + (added < 0 ? "-" : "") +
                 seconds_text(std::abs(added));
      b.table.add(row);
      b.largest_kernel[backend] = k;
    }
  }
}

void limit_part(Bench& b) {
  const Config& c = b.config;
  DrawCounts counts;
  try {
    counts = count_draws(c.draw_count_program, c.scenario, c.days, c.seed, c.count_trials);
  } catch (const std::exception& e) {
    b.table.add(note_row("Philox draws", "blocks per trial", "", e.what()));
    return;
  }
  // Two checks that the counted model is the production one: each missile launched at a node
  // opens exactly one flight stream of one block (sea-area raids draw in their own), and the
  // CPU backend launches as many missiles over the same trials.
  const Results same_trials = run(b.theatre, run_options(c, "cpu", counts.trials));
  const bool counts_agree =
      counts.event("missile_flight") == counts.missiles_launched - counts.missiles_at_sea &&
      missiles_launched(same_trials) == static_cast<double>(counts.missiles_launched);
  Row draws = note_row("Philox draws",
                       "blocks per trial, mean of trials 0.." + std::to_string(counts.trials - 1),
                       "model", "");
  draws.trials = count_text(counts.trials);
  draws.note =
      fixed_text(counts.per_trial(), 1) + " (min " + count_text(counts.least) + ", max " +
      count_text(counts.most) + "); " + draw_shares(counts) +
      (counts_agree ? "; flight blocks = missiles launched at nodes; launches = CPU backend's"
                    : "; COUNT CHECK FAILED: flight blocks, missiles launched and the "
                      "CPU backend's differ");
  b.table.add(draws);
  if (!counts_agree) b.failures.push_back("Philox draws: the count check failed");

  const uint32_t blocks = static_cast<uint32_t>(std::llround(counts.per_trial()));
  const std::string what = std::to_string(blocks) + " blocks/trial, random numbers only";
  for (const std::string& backend : c.backends) {
    if (!can_run(b, "Philox limit", what, backend)) continue;
    const auto limit = [&](uint64_t trials) {
#ifdef CONTESTED_HAVE_CUDA
      if (backend == "cuda") return cuda_random_limit(c.seed, trials, blocks);
#endif
      return cpu_random_limit(c.seed, trials, blocks, c.threads);
    };
    const auto model = b.largest_kernel.find(backend);
    const uint64_t wanted = model != b.largest_kernel.end() ? model->second.trials : 1000;
    // A hundredth first, to keep the timed run inside the time budget.
    const uint64_t probe = std::max<uint64_t>(1, wanted / 100);
    const double per_trial = limit(probe).seconds / static_cast<double>(probe);
    const uint64_t n = std::clamp<uint64_t>(
        static_cast<uint64_t>(c.max_seconds / std::max(per_trial, 1e-12)), probe, wanted);
    const LimitRun r = limit(n);
    const double limit_rate = static_cast<double>(n) / r.seconds;
    Row row = rates("Philox limit", what, backend, n, c.days, 0, r.seconds);
    row.day_steps_per_s = "";
    row.missiles_per_s = "";
    char checksum[16];
    std::snprintf(checksum, sizeof checksum, "%08x", r.checksum);
    row.note = rate_text(limit_rate * blocks) + " blocks/s; checksum " + checksum;
    if (model != b.largest_kernel.end()) {
      const double model_rate = static_cast<double>(model->second.trials) / model->second.seconds;
      row.note += "; campaign kernel = " + percent_text(model_rate / limit_rate) + " of this";
    }
    b.table.add(row);
  }
}

void peer_part(Bench& b) {
  const Config& c = b.config;
  const std::string what = "strike sub-model, bench/peer_scenario.yaml";
  if (!c.peer) return;
  PeerRun peer;
  try {
    peer = run_numpy_peer(c.python, c.peer_script, c.peer_scenario, c.peer_trials, c.seed);
  } catch (const std::exception& e) {
    b.table.add(note_row("NumPy peer", what, "numpy", std::string("not run: ") + e.what()));
    return;
  }
  const double peer_rate = static_cast<double>(peer.trials) / peer.seconds;
  const Scenario small = load_scenario_file(c.peer_scenario);
  Row row = rates("NumPy peer", what, "numpy, 1 thread", peer.trials, small.days, 0, peer.seconds);
  row.missiles_per_s = "";
  b.table.add(row);
  std::optional<Results> reference;
  std::string reference_backend;
  for (const std::string& backend : c.backends) {
    if (!can_run(b, "NumPy peer", what, backend)) continue;
    const auto start = std::chrono::steady_clock::now();
    Results r = run(load_scenario_file(c.peer_scenario), run_options(c, backend, peer.trials));
    const double seconds = seconds_since(start);
    Row engine = rates("NumPy peer", what + " (engine: load + run)", backend, peer.trials,
                       small.days, missiles_launched(r), seconds);
    engine.note = fixed_text(static_cast<double>(peer.trials) / seconds / peer_rate, 1) +
                  " × the peer's trials/s";
    b.table.add(engine);
    if (!reference) {
      reference = std::move(r);
      reference_backend = backend;
    }
  }
  if (!reference) return;
  for (const PeerMetric& p : peer.metrics) {
    const PeerMetric e = engine_metric(*reference, p);
    const double z = z_score(p, e);
    const std::string where = p.day ? " (day " + std::to_string(*p.day) + ")" : " (campaign)";
    b.table.add(note_row("peer check", p.name + where, "numpy vs " + reference_backend,
                         "numpy " + fixed_text(p.mean, 4) + " ± " + fixed_text(p.se, 4) +
                             ", engine " + fixed_text(e.mean, 4) + " ± " + fixed_text(e.se, 4) +
                             ", z = " + fixed_text(z, 2) +
                             (std::abs(z) < 5 ? " (agree)" : " (DISAGREE: |z| >= 5)")));
    if (std::abs(z) >= 5) b.failures.push_back("peer check: " + p.name + " disagrees");
  }
}

void scaling_part(Bench& b) {
  const Config& c = b.config;
  const std::string text = text_of(c.scenario);
  const uint32_t air_bases = air_base_count(text);
  // A variant's label is the scenario file's path and what changed, so that errors name both
  // and the files the scenario names by relative path are found beside it.
  const auto variant = [&](const std::string& yaml, const std::string& change) {
    return with_days(load_scenario_text(yaml, c.scenario + change), c.days);
  };
  for (const std::string& backend : c.backends) {
    if (!can_run(b, "scaling", "time vs trials, days, missiles, bases", backend)) continue;
    const Setup setup = b.setup(backend);
    const uint32_t chunk = scaling_chunk(setup);
    const uint64_t n = c.scaling_trials > 0 ? c.scaling_trials : default_scaling_trials(backend);
    const KernelRun base = campaign_kernel(b.theatre, n, setup, chunk, c.max_seconds);
    const double base_per_trial = base.seconds / static_cast<double>(base.trials);
    // One case; the baseline's own is the run above. A case still running at the time
    // limit stops after its chunk, and its rates are those of the trials it ran.
    const auto add = [&](const std::string& dimension, const std::string& what, uint64_t trials,
                         bool baseline, const std::function<Scenario()>& scenario) {
      const KernelRun k =
          baseline ? base : campaign_kernel(scenario(), trials, setup, chunk, c.max_seconds);
      Row row =
          rates("scaling: " + dimension, what, backend, k.trials, k.days, k.missiles, k.seconds);
      const double per_trial = k.seconds / static_cast<double>(k.trials);
      row.note = "time/trial " + fixed_text(per_trial / base_per_trial, 2) + " × baseline; " +
                 fixed_text(k.missiles / static_cast<double>(k.trials), 0) + " missiles/trial";
      if (k.stopped) row.note += "; stopped at the time limit, " + count_text(trials) + " asked";
      b.table.add(row);
    };
    const auto theatre = [&] { return b.theatre; };
    for (const uint64_t factor : {1u, 2u, 4u}) {
      add("trials", count_text(n * factor) + " trials", n * factor, factor == 1, theatre);
    }
    for (const uint32_t days : {std::max(1u, c.days / 3), c.days, 3 * c.days}) {
      add("days", std::to_string(days) + " days", n, days == c.days,
          [&] { return with_days(b.theatre, days); });
    }
    for (const uint32_t factor : {1u, 2u, 4u}) {
      add("missiles", std::to_string(factor) + " × raid sizes and inventories", n, factor == 1,
          [&] { return variant(scale_missiles(text, factor), " x" + std::to_string(factor)); });
    }
    for (const uint32_t kept : {(air_bases + 3) / 4, (air_bases + 1) / 2, air_bases}) {
      add("bases", std::to_string(kept) + " of " + std::to_string(air_bases) + " air bases", n,
          kept == air_bases, [&] {
            return variant(keep_air_bases(text, kept), " (" + std::to_string(kept) + " air bases)");
          });
    }
  }
}

void check_part(Bench& b) {
  const std::string what = "CPU == CUDA histograms, smallest end-to-end size";
  const auto cpu = b.first_results.find("cpu");
  const auto cuda = b.first_results.find("cuda");
  if (cpu == b.first_results.end() || cuda == b.first_results.end()) {
    b.table.add(note_row("check", what, "cpu, cuda", "needs both backends run here"));
    return;
  }
  const uint32_t differ = differing_distributions(cpu->second, cuda->second);
  if (differ > 0) b.failures.push_back("check: CPU and CUDA histograms differ");
  const size_t all = cpu->second.metrics.size() + cpu->second.outcomes.size();
  b.table.add(note_row("check", what, "cpu, cuda",
                       differ == 0 ? "bit-identical (" + std::to_string(all) + " distributions)"
                                   : std::to_string(differ) + " of " + std::to_string(all) +
                                         " distributions DIFFER"));
}

}  // namespace contested::bench
