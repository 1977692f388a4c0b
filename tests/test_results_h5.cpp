// Results statistics, the HDF5 results file (layout, round trip, failure modes) and the
// analyst summary.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "results/results.hpp"
#include "results/results_h5.hpp"
#include "results/summary.hpp"
#include "tests/campaign_testing.hpp"

namespace contested {
namespace {

namespace fs = std::filesystem;

// A distribution built from the per-trial values of each row, with the histogram, sums
// and sums of squares computed the way the engine accumulates them.
Distribution from_values(const std::string& name, const std::string& node,
                         const std::vector<std::vector<int64_t>>& rows, int64_t bin_lo = 0,
                         uint32_t bin_width = 1) {
  Distribution d;
  d.name = name;
  d.node = node;
  d.rows = static_cast<uint32_t>(rows.size());
  d.bin_lo = bin_lo;
  d.bin_width = bin_width;
  int64_t hi = bin_lo;
  for (const auto& row : rows) {
    for (int64_t v : row)
      hi = std::max(hi, v);
  }
  d.bins = static_cast<uint32_t>((hi - bin_lo) / bin_width + 1);
  d.histogram.assign(size_t{d.rows} * d.bins, 0);
  for (uint32_t r = 0; r < d.rows; ++r) {
    uint64_t sum = 0, sum_sq = 0;
    for (int64_t v : rows[r]) {
      ++d.histogram[size_t{r} * d.bins + static_cast<size_t>((v - bin_lo) / bin_width)];
      sum += static_cast<uint64_t>(v);
      sum_sq += static_cast<uint64_t>(v * v);
    }
    d.sum.push_back(sum);
    d.sum_sq.push_back(sum_sq);
  }
  return d;
}

Distribution one_row(const std::string& name, const std::vector<int64_t>& values,
                     int64_t bin_lo = 0, uint32_t bin_width = 1) {
  return from_values(name, "", {values}, bin_lo, bin_width);
}

std::vector<int64_t> range(int64_t first, int64_t last) {
  std::vector<int64_t> values;
  for (int64_t v = first; v <= last; ++v)
    values.push_back(v);
  return values;
}

// ---- statistics -------------------------------------------------------------------------

TEST(DistributionStats, MeanAndPopulationStddev) {
  const Distribution d = one_row("x", {1, 2, 2, 3, 7});
  EXPECT_EQ(d.trials(0), 5u);
  EXPECT_DOUBLE_EQ(d.mean(0), 3.0);
  EXPECT_DOUBLE_EQ(d.stddev(0), std::sqrt(22.0 / 5.0));
}

TEST(DistributionStats, ConstantHasExactlyZeroStddev) {
  const Distribution d = one_row("x", std::vector<int64_t>(1000, 123457));
  EXPECT_EQ(d.mean(0), 123457.0);
  EXPECT_EQ(d.stddev(0), 0.0);
}

TEST(DistributionStats, StddevSurvivesHugeSums) {
  // sum^2 overflows 128 bits here, so the long double path is used.
  Distribution d;
  d.rows = 1;
  d.bins = 1;
  d.histogram = {uint64_t{1} << 40};
  const uint64_t value = uint64_t{1} << 23;  // every trial the same value
  d.sum = {d.histogram[0] * value};
  d.sum_sq = {std::numeric_limits<uint64_t>::max()};  // saturated, as a corrupt file might be
  EXPECT_DOUBLE_EQ(d.mean(0), static_cast<double>(value));
  EXPECT_TRUE(std::isfinite(d.stddev(0)));
  EXPECT_GE(d.stddev(0), 0.0);
}

TEST(DistributionStats, QuantilesAreExactForUnitBins) {
  const Distribution d = one_row("x", range(1, 100));
  EXPECT_EQ(d.quantile(0, 0.05), 5.0);  // P(X <= 5) = 0.05 exactly
  EXPECT_EQ(d.quantile(0, 0.25), 25.0);
  EXPECT_EQ(d.quantile(0, 0.50), 50.0);
  EXPECT_EQ(d.quantile(0, 0.95), 95.0);
  EXPECT_EQ(d.quantile(0, 0.951), 96.0);
  EXPECT_EQ(d.quantile(0, 0.0), 1.0);  // the smallest value seen, not bin_lo
  EXPECT_EQ(d.quantile(0, 1.0), 100.0);
}

TEST(DistributionStats, QuantilesSkipEmptyBinsAndHonourBinLo) {
  const Distribution d = one_row("x", {-3, -3, -3, 4}, -5);
  EXPECT_EQ(d.quantile(0, 0.5), -3.0);
  EXPECT_EQ(d.quantile(0, 0.75), -3.0);
  EXPECT_EQ(d.quantile(0, 0.76), 4.0);
}

TEST(DistributionStats, QuantilesInterpolateInsideWideBins) {
  // Bin [10, 19] holds all ten trials; its values are taken as equally likely.
  const Distribution d = one_row("x", std::vector<int64_t>(10, 12), 0, 10);
  EXPECT_DOUBLE_EQ(d.quantile(0, 0.05), 10.0);
  EXPECT_DOUBLE_EQ(d.quantile(0, 0.50), 14.0);  // 10 + 0.5 * 10 - 1
  EXPECT_DOUBLE_EQ(d.quantile(0, 0.75), 16.5);
  EXPECT_DOUBLE_EQ(d.quantile(0, 1.00), 19.0);  // never beyond the bin's last value

  // Five trials in [0, 9], five in [10, 19].
  const Distribution two = one_row("y", {1, 1, 1, 1, 1, 15, 15, 15, 15, 15}, 0, 10);
  EXPECT_DOUBLE_EQ(two.quantile(0, 0.5), 9.0);
  EXPECT_DOUBLE_EQ(two.quantile(0, 0.6), 11.0);  // 10 + 0.2 * 10 - 1
}

TEST(DistributionStats, EmptyRowIsNaN) {
  const Distribution d = from_values("x", "", {{}, {4, 6}});
  EXPECT_EQ(d.trials(0), 0u);
  EXPECT_TRUE(std::isnan(d.mean(0)));
  EXPECT_TRUE(std::isnan(d.stddev(0)));
  EXPECT_TRUE(std::isnan(d.quantile(0, 0.5)));
  EXPECT_DOUBLE_EQ(d.mean(1), 5.0);  // rows are independent
  EXPECT_DOUBLE_EQ(d.stddev(1), 1.0);
  EXPECT_EQ(d.quantile(1, 0.5), 4.0);
}

// A first-day outcome: 0 is "never", so the statistics are over the other trials.
TEST(DistributionStats, NeverIsCountedApart) {
  Distribution d = from_values("day_x_exhausted", "", {{0, 0, 0, 2, 4, 4}, {0, 0}});
  d.zero_is_never = true;
  EXPECT_EQ(d.trials(0), 6u);
  EXPECT_EQ(d.never(0), 3u);
  EXPECT_EQ(d.counted(0), 3u);
  EXPECT_DOUBLE_EQ(d.p_never(0), 0.5);
  EXPECT_DOUBLE_EQ(d.mean(0), 10.0 / 3.0);
  EXPECT_DOUBLE_EQ(d.stddev(0), std::sqrt((36.0 / 3.0) - (100.0 / 9.0)));
  EXPECT_EQ(d.quantile(0, 0.0), 2.0);  // never is not a day
  EXPECT_EQ(d.quantile(0, 0.5), 4.0);
  // Never in every trial: no statistics, P(never) = 1.
  EXPECT_DOUBLE_EQ(d.p_never(1), 1.0);
  EXPECT_TRUE(std::isnan(d.mean(1)));
  EXPECT_TRUE(std::isnan(d.stddev(1)));
  EXPECT_TRUE(std::isnan(d.quantile(1, 0.5)));
  // The same counts read as plain values include the zeros.
  d.zero_is_never = false;
  EXPECT_EQ(d.never(0), 0u);
  EXPECT_DOUBLE_EQ(d.mean(0), 10.0 / 6.0);
  EXPECT_EQ(d.quantile(0, 0.5), 0.0);
}

TEST(ResultsLookup, FindsMetricsOutcomesAndNodes) {
  Results r;
  r.metrics = {one_row("sorties", {1}), from_values("sorties", "kadena", {{1}}),
               from_values("craters_open", "andersen", {{1}}),
               from_values("sorties", "andersen", {{1}})};
  r.outcomes = {one_row("aircraft_lost_ground", {0})};
  EXPECT_EQ(r.find_metric("sorties"), &r.metrics[0]);
  EXPECT_EQ(r.find_metric("sorties", "andersen"), &r.metrics[3]);
  EXPECT_EQ(r.find_metric("craters_open"), nullptr);
  EXPECT_EQ(r.find_outcome("aircraft_lost_ground"), &r.outcomes[0]);
  EXPECT_EQ(r.find_outcome("nope"), nullptr);
  EXPECT_EQ(r.nodes(), (std::vector<std::string>{"kadena", "andersen"}));
}

// ---- HDF5 file --------------------------------------------------------------------------

// A fresh directory per test, removed afterwards.
using ResultsFile = testing::ScratchDirectory;

Results sample_results() {
  Results r;
  Provenance& p = r.provenance;
  p.engine_version = "0.1.0";
  p.seed = 0xDEADBEEFCAFEull;
  p.trials = 20;
  p.days = 3;
  p.backend = "cpu";
  p.device = "Test CPU, 2 threads";
  p.created_utc = "2025-01-02T03:04:05Z";
  p.scenario_sha256 = std::string(64, 'a');
  p.scenario_name = "pacific";
  p.scenario_text = "name: pacific\n# naïve UTF-8 – text\ndays: 3\n";
  p.posture = "hardened";

  // Insertion order differs from alphabetical, and a theatre metric follows node ones.
  const std::vector<int64_t> a = range(1, 20), b = range(21, 40);
  r.metrics.push_back(from_values("sorties", "", {a, a, b, b}));
  r.metrics.push_back(from_values("sorties", "kadena", {a, b, a, b}));
  r.metrics.push_back(from_values("craters_open", "kadena", {a, a, a, a}, 0, 4));
  r.metrics.push_back(from_values("aircraft_alive", "andersen", {b, b, b, b}, -2));
  r.metrics.push_back(from_values("interceptors_remaining", "", {b, a, a, a}));

  // A large histogram (compressed on disk) with counts that need all 64 bits.
  Distribution big = from_values("munitions_aim120", "", {{0}, {0}, {0}, {0}});
  big.bins = 3000;
  big.histogram.assign(size_t{big.rows} * big.bins, 0);
  for (size_t i = 0; i < big.histogram.size(); i += 7)
    big.histogram[i] = (uint64_t{1} << 63) + i;
  big.sum = {1, std::numeric_limits<uint64_t>::max(), 3, 4};
  big.sum_sq = {5, 6, std::numeric_limits<uint64_t>::max() - 1, 8};
  r.metrics.push_back(big);

  r.outcomes.push_back(one_row("day_interceptors_exhausted", a));
  r.outcomes.push_back(one_row("aircraft_lost_ground", b, 0, 5));
  Distribution denied = one_row("days_strip_denied_fighter_kadena", {0, 1, 2, 3});
  denied.node = "kadena";
  r.outcomes.push_back(denied);
  return r;
}

void expect_same(const Distribution& got, const Distribution& want) {
  SCOPED_TRACE(want.name + "@" + want.node);
  EXPECT_EQ(got.name, want.name);
  EXPECT_EQ(got.node, want.node);
  EXPECT_EQ(got.rows, want.rows);
  EXPECT_EQ(got.bins, want.bins);
  EXPECT_EQ(got.bin_lo, want.bin_lo);
  EXPECT_EQ(got.bin_width, want.bin_width);
  EXPECT_EQ(got.histogram, want.histogram);
  EXPECT_EQ(got.sum, want.sum);
  EXPECT_EQ(got.sum_sq, want.sum_sq);
}

void expect_same(const Results& got, const Results& want) {
  const Provenance &g = got.provenance, &w = want.provenance;
  EXPECT_EQ(g.format, w.format);
  EXPECT_EQ(g.format_version, w.format_version);
  EXPECT_EQ(g.engine_version, w.engine_version);
  EXPECT_EQ(g.seed, w.seed);
  EXPECT_EQ(g.trials, w.trials);
  EXPECT_EQ(g.days, w.days);
  EXPECT_EQ(g.backend, w.backend);
  EXPECT_EQ(g.device, w.device);
  EXPECT_EQ(g.created_utc, w.created_utc);
  EXPECT_EQ(g.scenario_sha256, w.scenario_sha256);
  EXPECT_EQ(g.scenario_text, w.scenario_text);
  EXPECT_EQ(g.scenario_name, w.scenario_name);
  EXPECT_EQ(g.posture, w.posture);
  ASSERT_EQ(got.metrics.size(), want.metrics.size());
  for (size_t i = 0; i < want.metrics.size(); ++i)
    expect_same(got.metrics[i], want.metrics[i]);
  ASSERT_EQ(got.outcomes.size(), want.outcomes.size());
  for (size_t i = 0; i < want.outcomes.size(); ++i)
    expect_same(got.outcomes[i], want.outcomes[i]);
}

TEST_F(ResultsFile, RoundTripKeepsEveryFieldAndOrder) {
  const Results written = sample_results();
  write_results(path("run.h5"), written, Existing::refuse);
  EXPECT_EQ(listing(), std::vector<std::string>{"run.h5"});  // no temporary left behind
  expect_same(read_results(path("run.h5")), written);
}

TEST_F(ResultsFile, ReplacesAnExistingFileOnlyWhenAsked) {
  Results first = sample_results();
  first.provenance.seed = 1;
  write_results(path("run.h5"), first, Existing::refuse);
  Results second = sample_results();
  second.provenance.seed = 2;
  EXPECT_THROW(check_output_path(path("run.h5"), Existing::refuse), OutputExists);
  EXPECT_NO_THROW(check_output_path(path("run.h5"), Existing::replace));
  try {
    write_results(path("run.h5"), second, Existing::refuse);
    FAIL() << "an existing file was replaced";
  } catch (const OutputExists& e) {
    EXPECT_NE(std::string(e.what()).find(path("run.h5") + " already exists"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(listing(), std::vector<std::string>{"run.h5"});  // no temporary left behind
  expect_same(read_results(path("run.h5")), first);
  write_results(path("run.h5"), second, Existing::replace);
  EXPECT_EQ(listing(), std::vector<std::string>{"run.h5"});
  expect_same(read_results(path("run.h5")), second);
}

TEST_F(ResultsFile, OutputPathIsCheckedBeforeARun) {
  std::ofstream(path("plain")) << "x";
  fs::create_directory(path("dir"));
  const auto problem = [](const std::string& target) {
    try {
      check_output_path(target, Existing::replace);
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(problem(path("no/such/run.h5")).find("there is no directory"), std::string::npos);
  EXPECT_NE(problem(path("plain/run.h5")).find("there is no directory"), std::string::npos);
  EXPECT_NE(problem(path("dir")).find("it is a directory"), std::string::npos);
  EXPECT_EQ(problem(path("dir/run.h5")), "");
}

TEST_F(ResultsFile, EmptyResultsRoundTrip) {
  Results empty;
  write_results(path("empty.h5"), empty, Existing::refuse);
  expect_same(read_results(path("empty.h5")), empty);
}

// Helpers that look inside a file with the HDF5 C API, as any other reader would.
struct H5File {
  explicit H5File(const std::string& path, unsigned flags = H5F_ACC_RDONLY)
      : id(H5Fopen(path.c_str(), flags, H5P_DEFAULT)) {}
  ~H5File() {
    if (id >= 0) H5Fclose(id);
  }
  hid_t id;
};

std::vector<hsize_t> dataset_shape(hid_t file, const std::string& name) {
  const hid_t dset = H5Dopen2(file, name.c_str(), H5P_DEFAULT);
  if (dset < 0) return {99};
  const hid_t space = H5Dget_space(dset);
  std::vector<hsize_t> dims(static_cast<size_t>(H5Sget_simple_extent_ndims(space)));
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  H5Sclose(space);
  H5Dclose(dset);
  return dims;
}

std::vector<double> read_doubles(hid_t loc, const std::string& name, bool attribute) {
  const hid_t id = attribute ? H5Aopen(loc, name.c_str(), H5P_DEFAULT)
                             : H5Dopen2(loc, name.c_str(), H5P_DEFAULT);
  const hid_t space = attribute ? H5Aget_space(id) : H5Dget_space(id);
  std::vector<double> values(static_cast<size_t>(H5Sget_simple_extent_npoints(space)));
  if (attribute) {
    H5Aread(id, H5T_NATIVE_DOUBLE, values.data());
  } else {
    H5Dread(id, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
  }
  H5Sclose(space);
  attribute ? H5Aclose(id) : H5Dclose(id);
  return values;
}

TEST_F(ResultsFile, LayoutFollowsModelSection11) {
  const Results r = sample_results();
  write_results(path("run.h5"), r, Existing::refuse);
  H5File f(path("run.h5"));
  ASSERT_GE(f.id, 0);
  for (const char* attr :
       {"format", "format_version", "engine_version", "seed", "trials", "days", "backend", "device",
        "created_utc", "scenario_sha256", "scenario_name", "scenario_path"}) {
    EXPECT_GT(H5Aexists(f.id, attr), 0) << attr;
  }
  const std::string metric = "/postures/hardened/metrics/sorties/";
  EXPECT_EQ(dataset_shape(f.id, "/scenario"), std::vector<hsize_t>{});
  EXPECT_EQ(dataset_shape(f.id, metric + "histogram"), (std::vector<hsize_t>{4, 41}));
  EXPECT_EQ(dataset_shape(f.id, metric + "mean"), std::vector<hsize_t>{4});
  EXPECT_EQ(dataset_shape(f.id, metric + "std"), std::vector<hsize_t>{4});
  EXPECT_EQ(dataset_shape(f.id, metric + "quantiles"), (std::vector<hsize_t>{4, 5}));
  EXPECT_EQ(dataset_shape(f.id, metric + "sum"), std::vector<hsize_t>{4});
  EXPECT_EQ(dataset_shape(f.id, metric + "sum_sq"), std::vector<hsize_t>{4});
  EXPECT_EQ(dataset_shape(f.id, "/postures/hardened/nodes/kadena/craters_open/histogram"),
            (std::vector<hsize_t>{4, 6}));
  const std::string outcome = "/postures/hardened/outcomes/aircraft_lost_ground/";
  EXPECT_EQ(dataset_shape(f.id, outcome + "histogram"), std::vector<hsize_t>{9});
  EXPECT_EQ(dataset_shape(f.id, outcome + "mean"), std::vector<hsize_t>{});
  EXPECT_EQ(dataset_shape(f.id, outcome + "quantiles"), std::vector<hsize_t>{5});

  // The derived statistics are stored as the Distribution computes them.
  EXPECT_EQ(read_doubles(f.id, metric + "mean", false),
            (std::vector<double>{10.5, 10.5, 30.5, 30.5}));
  const std::vector<double> q = read_doubles(f.id, metric + "quantiles", false);
  EXPECT_EQ(std::vector<double>(q.begin(), q.begin() + 5), (std::vector<double>{1, 5, 10, 15, 19}));
  const hid_t dset = H5Dopen2(f.id, (metric + "quantiles").c_str(), H5P_DEFAULT);
  EXPECT_EQ(
      read_doubles(dset, "probabilities", true),
      std::vector<double>(std::begin(kQuantileProbabilities), std::end(kQuantileProbabilities)));
  H5Dclose(dset);
}

TEST_F(ResultsFile, WriteIntoMissingDirectoryThrowsAndLeavesNothing) {
  const std::string target = path("no/such/dir/run.h5");
  try {
    write_results(target, sample_results(), Existing::refuse);
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(target), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("No such file or directory"), std::string::npos)
        << e.what();
  }
  EXPECT_TRUE(listing().empty());
}

TEST_F(ResultsFile, WriteBelowAFileThrows) {
  std::ofstream(path("plain")) << "x";
  EXPECT_THROW(
      {
        try {
          write_results(path("plain/run.h5"), sample_results(), Existing::refuse);
        } catch (const std::runtime_error& e) {
          EXPECT_NE(std::string(e.what()).find("Not a directory"), std::string::npos) << e.what();
          throw;
        }
      },
      std::runtime_error);
  EXPECT_EQ(listing(), std::vector<std::string>{"plain"});
}

TEST_F(ResultsFile, WriteIntoReadOnlyDirectoryThrows) {
  if (::geteuid() == 0) GTEST_SKIP() << "root ignores directory permissions";
  fs::create_directory(path("ro"));
  fs::permissions(path("ro"), fs::perms::owner_read | fs::perms::owner_exec);
  EXPECT_THROW(write_results(path("ro/run.h5"), sample_results(), Existing::refuse),
               std::runtime_error);
  fs::permissions(path("ro"), fs::perms::owner_all);
  EXPECT_TRUE(fs::is_empty(path("ro")));
}

TEST_F(ResultsFile, FailedRenameRemovesTheTemporary) {
  fs::create_directory(path("taken"));  // a directory where the file should go
  EXPECT_THROW(write_results(path("taken"), sample_results(), Existing::replace),
               std::runtime_error);
  EXPECT_EQ(listing(), std::vector<std::string>{"taken"});
}

TEST_F(ResultsFile, FullDiskThrowsAndLeavesNothing) {
  // A file size limit makes writes fail with EFBIG, as a full disk fails them with ENOSPC.
  // It is set in a child process so that it cannot affect the rest of the suite.
  Results big = sample_results();
  for (size_t i = 0; i < big.metrics[5].histogram.size(); ++i) {
    big.metrics[5].histogram[i] = i * 0x9E3779B97F4A7C15ull;  // incompressible
  }
  const std::string target = path("run.h5");
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{16 * 1024, 16 * 1024};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    int code = 1;
    try {
      write_results(target, big, Existing::refuse);
    } catch (const std::runtime_error& e) {
      code = std::string(e.what()).find("cannot write results to " + target) == 0 ? 0 : 2;
    }
    ::_exit(code);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "1: no exception, 2: unclear message";
  EXPECT_TRUE(listing().empty());
}

// Expects read_results(path) to throw a message containing `fragment`.
void expect_read_error(const std::string& path, const std::string& fragment) {
  try {
    read_results(path);
    ADD_FAILURE() << "expected an exception reading " << path;
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos)
        << "message: " << e.what() << "\nexpected: " << fragment;
  }
}

TEST_F(ResultsFile, ReadingAMissingFileThrows) {
  expect_read_error(path("missing.h5"), path("missing.h5") + ": no such file");
}

TEST_F(ResultsFile, ReadingATextFileThrows) {
  std::ofstream(path("notes.h5")) << "days: 30\n";
  expect_read_error(path("notes.h5"), path("notes.h5") + ": not an HDF5 file or truncated");
}

TEST_F(ResultsFile, ReadingATruncatedFileThrows) {
  write_results(path("run.h5"), sample_results(), Existing::refuse);
  fs::copy_file(path("run.h5"), path("cut.h5"));
  fs::resize_file(path("cut.h5"), fs::file_size(path("run.h5")) / 2);
  expect_read_error(path("cut.h5"), path("cut.h5") + ": not an HDF5 file or truncated");
}

TEST_F(ResultsFile, ReadingAForeignHdf5FileThrows) {
  const hid_t f = H5Fcreate(path("other.h5").c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  H5Fclose(f);
  expect_read_error(path("other.h5"),
                    path("other.h5") + ": not a contested results file (format=<none>)");
}

// Rewrites a root attribute of an existing results file.
void set_root_attr(const std::string& file, const char* name, hid_t type, const void* value) {
  H5File f(file, H5F_ACC_RDWR);
  ASSERT_GE(f.id, 0);
  H5Adelete(f.id, name);
  const hid_t space = H5Screate(H5S_SCALAR);
  const hid_t attr = H5Acreate2(f.id, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
  H5Awrite(attr, type, value);
  H5Aclose(attr);
  H5Sclose(space);
}

TEST_F(ResultsFile, ReadingAnotherFormatThrows) {
  write_results(path("run.h5"), sample_results(), Existing::refuse);
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, 5);
  set_root_attr(path("run.h5"), "format", type, "other");
  H5Tclose(type);
  expect_read_error(path("run.h5"), "not a contested results file (format=other)");
}

TEST_F(ResultsFile, ReadingANewerFormatVersionThrows) {
  write_results(path("run.h5"), sample_results(), Existing::refuse);
  const uint32_t version = kResultsFormatVersion + 1;
  set_root_attr(path("run.h5"), "format_version", H5T_NATIVE_UINT32, &version);
  expect_read_error(path("run.h5"), "format_version " + std::to_string(version) + " is newer");
}

// A format 1 file: no units, no zero_is_never, and the campaign total of shipments lost
// under the daily metric's name. It reads as format 2.
TEST_F(ResultsFile, ReadsFormatOneFiles) {
  Results r = sample_results();
  Distribution first = one_row("day_munition_exhausted_aim120", {0, 0, 3, 5});
  first.zero_is_never = true;
  r.outcomes.push_back(first);
  r.outcomes.push_back(one_row("shipments_lost_total", {1, 2, 3, 4}));
  write_results(path("run.h5"), r, Existing::refuse);
  {
    H5File f(path("run.h5"), H5F_ACC_RDWR);
    ASSERT_GE(f.id, 0);
    const std::string outcomes = "/postures/hardened/outcomes/";
    ASSERT_GE(H5Lmove(f.id, (outcomes + "shipments_lost_total").c_str(), f.id,
                      (outcomes + "shipments_lost").c_str(), H5P_DEFAULT, H5P_DEFAULT),
              0);
    ASSERT_GE(H5Adelete_by_name(f.id, (outcomes + "day_munition_exhausted_aim120").c_str(),
                                "zero_is_never", H5P_DEFAULT),
              0);
  }
  const uint32_t version = 1;
  set_root_attr(path("run.h5"), "format_version", H5T_NATIVE_UINT32, &version);
  const Results back = read_results(path("run.h5"));
  ASSERT_NE(back.find_outcome("shipments_lost_total"), nullptr);
  EXPECT_EQ(back.find_outcome("shipments_lost"), nullptr);
  const Distribution* day = back.find_outcome("day_munition_exhausted_aim120");
  ASSERT_NE(day, nullptr);
  EXPECT_TRUE(day->zero_is_never);  // known by its name
  EXPECT_DOUBLE_EQ(day->mean(0), 4.0);
  EXPECT_FALSE(back.find_outcome("shipments_lost_total")->zero_is_never);
}

// Every distribution says what it counts.
TEST_F(ResultsFile, WritesUnitsAndLongNames) {
  write_results(path("run.h5"), sample_results(), Existing::refuse);
  H5File f(path("run.h5"), H5F_ACC_RDONLY);
  ASSERT_GE(f.id, 0);
  for (const char* group :
       {"/postures/hardened/metrics/sorties", "/postures/hardened/nodes/kadena/craters_open"}) {
    EXPECT_GT(H5Aexists_by_name(f.id, group, "units", H5P_DEFAULT), 0) << group;
    EXPECT_GT(H5Aexists_by_name(f.id, group, "long_name", H5P_DEFAULT), 0) << group;
  }
}

TEST_F(ResultsFile, ReadsFixedLengthStrings) {
  // Other writers (h5py with numpy bytes) store fixed-length strings.
  write_results(path("run.h5"), sample_results(), Existing::refuse);
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, 6);
  set_root_attr(path("run.h5"), "backend", type, "cuda\0\0");
  H5Tclose(type);
  EXPECT_EQ(read_results(path("run.h5")).provenance.backend, "cuda");
}

// ---- summary ----------------------------------------------------------------------------

Results summary_results() {
  Results r;
  Provenance& p = r.provenance;
  p.scenario_name = "pacific";
  p.posture = "baseline";
  p.trials = 20;
  p.days = 7;
  p.seed = 42;
  p.backend = "cpu";
  p.device = "Test CPU, 2 threads";
  const std::vector<int64_t> a = range(1, 20), b = range(101, 120);
  // Rows: day 0 .. day 7; a and b give "10.5 [1-19]" and "110 [101-119]" (whole means
  // from 100).
  r.metrics.push_back(from_values("sorties", "", {b, b, b, b, b, b, b, a}));
  // Aircraft on day 0 at the theatre and both air bases (the depot has none).
  for (const char* node : {"", "kadena", "naha_ab"})
    r.metrics.push_back(from_values("aircraft_alive", node, {b, b, b, b, b, b, b, b}));
  r.metrics.push_back(from_values("interceptors_remaining", "", {b, b, b, b, b, b, b, a}));
  r.metrics.push_back(from_values("missiles_remaining_df26", "", {b, b, b, b, b, b, b, b}));
  r.metrics.push_back(from_values("sorties", "kadena", {a, a, a, b, a, a, a, a}));
  r.metrics.push_back(from_values("sorties", "naha_ab", {a, b, a, a, a, a, a, a}));
  r.metrics.push_back(from_values("munitions_aim120", "kadena_depot", {a, a, a, a, a, a, a, a}));
  r.outcomes.push_back(one_row("hours_strip_closed_fighter_kadena", a));
  r.outcomes.push_back(one_row("hours_strip_closed_tanker_kadena", b));
  r.outcomes.push_back(one_row("hours_strip_closed_fighter_naha_ab", b));  // tanker: n/a
  r.outcomes.push_back(one_row("aircraft_lost_ground_naha_ab", a));
  r.outcomes.push_back(one_row("hours_strip_closed_fighter_okinawa", a));  // a group's
  r.metrics.push_back(from_values("sortie_capacity", "", {b, b, b, b, b, b, b, b}));
  r.metrics.push_back(from_values("sorties_lost_strip", "", {a, a, a, a, a, a, a, a}));
  r.outcomes.push_back(one_row("aircraft_lost_ground", b));
  // Never exhausted in 12 of 20 trials; the other 8 on days 3, 3, 4, 4, 5, 5, 6, 6.
  std::vector<int64_t> exhausted(12, 0);
  for (int64_t day : {3, 3, 4, 4, 5, 5, 6, 6})
    exhausted.push_back(day);
  r.outcomes.push_back(one_row("day_interceptors_exhausted", exhausted));
  return r;
}

// The line that starts (after indentation) with `label`, or "".
std::string line_starting(const std::string& text, const std::string& label) {
  for (const std::string& line : testing::lines_of(text)) {
    if (line.find_first_not_of(' ') != std::string::npos &&
        line.substr(line.find_first_not_of(' ')).starts_with(label)) {
      return line;
    }
  }
  return "";
}

// A table line split into cells (cells are separated by at least two spaces).
std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  size_t pos = line.find_first_not_of(' ');
  while (pos != std::string::npos) {
    const size_t end = line.find("  ", pos);
    out.push_back(line.substr(pos, end - pos));
    pos = end == std::string::npos ? end : line.find_first_not_of(' ', end);
  }
  return out;
}

::testing::AssertionResult has(const std::string& line, const std::string& fragment) {
  if (line.find(fragment) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "'" << fragment << "' not in '" << line << "'";
}

TEST(Summary, PrintsHeaderBasesAndTheatre) {
  std::ostringstream out;
  print_summary(out, summary_results());
  const std::string text = out.str();
  SCOPED_TRACE(text);

  EXPECT_TRUE(has(line_starting(text, "Scenario:"), "pacific"));
  EXPECT_TRUE(has(line_starting(text, "Scenario:"), "baseline"));
  const std::string run = line_starting(text, "Trials:");
  for (const char* fragment : {"20", "days: 7", "seed: 42", "cpu (Test CPU, 2 threads)"}) {
    EXPECT_TRUE(has(run, fragment));
  }

  const std::string header = line_starting(text, "sorties per day");
  EXPECT_TRUE(has(header, "day 1"));
  EXPECT_TRUE(has(header, "day 3"));
  EXPECT_TRUE(has(header, "day 7"));
  EXPECT_EQ(header.find("day 0"), std::string::npos);
  using Cells = std::vector<std::string>;
  EXPECT_EQ(cells(line_starting(text, "kadena ")),
            (Cells{"kadena", "10.5 [1-19]", "110 [101-119]", "10.5 [1-19]"}));
  EXPECT_EQ(cells(line_starting(text, "naha_ab ")),
            (Cells{"naha_ab", "110 [101-119]", "10.5 [1-19]", "10.5 [1-19]"}));
  EXPECT_EQ(cells(line_starting(text, "theatre total")),
            (Cells{"theatre total", "110 [101-119]", "110 [101-119]", "10.5 [1-19]"}));
  EXPECT_EQ(line_starting(text, "kadena_depot"), "");  // no sorties, strips or losses

  // Strip classes come from the outcome names, even for a node id with '_'.
  EXPECT_EQ(
      cells(line_starting(text, "per base")),
      (Cells{"per base, campaign", "fighter closed, h", "tanker closed, h", "aircraft lost"}));
  const auto second_row = [&](const std::string& base) {
    std::vector<std::string> rows;
    for (const std::string& line : testing::lines_of(text)) {
      if (line.starts_with("  " + base + " ")) rows.push_back(line);
    }
    return rows.size() == 2 ? cells(rows[1]) : Cells{};  // sorties, then strips and losses
  };
  EXPECT_EQ(second_row("kadena"), (Cells{"kadena", "10.5 [1-19]", "110 [101-119]", "-"}));
  EXPECT_EQ(second_row("naha_ab"), (Cells{"naha_ab", "110 [101-119]", "n/a", "10.5 [1-19]"}));
  // A group's outcome (no node of that name) is a row of the groups' table.
  EXPECT_EQ(cells(line_starting(text, "okinawa")), (Cells{"okinawa", "10.5 [1-19]", "n/a"}));
  EXPECT_EQ(cells(line_starting(text, "capacity")),
            (Cells{"capacity", "110 [101-119]", "110 [101-119]", "110 [101-119]"}));
  EXPECT_EQ(cells(line_starting(text, "lost, no strip")),
            (Cells{"lost, no strip", "10.5 [1-19]", "10.5 [1-19]", "10.5 [1-19]"}));

  EXPECT_TRUE(has(line_starting(text, "interceptors loaded in batteries (day 7)"), "10.5 [1-19]"));
  EXPECT_TRUE(has(line_starting(text, "df26 missiles in the adversary's inventory (day 7)"),
                  "110 [101-119]"));
  EXPECT_TRUE(has(line_starting(text, "aircraft destroyed on the ground"), "110 [101-119]"));
  // The first base to run out, not the theatre's stock; never is not day 0.
  EXPECT_TRUE(has(line_starting(text, "first day a defended base's batteries are all empty"),
                  "never in 60.0% of trials; else median day 4"));
  EXPECT_TRUE(has(text, "How to read this"));
  EXPECT_TRUE(has(text, "middle 90%"));
}

TEST(Summary, TableColumnsAreAligned) {
  std::ostringstream out;
  print_summary(out, summary_results());
  // Tables are indented blocks. Number tables right-align every column, so their lines are
  // equally long; the theatre table left-aligns its values, so they start in one column.
  std::vector<std::vector<std::string>> tables;
  bool in_table = false;
  for (const std::string& line : testing::lines_of(out.str())) {
    if (line.starts_with("  ") && !in_table) tables.emplace_back();
    in_table = line.starts_with("  ");
    if (in_table) tables.back().push_back(line);
  }
  ASSERT_EQ(tables.size(), 5u) << out.str();  // sorties, ledger, bases, groups, theatre
  for (const auto& table : tables) {
    const bool prose = table[0].starts_with("  theatre");
    const auto key = [&](const std::string& line) {
      return prose ? line.find(cells(line).at(1)) : line.size();
    };
    for (const std::string& line : table) {
      if (line.find_first_not_of("- ") == std::string::npos) continue;  // the rule
      EXPECT_EQ(key(line), key(table[0])) << line;
      EXPECT_NE(line.back(), ' ') << line;
    }
  }
}

TEST(Summary, SkipsWhatIsMissing) {
  std::ostringstream out;
  Results r;
  r.provenance.days = 30;
  r.outcomes.push_back(one_row("day_interceptors_exhausted", std::vector<int64_t>(5, 0)));
  print_summary(out, r);
  const std::string text = out.str();
  EXPECT_EQ(text.find("sorties per day"), std::string::npos) << text;
  EXPECT_EQ(text.find("per base"), std::string::npos) << text;
  EXPECT_TRUE(has(line_starting(text, "first day a defended base's"), "never, in all trials"));
  EXPECT_TRUE(has(text, "How to read this"));
}

// A first day that came in 1 of 2,000 trials is not "never in 100.0%", nor one that failed
// to come in 1 of 3,000 "never in 0.0%": shares strictly between none and all say so.
TEST(Summary, RareFirstDaysNeverReadAsNoneOrAll) {
  const auto line_for = [](std::vector<int64_t> days) {
    Results r;
    r.provenance.days = 30;
    r.outcomes.push_back(one_row("day_interceptors_exhausted", days));
    std::ostringstream out;
    print_summary(out, r);
    return line_starting(out.str(), "first day a defended base's");
  };
  std::vector<int64_t> once(1999, 0);
  once.push_back(5);
  EXPECT_TRUE(has(line_for(once), "never in >99.9% of trials; else median day 5"))
      << line_for(once);
  std::vector<int64_t> almost_always(2999, 5);
  almost_always.push_back(0);
  EXPECT_TRUE(has(line_for(almost_always), "never in <0.1% of trials; else median day 5"))
      << line_for(almost_always);
}

TEST_F(ResultsFile, SummaryIsTheSameFromTheFile) {
  const Results r = summary_results();
  write_results(path("run.h5"), r, Existing::refuse);
  std::ostringstream fresh, from_file;
  print_summary(fresh, r);
  print_summary(from_file, read_results(path("run.h5")));
  EXPECT_EQ(fresh.str(), from_file.str());
}

}  // namespace
}  // namespace contested
