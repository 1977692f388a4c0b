// contested: the command line. Every command calls the host API (engine/runner.hpp,
// results/results_h5.hpp, results/summary.hpp); nothing here models anything.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <optional>

#include "backends/backend.hpp"
#include "cli/mpi_session.hpp"
#include "cli/progress_bar.hpp"
#include "engine/runner.hpp"
#include "engine/sensitivity.hpp"
#include "engine/sweep.hpp"
#include "engine/uncertain_run.hpp"
#include "results/merge.hpp"
#include "results/results_h5.hpp"
#include "results/statistics_table.hpp"
#include "results/summary.hpp"
#include "scenario/posture.hpp"
#include "scenario/scenario_check.hpp"
#include "scenario/scenario_yaml.hpp"

namespace {

using namespace contested;

constexpr int kExitFailure = 1;
constexpr int kExitBadInput = 2;

// The signal that asked the run to stop (SIGINT, SIGTERM), 0 while none has.
std::atomic<int> g_stop{0};
const MpiSession* g_mpi = nullptr;  // set by main

// Input errors are the same on every rank: only rank 0 reports them.
std::ostream& input_error() {
  static std::ostream none(nullptr);
  return g_mpi->rank() == 0 ? std::cerr : none;
}

// The exit status after an error; with several MPI ranks, every rank ends at once.
int failed(int code) {
  if (g_mpi->size() > 1) g_mpi->abort(code);
  return code;
}

extern "C" void request_stop(int signal) {
  g_stop = signal;
}

// The shell's convention for a run ended by a signal: 128 + its number (130 for Ctrl-C,
// 143 for SIGTERM).
int interrupted_status() {
  return 128 + (g_stop.load() != 0 ? g_stop.load() : SIGINT);
}

// Where and how a run is computed: none of it changes the results (add_engine_options).
struct EngineArgs {
  std::string backend = "auto";
  int threads = 0;
  uint32_t chunk = 0;
  uint64_t memory_limit = 0;

  // The options of a run of `trials` trials with `seed` (and `days`), computed here.
  RunOptions run_options(uint64_t trials, uint64_t seed, std::optional<uint32_t> days) const {
    return contested::run_options(trials, seed, days, backend, threads, chunk, memory_limit);
  }
};

struct RunArgs {
  std::string scenario;
  uint64_t trials = 10000;
  uint64_t seed = 1;
  std::optional<uint32_t> days;
  EngineArgs engine;
  std::string out;
  std::string posture;
  std::string shard;  // "i/n": block i of n of the trials
  uint64_t trials_per_sample = 1;
  bool point = false;  // uncertain inputs at the values the scenario writes
  bool quiet = false;
  bool force = false;
};

// What `run` and `sweep` share: the shard's trial block, MPI ranks (rank 0 alone reports,
// writes and prints), progress, messages and Ctrl-C. Returns the shard's file-name suffix.
std::string prepare_run(RunOptions& options, const std::string& shard, uint64_t trials, bool quiet,
                        ProgressBar& bar) {
  std::string shard_suffix;
  if (!shard.empty()) {
    const auto [index, shards] = parse_shard(shard);
    const TrialRange range = shard_range(trials, index, shards);
    options.first_trial = range.first;
    options.trial_count = range.count;
    options.shard = std::to_string(index) + "/" + std::to_string(shards);
    shard_suffix = ".shard-" + std::to_string(index) + "-of-" + std::to_string(shards);
  }
  options.comm = g_mpi->communicator();
  if (g_mpi->size() > 1) options.device = g_mpi->local_rank();
  const bool root = g_mpi->rank() == 0;
  if (!quiet && root)
    options.progress = [&bar](uint64_t done, uint64_t total) { bar.update(done, total); };
  if (root) {
    options.notify = [](const std::string& message) {
      std::cerr << "contested: " << message << "\n";
    };
  }
  options.stop_requested = [] { return g_stop.load() != 0; };
  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);
  return shard_suffix;
}

