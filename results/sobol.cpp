// Sobol indices from a Saltelli design, with bootstrap intervals (sobol.hpp).
#include "results/sobol.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

#include "kernels/philox.hpp"
#include "kernels/sampling.hpp"
#include "results/results.hpp"

namespace contested {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// One uniform per row per resample, all from one address: its draws bound N.
constexpr uint64_t kMaxRows = 4ull * kMaxDrawBlocks;

struct Estimates {
  double mean = kNaN;
  double variance = kNaN;
  std::vector<double> first;  // per input
  std::vector<double> total;  // per input
};

// The indices over the design rows `rows` (the k-th row taken is rows[k]; a row may repeat).
Estimates estimate(const std::vector<double>& f_a, const std::vector<double>& f_b,
                   const std::vector<std::vector<double>>& f_ab,
                   const std::vector<uint32_t>& rows) {
  Estimates e;
  const double n = static_cast<double>(rows.size());
  double sum = 0;
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  for (const uint32_t r : rows) {
    sum += f_a[r] + f_b[r];
    lo = std::min({lo, f_a[r], f_b[r]});
    hi = std::max({hi, f_a[r], f_b[r]});
  }
  // A constant outcome has exactly no variance; the two-pass sum below would leave the
  // rounding of its mean instead, and every index would be noise over noise.
  e.mean = lo == hi ? lo : sum / (2 * n);
  double squares = 0;
  if (lo != hi) {
    for (const uint32_t r : rows) {
      const double da = f_a[r] - e.mean;
      const double db = f_b[r] - e.mean;
      squares += da * da + db * db;
    }
  }
  e.variance = squares / (2 * n - 1);
  e.first.assign(f_ab.size(), kNaN);
  e.total.assign(f_ab.size(), kNaN);
  if (e.variance == 0) return e;
  for (size_t i = 0; i < f_ab.size(); ++i) {
    const std::vector<double>& f_abi = f_ab[i];
    double first = 0;
    double total = 0;
    for (const uint32_t r : rows) {
      const double step = f_abi[r] - f_a[r];
      first += (f_b[r] - e.mean) * step;
      total += step * step;
    }
    e.first[i] = first / n / e.variance;
    e.total[i] = total / n / (2 * e.variance);
  }
  return e;
}

// The p-quantile of the finite values among `samples`, interpolated linearly between order
// statistics (Hyndman and Fan type 7); NaN when there are none.
double percentile(std::vector<double> samples, double p) {
  std::erase_if(samples, [](double v) { return !std::isfinite(v); });
  if (samples.empty()) return kNaN;
  std::sort(samples.begin(), samples.end());
  const double h = p * static_cast<double>(samples.size() - 1);
  const size_t below = static_cast<size_t>(std::floor(h));
  const size_t above = std::min(below + 1, samples.size() - 1);
  return samples[below] + (h - static_cast<double>(below)) * (samples[above] - samples[below]);
}

}  // namespace

SobolIndices sobol_indices(const std::vector<double>& f_a, const std::vector<double>& f_b,
                           const std::vector<std::vector<double>>& f_ab, uint32_t resamples,
                           uint64_t seed) {
  const size_t n = f_a.size();
  if (f_b.size() != n)
    throw std::invalid_argument("sobol_indices: " + std::to_string(n) + " values at A but " +
                                std::to_string(f_b.size()) + " at B");
  for (size_t i = 0; i < f_ab.size(); ++i) {
    if (f_ab[i].size() != n)
      throw std::invalid_argument("sobol_indices: " + std::to_string(n) + " values at A but " +
                                  std::to_string(f_ab[i].size()) + " at A_B of input " +
                                  std::to_string(i));
  }
  if (n < 2) throw std::invalid_argument("sobol_indices: a design needs at least 2 rows");
  if (n > kMaxRows)
    throw std::invalid_argument("sobol_indices: " + std::to_string(n) +
                                " rows, more than one address draws (" + std::to_string(kMaxRows) +
                                ")");

  std::vector<uint32_t> rows(n);
  std::iota(rows.begin(), rows.end(), uint32_t{0});
  const Estimates whole = estimate(f_a, f_b, f_ab, rows);
  const size_t inputs = f_ab.size();
  SobolIndices out;
  out.mean = whole.mean;
  out.variance = whole.variance;
  out.first.resize(inputs);
  out.total.resize(inputs);
  for (size_t i = 0; i < inputs; ++i) {
    out.first[i] = {whole.first[i], kNaN, kNaN};
    out.total[i] = {whole.total[i], kNaN, kNaN};
  }
  if (whole.variance == 0 || resamples == 0) return out;

  // [input][resample]: each resample redraws the rows once and recomputes every index (and V)
  // from them, so the intervals carry the indices' correlation through the shared V.
  std::vector<std::vector<double>> first(inputs, std::vector<double>(resamples));
  std::vector<std::vector<double>> total(inputs, std::vector<double>(resamples));
  for (uint32_t b = 0; b < resamples; ++b) {
    DrawStream s(seed, b, 0, Event::sensitivity_bootstrap, 0, 0);
    for (uint32_t& row : rows) {
      const double at = std::floor(uniform(s) * static_cast<double>(n));
      row = static_cast<uint32_t>(std::min(at, static_cast<double>(n - 1)));
    }
    const Estimates e = estimate(f_a, f_b, f_ab, rows);
    for (size_t i = 0; i < inputs; ++i) {
      first[i][b] = e.first[i];
      total[i][b] = e.total[i];
    }
  }
  const double tail = (1 - kConfidence) / 2;
  for (size_t i = 0; i < inputs; ++i) {
    out.first[i].low = percentile(first[i], tail);
    out.first[i].high = percentile(first[i], 1 - tail);
    out.total[i].low = percentile(total[i], tail);
    out.total[i].high = percentile(total[i], 1 - tail);
  }
  return out;
}

}  // namespace contested
