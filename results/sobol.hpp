// Variance-based sensitivity (docs/sensitivity.md): first-order and total-effect Sobol indices
// from a Saltelli design. Model values at the N rows of two independent input matrices A and B
// and, for each input i, at A with column i taken from B (A_B^i).
#pragma once

#include <cstdint>
#include <vector>

namespace contested {

struct SobolIndex {
  double estimate = 0;
  double low = 0;  // bootstrap percentile interval, kConfidence (results/results.hpp, 0.95)
  double high = 0;
};

struct SobolIndices {
  double mean = 0;                // of the 2N values at A and B
  double variance = 0;            // of the 2N values at A and B (sample variance, n-1)
  std::vector<SobolIndex> first;  // per input
  std::vector<SobolIndex> total;  // per input
};

// f_a, f_b: N values each; f_ab[i]: N values at A_B^i. First order: Saltelli et al. (2010),
// S_i = mean(f_B * (f_ABi - f_A)) / V; total effect: Jansen (1999), ST_i = mean((f_A - f_ABi)^2) /
// (2V), V the variance of the 2N values at A and B. f_B is taken less the mean of those 2N values
// in S_i: that leaves its expectation alone (E[f_ABi - f_A] = 0) but makes it independent of the
// outcome's offset, which would otherwise add noise of order mean / sd / sqrt(N).
// Intervals: `resamples` bootstrap resamples of the N rows (the same rows for every input), each
// row index drawn from addressed random numbers (DrawStream(seed, trial = resample, day = 0,
// Event::sensitivity_bootstrap, entity = 0, sub = 0), one uniform per row in row order,
// row = floor(u * N)), each resample's indices computed afresh (V included); percentile interval,
// interpolated linearly between order statistics. With resamples == 0 the bounds are NaN. With
// V == 0 (a constant outcome) every index is NaN with NaN bounds. Throws std::invalid_argument if
// sizes disagree, N < 2 or N exceeds the draws of one address (4 Mi).
SobolIndices sobol_indices(const std::vector<double>& f_a, const std::vector<double>& f_b,
                           const std::vector<std::vector<double>>& f_ab, uint32_t resamples,
                           uint64_t seed);

}  // namespace contested