int do_run(const RunArgs& a) {
  const UncertainScenario uncertain = UncertainScenario::from_file(a.scenario, a.posture);
  const Scenario& scenario = uncertain.point();
  const bool sampled = !uncertain.inputs().empty() && !a.point;
  RunOptions options = a.engine.run_options(a.trials, a.seed, a.days);
  ProgressBar bar;
  const std::string shard_suffix = prepare_run(options, a.shard, a.trials, a.quiet, bar);
  const bool root = g_mpi->rank() == 0;
  const std::string out = a.out.empty() ? scenario.name + shard_suffix + ".h5" : a.out;
  const Existing existing = a.force ? Existing::replace : Existing::refuse;
  if (root) check_output_path(out, existing);  // before the run, not after hours of it
  if (sampled && root && !a.quiet) {
    std::cerr << "contested: " << uncertain.inputs().size()
              << " uncertain inputs, a draw of them every " << a.trials_per_sample << " trial"
              << (a.trials_per_sample == 1 ? "" : "s") << " (--point: the values "
              << "the scenario writes)\n";
  }
  const Results results =
      sampled ? run_uncertain(uncertain, options, a.trials_per_sample) : run(scenario, options);
  if (!root) return 0;
  bar.finish();
  write_results(out, results, existing);
  if (!a.quiet) print_summary(std::cout, results);
  std::cout << "results: " << out << "\n";
  return 0;
}

int do_validate(const std::vector<std::string>& files, const std::vector<std::string>& extra) {
  for (const std::string& file : files) {
    if (is_sweep_document(file)) {
      // Planning loads the scenario under every posture and grid point of the sweep.
      const SweepSpec spec = load_sweep_file(file);
      const size_t runs = plan_sweep(spec).size();
      std::cout << file << ": sweep file ok (" << runs << " run" << (runs == 1 ? "" : "s")
                << ", reference " << spec.reference << ")\n";
      continue;
    }
    if (is_posture_document(file)) {
      // A posture file on its own: its shape; the rest is checked against a scenario.
      const PostureFileSummary p = check_posture_file(file);
      std::cout << file << ": posture file ok (id " << p.id << ", " << p.flags << " flag"
                << (p.flags == 1 ? "" : "s") << ", " << p.overrides << " override"
                << (p.overrides == 1 ? "" : "s") << ", " << p.uncertain << " uncertain input"
                << (p.uncertain == 1 ? "" : "s")
                << "); check it against a scenario with: contested validate SCENARIO --posture "
                << file << "\n";
      continue;
    }
    // Every posture is loaded, so overrides and flags are checked as they will run.
    const ScenarioCheck c = check_scenario_file(file, extra);
    const Scenario& s = c.scenario;
    std::cout << file << ": ok (" << s.nodes.size() << " nodes, " << s.runways.size()
              << " runways, " << s.aircraft_type_of.size() << " aircraft, " << s.missiles.size()
              << " missile classes, " << s.raids.size() << " raids, " << s.days << " days; "
              << c.postures.size() << " posture" << (c.postures.size() == 1 ? "" : "s") << ")\n";
    for (const std::string& note : c.notes)
      std::cout << "  note: " << note << "\n";
  }
  return 0;
}

int do_merge(const std::string& out, const std::vector<std::string>& inputs, bool partial,
             bool force) {
  MergeOptions options;
  options.allow_partial = partial;
  const Provenance merged =
      merge_files(out, inputs, force ? Existing::replace : Existing::refuse, options);
  std::cout << "merged " << inputs.size() << " file" << (inputs.size() == 1 ? "" : "s") << " ("
            << merged.trials << " trials) into " << out << "\n";
  return 0;
}

struct SweepArgs {
  std::string sweep;
  std::optional<uint64_t> trials;  // override the sweep file's
  std::optional<uint64_t> seed;
  EngineArgs engine;
  std::string shard;
  std::string out;
  bool quiet = false;
  bool force = false;
  bool resume = false;
  double checkpoint_every = 60;
};

