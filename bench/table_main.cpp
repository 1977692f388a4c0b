// The benchmark table: one run, one table, for every backend asked for (CUDA rows say why
// when there is no device). End-to-end time and trials/s of the baseline theatre at each
// size, the campaign kernel's trials, day-steps and missile trajectories per second, the
// Philox blocks the model draws per trial and the random-number-only limit they set, the
// NumPy peer of the strike sub-model, and how time grows with trials, days, missiles and
// bases. Sizes whose extrapolated time passes --max-seconds-per-case are skipped and say so.
//   build/bin/contested_bench_table [--backends cpu,cuda] [--max-seconds-per-case 60]
//   build/bin/contested_bench_table --smallest     # every part at a small size (CI smoke)
// BENCHMARKS.md holds the figures and docs/performance.md the method.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>

#include "bench/table_parts.hpp"

namespace {

using namespace contested::bench;

std::string first_line_with(const std::string& path, const std::string& key) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) == 0) return line.substr(line.find(':') + 1);
  }
  return "";
}

std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "contested benchmark table: end to end, kernel, random-number limit, NumPy peer, "
      "scaling"};
  Config c;
  c.scenario = CONTESTED_SOURCE_DIR "/configs/indo_pacific.yaml";
  c.trials = {10000, 100000, 1000000, 10000000};
  c.backends = {"cpu", "cuda"};
  c.peer_script = CONTESTED_SOURCE_DIR "/bench/numpy_peer.py";
  c.peer_scenario = CONTESTED_SOURCE_DIR "/bench/peer_scenario.yaml";
  c.draw_count_program = CONTESTED_DRAW_COUNT;
  bool smallest = false;
  bool no_peer = false;
  app.add_option("--scenario", c.scenario, "the baseline theatre")->check(CLI::ExistingFile);
  app.add_option("--days", c.days, "campaign days")->check(CLI::Range(1u, 3650u));
  app.add_option("--trials", c.trials, "end-to-end sizes, ascending")->delimiter(',');
  app.add_option("--backends", c.backends, "cpu, cuda")
      ->delimiter(',')
      ->check(CLI::IsMember({"cpu", "cuda"}));
  app.add_option("--threads", c.threads, "CPU threads (0: all cores)");
  app.add_option("--seed", c.seed, "random seed");
  app.add_option("--max-seconds-per-case", c.max_seconds,
                 "skip a case whose time, extrapolated from a smaller one, is longer");
  app.add_option(
      "--scaling-trials", c.scaling_trials,
      "trials of the scaling table's baseline (0: 1,000 on the CPU, 1,000,000 on a GPU)");
  app.add_option("--count-trials", c.count_trials, "trials whose Philox draws are counted")
      ->check(CLI::Range(1u, 1000000u));
  app.add_option("--peer-trials", c.peer_trials, "trials of the NumPy peer and the engine on it");
  app.add_option("--python", c.python, "Python with numpy and pyyaml, for the peer");
  app.add_flag("--no-peer", no_peer, "leave out the NumPy peer");
  app.add_option("--out-dir", c.out_dir, "where the HDF5 files go (each removed after timing)");
  app.add_flag("--smallest", smallest,
               "every part at one small size, for CI: 200 trials end to end, 50 in the scaling "
               "table, 10 counted, 10,000 for the peer, cases stopped after 5 s");
  CLI11_PARSE(app, argc, argv);
  if (smallest) {
    c.trials = {200};
    c.scaling_trials = 50;
    c.count_trials = 10;
    c.peer_trials = 10000;
    c.max_seconds = 5;
  }
  c.peer = !no_peer;
  const bool own_out_dir = c.out_dir.empty();
  bool failed = false;
  if (own_out_dir) {
    c.out_dir =
        (std::filesystem::temp_directory_path() / ("contested_bench_" + std::to_string(getpid())))
            .string();
  }
  try {
    std::filesystem::create_directories(c.out_dir);
    std::printf("contested benchmark table: %s, %u days, seed %llu\n", c.scenario.c_str(), c.days,
                static_cast<unsigned long long>(c.seed));
    std::printf("CPU:%s, %ld logical cores\n",
                first_line_with("/proc/cpuinfo", "model name").c_str(),
                sysconf(_SC_NPROCESSORS_ONLN));
    std::printf("load average at start: %s\n\n", load_average().c_str());
    std::fflush(stdout);
    Bench b(c);
    startup_part(b);
    end_to_end_part(b);
    kernel_part(b);
    limit_part(b);
    peer_part(b);
    scaling_part(b);
    check_part(b);
    b.table.print();
    std::printf("\nload average at end: %s\n", load_average().c_str());
    for (const std::string& failure : b.failures)
      std::fprintf(stderr, "contested_bench_table: FAILED %s\n", failure.c_str());
    failed = !b.failures.empty();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "contested_bench_table: %s\n", e.what());
    if (own_out_dir) std::filesystem::remove_all(c.out_dir);
    return 1;
  }
  if (own_out_dir) std::filesystem::remove_all(c.out_dir);
  return failed ? 1 : 0;
}
