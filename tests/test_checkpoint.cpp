// Checkpoints and --resume: a long sweep saves the trials it has done as it goes; a sweep
// interrupted or killed part-way and resumed from its checkpoint does not redo finished
// trials and writes the same file, dataset by dataset, as a sweep never interrupted.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "engine/runner.hpp"
#include "engine/sweep.hpp"
#include "results/results_h5.hpp"
#include "tests/campaign_testing.hpp"
#include "tests/h5_compare.hpp"

namespace contested {
namespace {

namespace fs = std::filesystem;

const std::string kSweep = "scenario: " CONTESTED_SOURCE_DIR
                           "/configs/examples/ramp_and_shelters.yaml\n"
                           R"(trials: 230
seed: 21
postures:
  - baseline
  - {id: more_shelters, set: {"nodes.airbase.shelters": 24}}
)";

class Checkpoint : public testing::ScratchDirectory {
 protected:
  static RunOptions options() {
    RunOptions o;
    o.backend = "cpu";
    o.threads = 2;
    o.chunk = 20;
    return o;
  }
};

TEST_F(Checkpoint, ResumedSweepEqualsTheUninterruptedOne) {
  const SweepSpec spec = load_sweep_text(kSweep, "<sweep>", ".");
  const std::vector<Arm> runs = plan_sweep(spec);
  const std::string whole = path("whole.h5");
  write_sweep_results(whole, sweep(spec, runs, options()), Existing::refuse);

  // Stopped after 4 chunks of 20 trials: the checkpoint holds those 80 trials.
  SweepCheckpoint checkpoint;
  checkpoint.path = path("resumed.h5.partial");
  checkpoint.every_seconds = 0;
  RunOptions stopping = options();
  int polls = 0;
  stopping.stop_requested = [&polls] { return ++polls > 4; };
  EXPECT_THROW(sweep(spec, runs, stopping, checkpoint), RunInterrupted);
  ASSERT_TRUE(fs::exists(checkpoint.path));
  const SweepResults partial = read_sweep_results(checkpoint.path);
  EXPECT_EQ(partial.provenance.trials, 80u);
  EXPECT_EQ(partial.provenance.first_trial, 0u);
  EXPECT_EQ(partial.runs.at(0).results.metrics.at(0).trials(0), 80u);

  // Resumed: only the other 150 trials run.
  checkpoint.resume = true;
  uint64_t resumed = 0;
  checkpoint.resumed = [&resumed](uint64_t trials) { resumed = trials; };
  uint64_t first_progress = 0;
  RunOptions going_on = options();
  going_on.progress = [&first_progress](uint64_t done, uint64_t) {
    if (first_progress == 0) first_progress = done;
  };
  const std::string final_file = path("resumed.h5");
  write_sweep_results(final_file, sweep(spec, runs, going_on, checkpoint), Existing::refuse);
  EXPECT_EQ(resumed, 80u);
  EXPECT_EQ(first_progress, 100u);
  EXPECT_EQ(testing::differing_datasets(whole, final_file), std::vector<std::string>{});
}

TEST_F(Checkpoint, ShardsResumeToo) {
  const SweepSpec spec = load_sweep_text(kSweep, "<sweep>", ".");
  const std::vector<Arm> runs = plan_sweep(spec);
  RunOptions shard = options();
  const TrialRange r = shard_range(spec.trials, 1, 2);
  shard.first_trial = r.first;
  shard.trial_count = r.count;
  shard.shard = "1/2";
  const std::string whole = path("shard.h5");
  write_sweep_results(whole, sweep(spec, runs, shard), Existing::refuse);

  SweepCheckpoint checkpoint;
  checkpoint.path = path("shard.partial");
  checkpoint.every_seconds = 0;
  RunOptions stopping = shard;
  int polls = 0;
  stopping.stop_requested = [&polls] { return ++polls > 2; };
  EXPECT_THROW(sweep(spec, runs, stopping, checkpoint), RunInterrupted);
  EXPECT_EQ(read_sweep_results(checkpoint.path).provenance.first_trial, r.first);
  checkpoint.resume = true;
  const std::string resumed = path("resumed.h5");
  write_sweep_results(resumed, sweep(spec, runs, shard, checkpoint), Existing::refuse);
  EXPECT_EQ(testing::differing_datasets(whole, resumed), std::vector<std::string>{});

  // The other shard cannot go on from this one's checkpoint.
  RunOptions other = options();
  other.trial_count = shard_range(spec.trials, 0, 2).count;
  try {
    sweep(spec, runs, other, checkpoint);
    ADD_FAILURE() << "resumed another shard's checkpoint";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("not the start of this block"), std::string::npos)
        << e.what();
  }
}