int do_sweep(const SweepArgs& a) {
  SweepSpec spec = load_sweep_file(a.sweep);
  if (a.trials) spec.trials = *a.trials;
  if (a.seed) spec.seed = *a.seed;
  const std::vector<Arm> runs = plan_sweep(spec);
  RunOptions options = a.engine.run_options(spec.trials, spec.seed, std::nullopt);
  ProgressBar bar;
  const std::string shard_suffix = prepare_run(options, a.shard, spec.trials, a.quiet, bar);
  const bool root = g_mpi->rank() == 0;
  const std::string out =
      a.out.empty() ? std::filesystem::path(a.sweep).stem().string() + shard_suffix + ".h5" : a.out;
  // Completed chunks are saved as the sweep goes (each rank its own share under MPI).
  SweepCheckpoint checkpoint;
  checkpoint.path = out + ".partial";
  if (g_mpi->size() > 1) {
    checkpoint.path +=
        ".rank-" + std::to_string(g_mpi->rank()) + "-of-" + std::to_string(g_mpi->size());
  }
  const Existing existing = a.force ? Existing::replace : Existing::refuse;
  if (root) {
    check_output_path(out, existing);
    // A checkpoint holds the trials of a killed sweep: starting afresh would replace them.
    if (!a.resume && !a.force && std::filesystem::exists(checkpoint.path)) {
      throw OutputExists(checkpoint.path +
                         " (the checkpoint of an unfinished sweep: --resume "
                         "continues it)");
    }
  }
  checkpoint.every_seconds = a.checkpoint_every;
  checkpoint.resume = a.resume;
  checkpoint.resumed = [&](uint64_t trials) {
    if (a.resume && root && !a.quiet) {
      std::cerr << "contested: resuming after " << trials << " trials from " << checkpoint.path
                << "\n";
    }
  };
  SweepResults results;
  try {
    results = sweep(spec, runs, options, checkpoint);
  } catch (const RunInterrupted&) {
    if (root) {
      std::cerr << "\ncontested: interrupted; the trials done are saved in " << checkpoint.path
                << ": run the same command with --resume to continue\n";
    }
    return failed(interrupted_status());
  }
  if (!root) {
    std::filesystem::remove(checkpoint.path);
    return 0;
  }
  bar.finish();
  write_sweep_results(out, results, existing);
  std::filesystem::remove(checkpoint.path);
  if (!a.quiet) print_sweep_summary(std::cout, results);
  std::cout << "results: " << out << "\n";
  return 0;
}

struct SensitivityArgs {
  std::string scenario;
  std::string posture;
  std::vector<std::string> outputs;
  std::vector<std::string> inputs;
  uint64_t rows = 64;
  uint64_t trials = 200;  // per design point
  uint64_t seed = 1;
  uint32_t resamples = 1000;
  std::optional<uint32_t> days;
  EngineArgs engine;
  std::string out;
  bool quiet = false;
  bool force = false;
};

int do_sensitivity(const SensitivityArgs& a) {
  const UncertainScenario scenario = UncertainScenario::from_file(a.scenario, a.posture);
  std::vector<SensitivityOutput> outputs;
  for (const std::string& o : a.outputs)
    outputs.push_back(parse_output(o));
  RunOptions options = a.engine.run_options(a.trials, a.seed, a.days);
  ProgressBar bar;
  prepare_run(options, "", a.trials, a.quiet, bar);
  options.comm = nullptr;  // the design's points run on this process
  SensitivityOptions design;
  design.rows = a.rows;
  design.inputs = a.inputs;
  design.resamples = a.resamples;
  const std::string out = a.out.empty() ? scenario.point().name + ".sensitivity.h5" : a.out;
  const Existing existing = a.force ? Existing::replace : Existing::refuse;
  check_output_path(out, existing);
  const SensitivityResults s = run_sensitivity(scenario, outputs, options, design);
  bar.finish();
  write_sensitivity(out, s, existing);
  print_sensitivity(std::cout, s);
  std::cout << "results: " << out << "\n";
  return 0;
}

// `info`: the summary (text), or the statistics of every posture as CSV or JSON.
int do_info(const std::string& file, const std::string& format) {
  if (is_sensitivity_file(file)) {
    if (format != "text") {
      throw std::invalid_argument(file +
                                  " holds a sensitivity study: --format text only (its "
                                  "arrays are in the file's /sensitivity group)");
    }
    print_sensitivity(std::cout, read_sensitivity(file));
    return 0;
  }
  const SweepResults results = read_sweep_results(file);
  if (format == "csv") {
    write_statistics_csv(std::cout, statistics_table(results));
  } else if (format == "json") {
    write_statistics_json(std::cout, results.provenance, statistics_table(results));
  } else if (!results.reference.empty()) {
    print_sweep_summary(std::cout, results);
  } else {
    print_summary(std::cout, results.runs.at(0).results);
  }
  return 0;
}

