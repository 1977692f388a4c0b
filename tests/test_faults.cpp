// Faults met by the command line (docs/reliability.md): signals during a run or a sweep,
// existing, unwritable and over-limit outputs, and damaged results files. Whatever happens,
// the output path holds either nothing or a complete file (the previous one, or the new
// one), never a partial one, and the message says what went wrong.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "results/results_h5.hpp"
#include "tests/campaign_testing.hpp"

namespace contested {
namespace {

namespace fs = std::filesystem;
using testing::Command;
using testing::run_shell;
using testing::shell;

const std::string kSmall = CONTESTED_SOURCE_DIR "/configs/examples/single_base.yaml";
// Long enough (minutes) that a signal a second in always lands mid-run; chunks of 50 trials
// keep the stop prompt.
const std::string kLong = CONTESTED_SOURCE_DIR
    "/configs/indo_pacific_airbases.yaml --trials 2000000 --chunk 50 --threads 1 --backend cpu";

class Faults : public testing::ScratchDirectory {
 protected:
  // Starts `cli_args` in the background, sends `signal` `delay` seconds after the CLI has
  // installed its handlers (SIGTERM caught, in /proc/PID/status: startup takes longer under
  // the sanitizers, and a signal before then would just kill it) and returns its exit status
  // with everything it printed.
  static Command signalled(const std::string& cli_args, const std::string& signal,
                           const std::string& delay = "1") {
    return run_shell(std::string(CONTESTED_CLI) + " " + cli_args +
                     " & pid=$!; for i in $(seq 1 1200); do "
                     "m=$(awk '/^SigCgt/ {print $2}' /proc/$pid/status 2>/dev/null); "
                     "[ -n \"$m\" ] && [ $(( (0x$m >> 14) & 1 )) = 1 ] && break; sleep 0.05; "
                     "done; sleep " +
                     delay + "; kill -" + signal + " $pid; wait $pid");
  }
};

std::string bytes_of(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_F(Faults, UsageMistakesExitTwoAndHelpExitsZero) {
  EXPECT_EQ(shell("run").status, 2);
  EXPECT_EQ(shell("frobnicate").status, 2);
  EXPECT_EQ(shell("run " + kSmall + " --trials 0").status, 2);
  const Command huge = shell("run " + kSmall + " --trials 1000000000000");
  EXPECT_EQ(huge.status, 2);
  EXPECT_TRUE(contains(huge.output, "--trials")) << huge.output;
  EXPECT_TRUE(contains(huge.output, "4294967295")) << huge.output;  // the limit, named
  EXPECT_EQ(shell("run " + kSmall + " --backend tpu").status, 2);
  EXPECT_EQ(shell("run --help").status, 0);
  EXPECT_EQ(listing(), std::vector<std::string>{});
}

TEST_F(Faults, ExistingResultsAreReplacedOnlyWithForce) {
  const std::string out = path("r.h5");
  const std::string args = "run " + kSmall + " --trials 50 --quiet --out " + out;
  ASSERT_EQ(shell(args + " --seed 1").status, 0);
  const std::string first = bytes_of(out);

  const Command again = shell(args + " --seed 2");
  EXPECT_EQ(again.status, 2) << again.output;
  EXPECT_TRUE(contains(again.output, out + " already exists")) << again.output;
  EXPECT_TRUE(contains(again.output, "--force")) << again.output;
  EXPECT_FALSE(contains(again.output, "results:")) << "it ran before refusing";
  EXPECT_EQ(bytes_of(out), first);

  ASSERT_EQ(shell(args + " --seed 2 --force").status, 0);
  EXPECT_EQ(read_results(out).provenance.seed, 2u);
  EXPECT_EQ(listing(), std::vector<std::string>{"r.h5"});

  // merge and sweep refuse alike.
  const Command merge = shell("merge " + out + " " + out);
  EXPECT_EQ(merge.status, 2) << merge.output;
  const std::string sweep_out = path("s.h5");
  std::ofstream(sweep_out) << "not results";
  const Command sweep = shell("sweep " CONTESTED_SOURCE_DIR
                              "/configs/sweeps/shelters.yaml --trials 20 --quiet --out " +
                              sweep_out);
  EXPECT_EQ(sweep.status, 2) << sweep.output;
  EXPECT_TRUE(contains(sweep.output, sweep_out + " already exists")) << sweep.output;
  EXPECT_EQ(bytes_of(sweep_out), "not results");
}

TEST_F(Faults, TerminatedRunLeavesThePreviousFileWhole) {
  const std::string out = path("r.h5");
  ASSERT_EQ(shell("run " + kSmall + " --trials 50 --quiet --out " + out).status, 0);
  const std::string previous = bytes_of(out);
  const Command c = signalled("run " + kLong + " --quiet --force --out " + out, "TERM");
  EXPECT_EQ(c.status, 143) << c.output;  // 128 + SIGTERM
  EXPECT_TRUE(contains(c.output, "interrupted; no results written")) << c.output;
  EXPECT_EQ(bytes_of(out), previous);
  EXPECT_EQ(listing(), std::vector<std::string>{"r.h5"});  // no temporary left
}

TEST_F(Faults, InterruptedRunWritesNothing) {
  const Command c = signalled("run " + kLong + " --out " + path("r.h5"), "INT");
  EXPECT_EQ(c.status, 130) << c.output;  // 128 + SIGINT
  EXPECT_TRUE(contains(c.output, "interrupted; no results written")) << c.output;
  EXPECT_EQ(listing(), std::vector<std::string>{});
}

TEST_F(Faults, TerminatedSweepKeepsItsCheckpointForResume) {
  const std::string sweep = CONTESTED_SOURCE_DIR "/configs/sweeps/shelters.yaml";
  const std::string common =
      "sweep " + sweep + " --trials 3000000 --chunk 50 --threads 1 --backend cpu --quiet ";
  const std::string out = path("s.h5");
  const Command c = signalled(common + "--checkpoint-every 0 --out " + out, "TERM");
  EXPECT_EQ(c.status, 143) << c.output;
  EXPECT_TRUE(contains(c.output, "--resume")) << c.output;
  EXPECT_EQ(listing(), std::vector<std::string>{"s.h5.partial"});
  const uint64_t saved = read_sweep_results(out + ".partial").provenance.trials;
  EXPECT_GT(saved, 0u);

  // Starting afresh by mistake would throw the saved trials away: refused.
  const Command fresh = shell(common + "--out " + out);
  EXPECT_EQ(fresh.status, 2) << fresh.output;
  EXPECT_TRUE(contains(fresh.output, "--resume")) << fresh.output;
  EXPECT_EQ(read_sweep_results(out + ".partial").provenance.trials, saved);
}

TEST_F(Faults, UnwritableOutputIsRefusedBeforeTheRun) {
  const Command missing = shell("run " + kSmall + " --trials 50 --out " + path("no/dir/r.h5"));
  EXPECT_EQ(missing.status, 1) << missing.output;
  EXPECT_TRUE(contains(missing.output, "there is no directory " + path("no/dir")))
      << missing.output;
  EXPECT_FALSE(contains(missing.output, "results:")) << "it ran before refusing";

  const Command directory = shell("run " + kSmall + " --trials 50 --out " + path(""));
  EXPECT_EQ(directory.status, 1) << directory.output;
  EXPECT_TRUE(contains(directory.output, "it is a directory")) << directory.output;

  if (::geteuid() != 0) {  // root writes into read-only directories
    fs::permissions(dir_, fs::perms::owner_write, fs::perm_options::remove);
    const Command read_only = shell("run " + kSmall + " --trials 50 --out " + path("r.h5"));
    EXPECT_EQ(read_only.status, 1) << read_only.output;
    EXPECT_TRUE(contains(read_only.output, "Permission denied")) << read_only.output;
  }
}

TEST_F(Faults, FullDiskIsAClearErrorAndLeavesNothing) {
  // A file-size limit fails writes with EFBIG, as a full disk fails them with ENOSPC; the
  // CLI ignores SIGXFSZ so that it reports the error instead of dying.
  const std::string out = path("r.h5");
  const Command c = run_shell("ulimit -f 8; " + std::string(CONTESTED_CLI) + " run " + kSmall +
                              " --trials 50 --quiet --out " + out);
  EXPECT_EQ(c.status, 1) << c.output;
  EXPECT_TRUE(contains(c.output, "cannot write results to " + out)) << c.output;
  EXPECT_TRUE(contains(c.output, "File too large")) << c.output;
  EXPECT_EQ(listing(), std::vector<std::string>{});
}

TEST_F(Faults, DamagedResultsFilesAreClearErrors) {
  const std::string good = path("good.h5");
  ASSERT_EQ(shell("run " + kSmall + " --trials 50 --quiet --out " + good).status, 0);
  const std::string bytes = bytes_of(good);
  const std::string cut = path("cut.h5");
  std::ofstream(cut, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  const std::string text = path("text.h5");
  std::ofstream(text) << "id,value\n1,2\n";
  const std::string foreign = path("foreign.h5");
  H5Fclose(H5Fcreate(foreign.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT));

  for (const std::string& bad : {cut, text}) {
    const Command info = shell("info " + bad);
    EXPECT_EQ(info.status, 1) << info.output;
    EXPECT_TRUE(contains(info.output, bad + ": not an HDF5 file or truncated")) << info.output;
    const Command merge = shell("merge " + path("m.h5") + " " + good + " " + bad);
    EXPECT_EQ(merge.status, 1) << merge.output;
    EXPECT_TRUE(contains(merge.output, bad + ": not an HDF5 file or truncated")) << merge.output;
  }
  const Command info = shell("info " + foreign);
  EXPECT_EQ(info.status, 1) << info.output;
  EXPECT_TRUE(contains(info.output, foreign + ": not a contested results file")) << info.output;
  EXPECT_FALSE(fs::exists(path("m.h5")));
}

}  // namespace
}  // namespace contested
