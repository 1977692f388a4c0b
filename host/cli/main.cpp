// contested: the command line. Every command calls the host API (host/runner.hpp,
// host/results_h5.hpp, host/summary.hpp); nothing here models anything.
#include <CLI/CLI.hpp>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <optional>

#include "host/backend.hpp"
#include "host/cli/progress_bar.hpp"
#include "host/results_h5.hpp"
#include "host/runner.hpp"
#include "host/scenario_yaml.hpp"
#include "host/summary.hpp"

namespace {

using namespace contested;

constexpr int kExitFailure = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitInterrupted = 130;

std::atomic<bool> g_stop{false};

extern "C" void request_stop(int) {
  g_stop = true;
}

struct RunArgs {
  std::string scenario;
  uint64_t trials = 10000;
  uint64_t seed = 1;
  std::optional<uint32_t> days;
  std::string backend = "auto";
  int threads = 0;
  uint32_t chunk = 0;
  std::string out;
  std::string posture;
  bool quiet = false;
};

int do_run(const RunArgs& a) {
  const Scenario scenario = load_scenario_file(a.scenario, a.posture);
  RunOptions options;
  options.trials = a.trials;
  options.seed = a.seed;
  options.days = a.days;
  options.backend = a.backend;
  options.threads = a.threads;
  options.chunk = a.chunk;
  ProgressBar bar;
  if (!a.quiet)
    options.progress = [&bar](uint64_t done, uint64_t total) { bar.update(done, total); };
  options.notify = [](const std::string& message) {
    std::cerr << "contested: " << message << "\n";
  };
  options.stop_requested = [] { return g_stop.load(); };
  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);
  const Results results = run(scenario, options);
  bar.finish();
  const std::string out = a.out.empty() ? scenario.name + ".h5" : a.out;
  write_results(out, results);
  if (!a.quiet) print_summary(std::cout, results);
  std::cout << "results: " << out << "\n";
  return 0;
}

int do_validate(const std::vector<std::string>& files) {
  for (const std::string& file : files) {
    // Every posture is loaded, so overrides and flags are checked as they will run.
    const std::vector<std::string> postures = posture_ids(file);
    for (const std::string& posture : postures)
      load_scenario_file(file, posture);
    const Scenario s = load_scenario_file(file);
    std::cout << file << ": ok (" << s.nodes.size() << " nodes, " << s.runways.size()
              << " runways, " << s.aircraft_type_of.size() << " aircraft, " << s.missiles.size()
              << " missile classes, " << s.raids.size() << " raids, " << s.days << " days; "
              << postures.size() << " posture" << (postures.size() == 1 ? "" : "s") << ")\n";
  }
  return 0;
}

int do_info(const std::string& file) {
  print_summary(std::cout, read_results(file));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "contested: Monte Carlo risk model for contested logistics.\n"
      "Samples many independent campaigns of missile strikes against air bases and reports\n"
      "day-by-day distributions of sorties, readiness, runway denial and stocks.\n\n"
      "Examples:\n"
      "  contested validate configs/indo_pacific_airbases.yaml\n"
      "  contested run configs/examples/single_base.yaml --trials 20000 --out single.h5\n"
      "  contested info single.h5"};
  app.require_subcommand(1);

  RunArgs run_args;
  CLI::App* run_cmd = app.add_subcommand(
      "run", "Simulate a scenario, write the results (HDF5) and print a summary");
  run_cmd->add_option("scenario", run_args.scenario, "Scenario YAML file")
      ->required()
      ->check(CLI::ExistingFile);
  run_cmd->add_option("-n,--trials", run_args.trials, "Independent campaigns to sample")
      ->capture_default_str()
      ->check(CLI::Range(uint64_t{1}, kMaxTrials));
  run_cmd
      ->add_option("-s,--seed", run_args.seed,
                   "Random seed; the same seed gives bit-identical results on any backend, "
                   "thread count or chunking")
      ->capture_default_str();
  run_cmd->add_option("-d,--days", run_args.days, "Campaign length (overrides the scenario's days)")
      ->check(CLI::Range(1u, 3650u));
  run_cmd
      ->add_option("-b,--backend", run_args.backend,
                   "auto: the GPU if one is present, else the CPU; cpu; cuda")
      ->capture_default_str()
      ->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  run_cmd->add_option("-t,--threads", run_args.threads, "CPU threads (0 = all cores)")
      ->capture_default_str()
      ->check(CLI::Range(0, 4096));
  run_cmd
      ->add_option("--chunk", run_args.chunk,
                   "Trials per chunk (0 = sized from memory); results do not depend on it")
      ->capture_default_str();
  run_cmd->add_option("-p,--posture", run_args.posture,
                      "Posture from the scenario's postures: list (default: baseline)");
  run_cmd->add_option("-o,--out", run_args.out, "Results file (default: <scenario name>.h5)");
  run_cmd->add_flag("-q,--quiet", run_args.quiet, "No progress bar and no summary");

  std::vector<std::string> validate_files;
  CLI::App* validate_cmd = app.add_subcommand(
      "validate", "Check scenario files without running them (exit 2 if invalid)");
  validate_cmd->add_option("scenario", validate_files, "Scenario YAML files")->required();

  std::string info_file;
  CLI::App* info_cmd = app.add_subcommand("info", "Print the summary of a results file");
  info_cmd->add_option("results", info_file, "Results file (.h5)")->required();

  CLI11_PARSE(app, argc, argv);
  try {
    if (*run_cmd) return do_run(run_args);
    if (*validate_cmd) return do_validate(validate_files);
    if (*info_cmd) return do_info(info_file);
  } catch (const ScenarioError& e) {
    std::cerr << e.what() << "\n";
    return kExitBadInput;
  } catch (const RunInterrupted&) {
    std::cerr << "\ncontested: interrupted; no results written\n";
    return kExitInterrupted;
  } catch (const std::length_error& e) {
    std::cerr << "contested: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const std::invalid_argument& e) {
    std::cerr << "contested: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "contested: " << e.what() << "\n";
    return kExitFailure;
  }
  return 0;
}
