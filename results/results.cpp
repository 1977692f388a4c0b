// Statistics derived from the exact integer histograms and sums. This is the only place
// where results turn into floating point, so the arithmetic is kept as exact as is cheap.
#include "results/results.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <limits>
#include <stdexcept>

namespace contested {

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// 128-bit integers keep n * sum_sq - sum^2 exact for any realistic trial count, so a
// constant metric gets a standard deviation of exactly 0 rather than rounding noise.
__extension__ typedef unsigned __int128 uint128;

// n * sum_sq - sum^2, or nothing when a product does not fit 128 bits.
bool exact_variance_numerator(uint64_t n, uint64_t sum, uint64_t sum_sq, uint128& out) {
  uint128 n_sum_sq = 0;
  uint128 sum_squared = 0;
  if (__builtin_mul_overflow(static_cast<uint128>(n), sum_sq, &n_sum_sq)) return false;
  if (__builtin_mul_overflow(static_cast<uint128>(sum), sum, &sum_squared)) return false;
  // Cauchy-Schwarz guarantees n_sum_sq >= sum_squared for consistent data; clamp so a
  // corrupt file cannot produce a huge wrapped value.
  out = n_sum_sq >= sum_squared ? n_sum_sq - sum_squared : 0;
  return true;
}

// The number of trials a quantile must reach, p * n, snapped to the nearest integer when
// it is within rounding of one: 0.05 * 100 must be exactly 5 so that the 5th trial, not
// the 6th, answers "smallest v with CDF(v) >= 0.05".
double quantile_rank(double p, uint64_t n) {
  const double rank = std::clamp(p, 0.0, 1.0) * static_cast<double>(n);
  const double nearest = std::round(rank);
  return std::abs(rank - nearest) <= 1e-9 * std::max(1.0, rank) ? nearest : rank;
}

}  // namespace

uint64_t Distribution::trials(uint32_t row) const {
  const auto first = histogram.begin() + static_cast<std::ptrdiff_t>(row) * bins;
  uint64_t total = 0;
  for (auto it = first; it != first + bins; ++it)
    total += *it;
  return total;
}

uint64_t Distribution::never(uint32_t row) const {
  if (!zero_is_never || bin_lo > 0 || bin_width != 1 || -bin_lo >= bins) return 0;
  return histogram[static_cast<size_t>(row) * bins + static_cast<size_t>(-bin_lo)];
}

uint64_t Distribution::counted(uint32_t row) const {
  return trials(row) - never(row);
}

double Distribution::p_never(uint32_t row) const {
  const uint64_t n = trials(row);
  return n == 0 ? kNaN : static_cast<double>(never(row)) / static_cast<double>(n);
}

double Distribution::mean(uint32_t row) const {
  const uint64_t n = counted(row);
  if (n == 0) return kNaN;
  return static_cast<double>(static_cast<long double>(sum[row]) / static_cast<long double>(n));
}

double Distribution::stddev(uint32_t row) const {
  const uint64_t n = counted(row);
  if (n == 0) return kNaN;
  const long double ln = static_cast<long double>(n);
  long double variance = 0;
  uint128 numerator = 0;
  if (exact_variance_numerator(n, sum[row], sum_sq[row], numerator)) {
    variance = static_cast<long double>(numerator) / (ln * ln);
  } else {
    const long double m = static_cast<long double>(sum[row]) / ln;
    variance = std::max(0.0L, static_cast<long double>(sum_sq[row]) / ln - m * m);
  }
  return static_cast<double>(std::sqrt(variance));
}

double Distribution::quantile(uint32_t row, double p) const {
  const uint64_t n = counted(row);
  if (n == 0) return kNaN;
  const double rank = quantile_rank(p, n);
  const uint64_t* counts = histogram.data() + static_cast<size_t>(row) * bins;
  // Never-trials (value 0) are not among those the quantile is over.
  const uint32_t skipped = never(row) > 0 ? static_cast<uint32_t>(-bin_lo) : bins;
  const auto count = [&](uint32_t bin) { return bin == skipped ? uint64_t{0} : counts[bin]; };
  uint64_t below = 0;  // trials in the bins before bin i
  uint32_t i = 0;
  // The first non-empty bin whose cumulative count reaches the rank (n >= 1, so one does).
  for (; i + 1 < bins; ++i) {
    if (count(i) > 0 && static_cast<double>(below + count(i)) >= rank) break;
    below += count(i);
  }
  // Inside the bin the values bin_start .. bin_start + bin_width - 1 are taken as equally
  // likely; the exact discrete quantile is then bin_start + ceil(f * w) - 1 for the share
  // f of the bin needed, and we interpolate that step linearly: bin_start + max(0, f*w - 1).
  // With bin_width 1 this is exactly bin_start, the smallest v with CDF(v) >= p.
  const double share = count(i) == 0 ? 1.0 : (rank - static_cast<double>(below)) / count(i);
  const double width = bin_width;
  const double bin_start = static_cast<double>(bin_lo) + static_cast<double>(i) * width;
  return bin_start + std::clamp(share * width - 1.0, 0.0, width - 1.0);
}

