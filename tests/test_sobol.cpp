// Sobol indices from a Saltelli design (results/sobol.hpp) against closed forms: the Ishigami
// function, a function of one input among three, an additive function; the constant outcome,
// bad sizes, the bootstrap's addressed draws and determinism.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <numbers>
#include <stdexcept>
#include <tuple>
#include <utility>
#include <vector>

#include "kernels/philox.hpp"
#include "kernels/sampling.hpp"
#include "results/results.hpp"
#include "results/sobol.hpp"

namespace contested {
namespace {

constexpr double kPi = std::numbers::pi;

// A model of `inputs` uniforms on (0, 1).
using Model = std::function<double(const std::vector<double>&)>;

struct Design {
  std::vector<double> f_a;
  std::vector<double> f_b;
  std::vector<std::vector<double>> f_ab;
};

// The model at the Saltelli design of `rows` rows: matrix A is day 0 and B day 1 of the
// uncertain_input draws, trial = row, entity = input (as scenario/uncertain_input.cpp draws).
Design saltelli(const Model& model, uint32_t inputs, uint32_t rows, uint64_t seed) {
  const auto draw = [&](uint32_t matrix, uint32_t row, uint32_t input) {
    DrawStream s(seed, row, matrix, Event::uncertain_input, input, 0);
    return uniform(s);
  };
  Design d;
  d.f_ab.resize(inputs);
  std::vector<double> a(inputs);
  std::vector<double> b(inputs);
  for (uint32_t r = 0; r < rows; ++r) {
    for (uint32_t i = 0; i < inputs; ++i) {
      a[i] = draw(0, r, i);
      b[i] = draw(1, r, i);
    }
    d.f_a.push_back(model(a));
    d.f_b.push_back(model(b));
    for (uint32_t i = 0; i < inputs; ++i) {
      std::vector<double> ab = a;
      ab[i] = b[i];
      d.f_ab[i].push_back(model(ab));
    }
  }
  return d;
}

SobolIndices indices(const Design& d, uint32_t resamples, uint64_t seed) {
  return sobol_indices(d.f_a, d.f_b, d.f_ab, resamples, seed);
}

// The bootstrap standard error read back from the percentile interval.
double standard_error(const SobolIndex& x) {
  return (x.high - x.low) / (2 * kConfidenceZ);
}

// The estimate lies within 5 bootstrap standard errors of the exact value, and the interval is
// narrow enough for that to mean something.
void expect_near_exact(const SobolIndex& x, double exact, const char* what) {
  const double se = standard_error(x);
  EXPECT_GT(se, 0) << what;
  EXPECT_LT(se, 0.03) << what;
  EXPECT_NEAR(x.estimate, exact, 5 * se)
      << what << ": " << x.estimate << " [" << x.low << ", " << x.high << "]";
}

// ---- Ishigami --------------------------------------------------------------------------------

// f = sin x1 + a sin^2 x2 + b x3^4 sin x1, inputs uniform on [-pi, pi] (Ishigami and Homma,
// 1990), whose indices are known in closed form.
constexpr double kA = 7;
constexpr double kB = 0.1;

double ishigami(const std::vector<double>& u) {
  const double x1 = -kPi + 2 * kPi * u[0];
  const double x2 = -kPi + 2 * kPi * u[1];
  const double x3 = -kPi + 2 * kPi * u[2];
  const double s2 = std::sin(x2);
  return std::sin(x1) + kA * s2 * s2 + kB * std::pow(x3, 4) * std::sin(x1);
}

struct Exact {
  double first[3];
  double total[3];
};

Exact ishigami_exact() {
  const double pi4 = std::pow(kPi, 4);
  const double pi8 = std::pow(kPi, 8);
  const double v = kA * kA / 8 + kB * pi4 / 5 + kB * kB * pi8 / 18 + 0.5;
  const double v1 = 0.5 * (1 + kB * pi4 / 5) * (1 + kB * pi4 / 5);
  const double v2 = kA * kA / 8;
  const double v13 = kB * kB * pi8 * (1.0 / 18 - 1.0 / 50);
  return {{v1 / v, v2 / v, 0}, {(v1 + v13) / v, v2 / v, v13 / v}};
}

TEST(Sobol, IshigamiMatchesClosedForm) {
  const Exact exact = ishigami_exact();
  // The textbook values, so a slip in the closed form above cannot pass unnoticed.
  EXPECT_NEAR(exact.first[0], 0.3139, 1e-4);
  EXPECT_NEAR(exact.first[1], 0.4424, 1e-4);
  EXPECT_NEAR(exact.total[0], 0.5576, 1e-4);
  EXPECT_NEAR(exact.total[2], 0.2437, 1e-4);

  const Design d = saltelli(ishigami, 3, 20000, 20240601);
  const SobolIndices x = indices(d, 200, 7);
  const double pi4 = std::pow(kPi, 4);
  const double pi8 = std::pow(kPi, 8);
  const double variance = kA * kA / 8 + kB * pi4 / 5 + kB * kB * pi8 / 18 + 0.5;
  const double mean = kA / 2;  // E[a sin^2 x2]; the other terms are odd in x1
  // 40 000 values: the sample mean and variance are within a few of their standard errors
  // (the variance's from the fourth moment, generously bounded).
  EXPECT_NEAR(x.mean, mean, 5 * std::sqrt(variance / 40000));
  EXPECT_NEAR(x.variance, variance, 0.05 * variance);
  ASSERT_EQ(x.first.size(), 3u);
  ASSERT_EQ(x.total.size(), 3u);
  expect_near_exact(x.first[0], exact.first[0], "S1");
  expect_near_exact(x.first[1], exact.first[1], "S2");
  expect_near_exact(x.first[2], exact.first[2], "S3");
  expect_near_exact(x.total[0], exact.total[0], "ST1");
  expect_near_exact(x.total[1], exact.total[1], "ST2");
  expect_near_exact(x.total[2], exact.total[2], "ST3");
}

// ---- simple closed forms ---------------------------------------------------------------------

TEST(Sobol, OneInputOfThreeTakesAllTheVariance) {
  const Design d = saltelli([](const std::vector<double>& u) { return u[0]; }, 3, 5000, 11);
  const SobolIndices x = indices(d, 200, 3);
  expect_near_exact(x.first[0], 1, "S1");
  expect_near_exact(x.total[0], 1, "ST1");
  // A_B^i for an input the model ignores is A itself, value for value: exactly zero, and so is
  // every resample.
  for (size_t i = 1; i < 3; ++i) {
    for (const SobolIndex& index : {x.first[i], x.total[i]}) {
      EXPECT_EQ(index.estimate, 0) << "input " << i;
      EXPECT_EQ(index.low, 0) << "input " << i;
      EXPECT_EQ(index.high, 0) << "input " << i;
    }
  }
}

TEST(Sobol, AdditiveInputsShareTheVarianceBySquaredWeight) {
  // y = 2 x1 + x2, x uniform on (0, 1): V = 4/12 + 1/12, shares 0.8 and 0.2; without
  // interactions first order and total effect coincide.
  const Design d =
      saltelli([](const std::vector<double>& u) { return 2 * u[0] + u[1]; }, 2, 10000, 5);
  const SobolIndices x = indices(d, 200, 9);
  EXPECT_NEAR(x.mean, 1.5, 5 * std::sqrt(5.0 / 12 / 20000));
  EXPECT_NEAR(x.variance, 5.0 / 12, 0.05 * 5.0 / 12);
  const double share[] = {0.8, 0.2};
  for (size_t i = 0; i < 2; ++i) {
    expect_near_exact(x.first[i], share[i], "first");
    expect_near_exact(x.total[i], share[i], "total");
    EXPECT_NEAR(x.first[i].estimate, x.total[i].estimate,
                5 * std::hypot(standard_error(x.first[i]), standard_error(x.total[i])));
  }
}

TEST(Sobol, IndicesDoNotDependOnTheOutcomesOffsetOrScale) {
  // The first-order estimate centres f_B on the mean: an outcome counted in thousands with a
  // spread of a few gets the same indices as the spread alone.
  const Design d = saltelli(ishigami, 3, 2000, 17);
  Design moved = d;
  for (std::vector<double>* values :
       {&moved.f_a, &moved.f_b, &moved.f_ab[0], &moved.f_ab[1], &moved.f_ab[2]}) {
    for (double& v : *values)
      v = 1e4 + 10 * v;
  }
  const SobolIndices x = indices(d, 20, 1);
  const SobolIndices y = indices(moved, 20, 1);
  EXPECT_NEAR(y.mean, 1e4 + 10 * x.mean, 1e-9 * 1e4);
  EXPECT_NEAR(y.variance, 100 * x.variance, 1e-9 * y.variance);
  for (size_t i = 0; i < 3; ++i) {
    for (const auto& [a, b] : {std::pair{x.first[i], y.first[i]}, {x.total[i], y.total[i]}}) {
      EXPECT_NEAR(a.estimate, b.estimate, 1e-9);
      EXPECT_NEAR(a.low, b.low, 1e-9);
      EXPECT_NEAR(a.high, b.high, 1e-9);
    }
  }
}

// ---- edge cases ------------------------------------------------------------------------------

TEST(Sobol, ConstantOutcomeHasNoIndices) {
  const std::vector<double> c(100, 0.1);  // 0.1 is not exact: its sum rounds
  const SobolIndices x = sobol_indices(c, c, {c, c}, 50, 1);
  EXPECT_EQ(x.mean, 0.1);
  EXPECT_EQ(x.variance, 0);
  ASSERT_EQ(x.first.size(), 2u);
  ASSERT_EQ(x.total.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    for (const SobolIndex& index : {x.first[i], x.total[i]}) {
      EXPECT_TRUE(std::isnan(index.estimate));
      EXPECT_TRUE(std::isnan(index.low));
      EXPECT_TRUE(std::isnan(index.high));
    }
  }
}

TEST(Sobol, SizesMustAgree) {
  const std::vector<double> three = {1, 2, 3};
  const std::vector<double> two = {1, 2};
  EXPECT_THROW(sobol_indices(three, two, {three}, 10, 1), std::invalid_argument);
  EXPECT_THROW(sobol_indices(three, three, {three, two}, 10, 1), std::invalid_argument);
  const std::vector<double> one = {1};
  EXPECT_THROW(sobol_indices(one, one, {one}, 10, 1), std::invalid_argument);
  EXPECT_THROW(sobol_indices({}, {}, {{}}, 10, 1), std::invalid_argument);
  EXPECT_NO_THROW(sobol_indices(two, {2, 1}, {two}, 10, 1));
}

TEST(Sobol, NoResamplesLeaveTheBoundsOpen) {
  const Design d = saltelli(ishigami, 3, 500, 2);
  const SobolIndices x = indices(d, 0, 1);
  EXPECT_EQ(x.first[1].estimate, indices(d, 10, 1).first[1].estimate);
  EXPECT_TRUE(std::isnan(x.first[1].low));
  EXPECT_TRUE(std::isnan(x.total[1].high));
}

// ---- the bootstrap ---------------------------------------------------------------------------

TEST(Sobol, BootstrapRowsComeFromTheirAddress) {
  // With one resample both bounds are that resample's estimate: recompute it from the rows
  // drawn at (seed, trial 0, day 0, sensitivity_bootstrap, 0, 0), one uniform per row.
  const Design d = saltelli(ishigami, 3, 300, 4);
  const uint64_t seed = 99;
  const SobolIndices x = indices(d, 1, seed);
  DrawStream s(seed, 0, 0, Event::sensitivity_bootstrap, 0, 0);
  const size_t n = d.f_a.size();
  std::vector<size_t> rows;
  for (size_t k = 0; k < n; ++k)
    rows.push_back(static_cast<size_t>(uniform(s) * static_cast<double>(n)));
  double sum = 0;
  for (const size_t r : rows)
    sum += d.f_a[r] + d.f_b[r];
  const double mean = sum / (2.0 * n);
  double squares = 0;
  for (const size_t r : rows)
    squares += (d.f_a[r] - mean) * (d.f_a[r] - mean) + (d.f_b[r] - mean) * (d.f_b[r] - mean);
  const double variance = squares / (2.0 * n - 1);
  for (size_t i = 0; i < 3; ++i) {
    double first = 0;
    double total = 0;
    for (const size_t r : rows) {
      first += (d.f_b[r] - mean) * (d.f_ab[i][r] - d.f_a[r]);
      total += (d.f_a[r] - d.f_ab[i][r]) * (d.f_a[r] - d.f_ab[i][r]);
    }
    first /= n * variance;
    total /= 2 * n * variance;
    EXPECT_NEAR(x.first[i].low, first, 1e-12);
    EXPECT_NEAR(x.first[i].high, first, 1e-12);
    EXPECT_NEAR(x.total[i].low, total, 1e-12);
    EXPECT_NEAR(x.total[i].high, total, 1e-12);
  }
}

TEST(Sobol, SameSeedSameIntervals) {
  const Design d = saltelli(ishigami, 3, 2000, 8);
  const SobolIndices x = indices(d, 100, 42);
  const SobolIndices y = indices(d, 100, 42);
  const SobolIndices other = indices(d, 100, 43);
  EXPECT_EQ(x.mean, y.mean);
  EXPECT_EQ(x.variance, y.variance);
  bool seed_matters = false;
  for (size_t i = 0; i < 3; ++i) {
    for (const auto& [a, b, c] : {std::tuple{x.first[i], y.first[i], other.first[i]},
                                  {x.total[i], y.total[i], other.total[i]}}) {
      EXPECT_EQ(a.estimate, b.estimate);
      EXPECT_EQ(a.low, b.low);
      EXPECT_EQ(a.high, b.high);
      EXPECT_EQ(a.estimate, c.estimate);  // the estimate does not resample
      seed_matters = seed_matters || a.low != c.low || a.high != c.high;
    }
  }
  EXPECT_TRUE(seed_matters);
}

}  // namespace
}  // namespace contested