TEST_F(Checkpoint, RefusesTheCheckpointOfAnotherSweep) {
  const SweepSpec spec = load_sweep_text(kSweep, "<sweep>", ".");
  const std::vector<Arm> runs = plan_sweep(spec);
  SweepCheckpoint checkpoint;
  checkpoint.path = path("x.partial");
  checkpoint.every_seconds = 0;
  RunOptions stopping = options();
  int polls = 0;
  stopping.stop_requested = [&polls] { return ++polls > 2; };
  EXPECT_THROW(sweep(spec, runs, stopping, checkpoint), RunInterrupted);
  checkpoint.resume = true;

  SweepSpec reseeded = spec;
  reseeded.seed = 22;
  EXPECT_THROW(sweep(reseeded, runs, options(), checkpoint), std::invalid_argument);
  SweepSpec longer = spec;
  longer.trials = 231;
  EXPECT_THROW(sweep(longer, runs, options(), checkpoint), std::invalid_argument);
  std::string other_text = kSweep;
  other_text.replace(other_text.find("24}"), 3, "30}");
  const SweepSpec other = load_sweep_text(other_text, "<sweep>", ".");
  EXPECT_THROW(sweep(other, plan_sweep(other), options(), checkpoint), std::invalid_argument);
  // Without --resume the checkpoint is simply overwritten.
  checkpoint.resume = false;
  EXPECT_NO_THROW(sweep(reseeded, runs, options(), checkpoint));
}

// The real thing: the CLI killed with SIGKILL part-way, then run again with --resume.
TEST_F(Checkpoint, CliResumesAfterAKill) {
  const std::string file = path("sweep.yaml");
  std::string text = kSweep;
  text.replace(text.find("trials: 230"), 11, "trials: 12000");
  std::ofstream(file) << text;
  const std::string cli = CONTESTED_CLI;
  const std::string common = cli + " sweep " + file + " --backend cpu --quiet --chunk 400 ";
  const std::string whole = path("whole.h5");
  ASSERT_EQ(testing::run_shell(common + "--out " + whole + " > /dev/null").status, 0);

  const std::string out = path("killed.h5");
  const std::string partial = out + ".partial";
  const std::string kill_it = "(" + common + "--checkpoint-every 0 --out " + out +
                              " > /dev/null 2>&1 & pid=$!; "
                              "for i in $(seq 1 600); do [ -f " +
                              partial +
                              " ] && break; sleep 0.01; done; sleep 0.2; kill -9 $pid; "
                              "wait $pid 2>/dev/null; exit 0)";
  ASSERT_EQ(testing::run_shell(kill_it).status, 0);
  ASSERT_TRUE(fs::exists(partial)) << "no checkpoint was written";
  ASSERT_FALSE(fs::exists(out)) << "the sweep finished before it was killed";
  const uint64_t saved = read_sweep_results(partial).provenance.trials;
  EXPECT_GT(saved, 0u);
  EXPECT_LT(saved, 12000u);

  ASSERT_EQ(testing::run_shell(common + "--resume --out " + out + " > /dev/null").status, 0);
  EXPECT_FALSE(fs::exists(partial)) << "the checkpoint outlived the finished sweep";
  EXPECT_EQ(testing::differing_datasets(whole, out), std::vector<std::string>{});
}

}  // namespace
}  // namespace contested