void add_engine_options(CLI::App* command, EngineArgs& engine) {
  command
      ->add_option("-b,--backend", engine.backend,
                   "auto: the GPU if one is present, else the CPU; cpu; cuda")
      ->capture_default_str()
      ->check(CLI::IsMember(kBackendNames));
  command->add_option("-t,--threads", engine.threads, "CPU threads (0 = all cores)")
      ->capture_default_str()
      ->check(CLI::Range(0, 4096));
  command
      ->add_option("--chunk", engine.chunk,
                   "Trials per chunk (0 = sized from memory); results do not depend on it")
      ->capture_default_str();
  command
      ->add_option("--memory-limit", engine.memory_limit,
                   "Host memory the run may use (e.g. 8GiB, 500MB; default: what the machine "
                   "has available, within a cgroup or Slurm limit). The need is estimated "
                   "first: a run that cannot fit is refused before it starts, one that fits "
                   "takes smaller chunks")
      ->transform(CLI::AsSizeValue(false))
      ->type_name("SIZE");
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
      "  contested run configs/indo_pacific.yaml --posture configs/postures/federated.yaml\n"
      "  contested run configs/indo_pacific.yaml --posture configs/postures/uncertain.yaml\n"
      "  contested sensitivity configs/indo_pacific.yaml -p configs/postures/uncertain.yaml "
      "--outputs aircraft_lost_ground\n"
      "  contested info single.h5\n"
      "  contested info single.h5 --format csv > single.csv"};
  app.set_version_flag("--version", std::string("contested ") + CONTESTED_VERSION +
                                        " (results format " +
                                        std::to_string(kResultsFormatVersion) + ")");
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
      ->check(CLI::Range(1u, kMaxDays));
  add_engine_options(run_cmd, run_args.engine);
  run_cmd->add_option("-p,--posture", run_args.posture,
                      "Posture: an id from the scenario's postures: list, or a posture file "
                      "(PATH.yaml, relative to the current directory; e.g. "
                      "configs/postures/federated.yaml) (default: baseline)");
  run_cmd
      ->add_option("--shard", run_args.shard,
                   "i/n: simulate only block i (0-based) of n nearly equal blocks of the "
                   "--trials, for job arrays; `contested merge` adds the n files into the "
                   "whole run's results, identical to a run in one piece")
      ->type_name("I/N");
  run_cmd->add_option("-o,--out", run_args.out,
                      "Results file (default: <scenario name>.h5, or "
                      "<scenario name>.shard-I-of-N.h5 with --shard)");
  run_cmd
      ->add_option("--trials-per-sample", run_args.trials_per_sample,
                   "With a posture's uncertain: inputs (docs/sensitivity.md), each draw of "
                   "them serves this many consecutive trials (1: every trial its own draw; "
                   "more: fewer scenario loads for large scenarios)")
      ->capture_default_str()
      ->check(CLI::Range(uint64_t{1}, kMaxTrials));
  run_cmd->add_flag("--point", run_args.point,
                    "Ignore the posture's uncertain: distributions and run the values the "
                    "scenario writes (the point run to compare an uncertain run with)");
  run_cmd->add_flag("-q,--quiet", run_args.quiet, "No progress bar and no summary");
  run_cmd->add_flag("-f,--force", run_args.force,
                    "Replace the results file if it exists (without it, an existing file is "
                    "refused before anything runs)");

  std::vector<std::string> validate_files;
  CLI::App* validate_cmd = app.add_subcommand(
      "validate",
      "Check scenario files without running them (exit 2 if invalid); a posture file given "
      "alone is checked for its shape");
  validate_cmd->add_option("scenario", validate_files, "Scenario YAML files")->required();
  std::vector<std::string> validate_postures;
  validate_cmd->add_option("-p,--posture", validate_postures,
                           "Also load each scenario under these postures (ids or posture "
                           "files); repeat the option or list several");

  SweepArgs sweep_args;
  CLI::App* sweep_cmd = app.add_subcommand(
      "sweep",
      "Run several postures (and grids of set: values) over the same trials and seed; write "
      "each one's distributions and its paired difference to the reference posture (HDF5), "
      "and print them ranked");
  sweep_cmd->add_option("sweep", sweep_args.sweep, "Sweep file (YAML; see docs/sweeps.md)")
      ->required()
      ->check(CLI::ExistingFile);
  sweep_cmd->add_option("-n,--trials", sweep_args.trials, "Trials (overrides the sweep file's)")
      ->check(CLI::Range(uint64_t{1}, kMaxTrials));
  sweep_cmd->add_option("-s,--seed", sweep_args.seed, "Random seed (overrides the sweep file's)");
  add_engine_options(sweep_cmd, sweep_args.engine);
  sweep_cmd
      ->add_option("--shard", sweep_args.shard,
                   "i/n: only block i (0-based) of n of the trials; `contested merge` adds the "
                   "n files into the whole sweep's")
      ->type_name("I/N");
  sweep_cmd->add_option("-o,--out", sweep_args.out,
                        "Results file (default: <sweep file name>.h5, or "
                        "<sweep file name>.shard-I-of-N.h5 with --shard)");
  sweep_cmd->add_flag("-q,--quiet", sweep_args.quiet, "No progress bar and no summary");
  sweep_cmd->add_flag("-f,--force", sweep_args.force,
                      "Replace the results file if it exists, and start afresh even if an "
                      "unfinished sweep left a checkpoint (<out>.partial)");
  sweep_cmd->add_flag("--resume", sweep_args.resume,
                      "Continue a killed or interrupted sweep from its checkpoint "
                      "(<out>.partial) instead of starting afresh; the results equal an "
                      "uninterrupted sweep's");
  sweep_cmd
      ->add_option("--checkpoint-every", sweep_args.checkpoint_every,
                   "Seconds between checkpoints (<out>.partial, removed when the sweep ends; "
                   "0 = after every chunk)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e9));

  SensitivityArgs sens;
  CLI::App* sens_cmd = app.add_subcommand(
      "sensitivity",
      "Rank which uncertain inputs drive chosen outputs: first-order and total-effect Sobol "
      "indices from a Saltelli design run on the engine (docs/sensitivity.md); write them "
      "(HDF5) and print a ranked table per output.\n"
      "  contested sensitivity configs/indo_pacific.yaml -p configs/postures/uncertain.yaml \\\n"
      "    --outputs aircraft_lost_ground,interceptors_remaining@kadena:7 --rows 64 -n 200");
  sens_cmd->add_option("scenario", sens.scenario, "Scenario YAML file")
      ->required()
      ->check(CLI::ExistingFile);
  sens_cmd
      ->add_option("-p,--posture", sens.posture,
                   "The posture (id or file) whose uncertain: section gives the inputs' "
                   "distributions")
      ->required();
  sens_cmd
      ->add_option(
          "--outputs", sens.outputs,
          "What to explain: outcomes by name (per-node ones too, e.g. "
          "day_interceptors_exhausted_kadena), or metric[@node][:day] (a daily "
          "metric, theatre-wide or at a node, on a day; default the last). A first day that "
          "never came counts as days + 1. Comma-separated or repeated")
      ->required()
      ->delimiter(',');
  sens_cmd
      ->add_option("--inputs", sens.inputs,
                   "The uncertain inputs to vary, by path (default: all of the posture's); "
                   "the others keep the scenario's values")
      ->delimiter(',');
  sens_cmd
      ->add_option("--rows", sens.rows,
                   "N, rows of the design's two input matrices: N * (inputs + 2) design points")
      ->capture_default_str()
      ->check(CLI::Range(uint64_t{2}, uint64_t{1} << 20));
  sens_cmd
      ->add_option("-n,--trials", sens.trials,
                   "Trials per design point (the same trials at every point); an output's value "
                   "at a point is its mean over them")
      ->capture_default_str()
      ->check(CLI::Range(uint64_t{1}, kMaxTrials));
  sens_cmd->add_option("-s,--seed", sens.seed, "Random seed (inputs, trials and bootstrap)")
      ->capture_default_str();
  sens_cmd
      ->add_option("--resamples", sens.resamples,
                   "Bootstrap resamples of the 95% intervals (0: no intervals)")
      ->capture_default_str()
      ->check(CLI::Range(0u, 1000000u));
  sens_cmd->add_option("-d,--days", sens.days, "Campaign length (overrides the scenario's days)")
      ->check(CLI::Range(1u, kMaxDays));
  add_engine_options(sens_cmd, sens.engine);
  sens_cmd->add_option("-o,--out", sens.out,
                       "Results file (default: <scenario name>.sensitivity.h5)");
  sens_cmd->add_flag("-q,--quiet", sens.quiet, "No progress bar");
  sens_cmd->add_flag("-f,--force", sens.force, "Replace the results file if it exists");

  std::string merge_out;
  std::vector<std::string> merge_inputs;
  bool merge_partial = false;
  bool merge_force = false;
  CLI::App* merge_cmd = app.add_subcommand(
      "merge",
      "Add up the results files of the shards of one run or sweep (--shard i/n) exactly; refuses "
      "files from different scenarios, seeds, engine versions or postures, and overlapping "
      "or missing shards");
  merge_cmd->add_option("out", merge_out, "Merged results file (.h5)")->required();
  merge_cmd->add_option("inputs", merge_inputs, "Shard results files, in any order")
      ->required()
      ->check(CLI::ExistingFile);
  merge_cmd->add_flag("--partial", merge_partial,
                      "Accept shards covering one contiguous part of the run (merge the rest "
                      "in later)");
  merge_cmd->add_flag("-f,--force", merge_force, "Replace the merged file if it exists");

  std::string info_file;
  std::string info_format = "text";
  CLI::App* info_cmd = app.add_subcommand(
      "info",
      "Print the summary of a results file, or the statistics of every posture in it, or a "
      "sensitivity study's ranked tables");
  info_cmd->add_option("results", info_file, "Results file (.h5)")->required();
  info_cmd
      ->add_option("--format", info_format,
                   "text: the summary tables, for reading; csv: one row per posture, measure, "
                   "node and day with the columns posture, measure, kind (metric or outcome), "
                   "node (empty: theatre-wide), day (empty for outcomes), units, long_name, "
                   "trials (those the statistics are over), p_never (first-day outcomes), "
                   "mean, std, p05, p25, p50, p75, p95, floats at full precision, empty when "
                   "absent or NaN; json: the same records with the file's provenance "
                   "(null when absent or NaN). See docs/results.md, Statistics tables")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "csv", "json"}));

  const MpiSession mpi(argc, argv);
  g_mpi = &mpi;
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help prints and succeeds; a usage mistake is bad input, exit 2, like a bad file.
    const int status = app.exit(e);
    return status == 0 ? 0 : kExitBadInput;
  }
  // With SIGXFSZ ignored, a write beyond the file-size limit fails with EFBIG and a message
  // instead of killing the process.
  std::signal(SIGXFSZ, SIG_IGN);
  // Only `run` and `sweep` share work between ranks; rank 0 alone does anything else.
  if (mpi.rank() != 0 && !*run_cmd && !*sweep_cmd) return 0;
  try {
    if (*run_cmd) return do_run(run_args);
    if (*validate_cmd) return do_validate(validate_files, validate_postures);
    if (*sweep_cmd) return do_sweep(sweep_args);
    if (*merge_cmd) return do_merge(merge_out, merge_inputs, merge_partial, merge_force);
    if (*info_cmd) return do_info(info_file, info_format);
    if (*sens_cmd) return do_sensitivity(sens);
  } catch (const ScenarioError& e) {
    input_error() << e.what() << "\n";
    return failed(kExitBadInput);
  } catch (const RunInterrupted&) {
    input_error() << "\ncontested: interrupted; no results written\n";
    return failed(interrupted_status());
  } catch (const OutputExists& e) {
    input_error() << "contested: " << e.what() << "\n";
    return failed(kExitBadInput);
  } catch (const std::length_error& e) {
    input_error() << "contested: " << e.what() << "\n";
    return failed(kExitBadInput);
  } catch (const std::invalid_argument& e) {
    input_error() << "contested: " << e.what() << "\n";
    return failed(kExitBadInput);
  } catch (const std::exception& e) {
    std::cerr << "contested" << (mpi.size() > 1 ? " (rank " + std::to_string(mpi.rank()) + ")" : "")
              << ": " << e.what() << "\n";
    return failed(kExitFailure);
  }
  return 0;
}