const Distribution* Results::find_metric(const std::string& name, const std::string& node) const {
  for (const Distribution& d : metrics) {
    if (d.name == name && d.node == node) return &d;
  }
  return nullptr;
}

const Distribution* Results::find_outcome(const std::string& name) const {
  for (const Distribution& d : outcomes) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

std::vector<std::string> Results::nodes() const {
  std::vector<std::string> ids;
  for (const Distribution& d : metrics) {
    if (!d.node.empty() && std::find(ids.begin(), ids.end(), d.node) == ids.end()) {
      ids.push_back(d.node);
    }
  }
  return ids;
}

// ---- sweeps ------------------------------------------------------------------------------

namespace {

// Sample variance (n - 1 in the denominator) from exact sums of |x| and x^2.
double sample_variance(uint64_t n, uint64_t abs_sum, uint64_t sum_sq) {
  if (n < 2) return kNaN;
  const long double ln = static_cast<long double>(n);
  uint128 numerator = 0;
  if (exact_variance_numerator(n, abs_sum, sum_sq, numerator)) {
    return static_cast<double>(static_cast<long double>(numerator) / (ln * (ln - 1)));
  }
  const long double m = static_cast<long double>(abs_sum) / ln;
  return static_cast<double>(
      std::max(0.0L, (static_cast<long double>(sum_sq) - ln * m * m) / (ln - 1)));
}

}  // namespace

double PairedDifference::mean_diff(uint32_t row) const {
  if (trials == 0) return kNaN;
  return static_cast<double>(static_cast<long double>(sum_diff[row]) /
                             static_cast<long double>(trials));
}

double PairedDifference::se_paired(uint32_t row) const {
  const int64_t sum = sum_diff[row];
  const uint64_t abs_sum = sum < 0 ? 0 - static_cast<uint64_t>(sum) : static_cast<uint64_t>(sum);
  const double variance = sample_variance(trials, abs_sum, sum_sq_diff[row]);
  return std::sqrt(variance / static_cast<double>(trials));
}

double PairedDifference::ci_low(uint32_t row) const {
  return mean_diff(row) - kConfidenceZ * se_paired(row);
}

double PairedDifference::ci_high(uint32_t row) const {
  return mean_diff(row) + kConfidenceZ * se_paired(row);
}

double se_unpaired(const Distribution& a, const Distribution& b, uint32_t row) {
  // Over the trials each mean is over (those where it happened, for a never-outcome).
  const uint64_t na = a.counted(row);
  const uint64_t nb = b.counted(row);
  const double va = sample_variance(na, a.sum[row], a.sum_sq[row]);
  const double vb = sample_variance(nb, b.sum[row], b.sum_sq[row]);
  return std::sqrt(va / static_cast<double>(na) + vb / static_cast<double>(nb));
}

const PairedDifference* SweepRun::find_comparison(const std::string& name, const std::string& node,
                                                  bool outcome) const {
  for (const PairedDifference& d : comparison) {
    if (d.name == name && d.node == node && d.outcome == outcome) return &d;
  }
  return nullptr;
}

const SweepRun* SweepResults::find_run(const std::string& name) const {
  for (const SweepRun& r : runs) {
    if (r.name() == name) return &r;
  }
  return nullptr;
}

SweepResults unpaired_runs(const std::vector<Results>& runs) {
  if (runs.empty()) throw std::invalid_argument("no runs to hold");
  SweepResults s;
  s.provenance = runs.front().provenance;
  s.provenance.posture.clear();
  for (const Results& r : runs) {
    const Provenance& p = r.provenance;
    const Provenance& first = s.provenance;
    if (p.seed != first.seed || p.trials != first.trials || p.days != first.days ||
        p.scenario_name != first.scenario_name) {
      throw std::invalid_argument("run " + p.posture + " differs from the first in seed, trials, " +
                                  "days or scenario; runs of one file share them");
    }
    if (s.find_run(p.posture) != nullptr) {
      throw std::invalid_argument("posture " + p.posture + " appears twice");
    }
    SweepRun run;
    run.posture = p.posture;
    run.results = r;
    s.runs.push_back(std::move(run));
  }
  return s;
}

}  // namespace contested
