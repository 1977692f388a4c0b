// Uncertain inputs (docs/sensitivity.md): a posture's `uncertain:` gives numeric fields of the
// scenario a distribution instead of a value, by the paths of `set:`. Each sample of the inputs
// (a trial, or a point of a sensitivity design) draws every value from its own addressed random
// numbers and loads the scenario with them, so every sampled value passes the same checks as a
// written one.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "scenario/yaml_reader.hpp"

namespace contested {

enum class InputLaw : uint8_t { uniform, triangular, lognormal, choice };

// One input's distribution. Parameters by law: uniform {low, high}, triangular {low, mode,
// high}, lognormal {median, sigma}, choice {values, weights}.
struct InputDistribution {
  InputLaw law = InputLaw::uniform;
  double low = 0;
  double mode = 0;
  double high = 0;
  double median = 0;
  double sigma = 0;
  std::vector<double> values;
  std::vector<double> weights;  // sum to 1
  bool round = false;           // sampled values rounded half away from zero (whole fields)

  // The value at cumulative probability u in (0, 1) (inverse transform: one uniform per
  // value, so a value moves smoothly with its random number). Rounded when `round`.
  double quantile(double u) const;
  // Of the unrounded law.
  double mean() const;
  double variance() const;
  // As YAML flow text, e.g. "{triangular: {low: 100, mode: 150, high: 300}}".
  std::string text() const;
};

// The standard normal quantile, to double precision (Acklam's approximation refined by one
// Halley step on erfc).
double normal_quantile(double u);

// A distribution as written: one law key ({uniform: {low, high}}, ...) and optionally
// `round: true`. Anything wrong is a ScenarioError at the offending key.
InputDistribution read_distribution(const yaml::Field& f);

struct UncertainInput {
  std::string path;  // as in set:, e.g. "missiles.df26.cep_m"
  InputDistribution distribution;
  double point = 0;  // the value the document writes there
  std::string file;  // where it was written
  int line = 0;      // 1-based
  int column = 0;
  // Addresses its draws: a hash of the path, so the same path draws the same numbers in any
  // posture (paired comparisons share the draws).
  uint32_t key = 0;
};

uint32_t input_key(const std::string& path);

// Where a value is drawn: one sample of an uncertain run (matrix 0), or a row of a sensitivity
// design's matrix A (1) or B (2).
enum class InputMatrix : uint32_t { run = 0, a = 1, b = 2 };

// The uniform that input `input` takes at sample `sample` of `matrix` under `seed`.
double input_uniform(const UncertainInput& input, uint64_t seed, InputMatrix matrix,
                     uint64_t sample);

// The value: input.distribution.quantile(input_uniform(...)).
double draw_input(const UncertainInput& input, uint64_t seed, InputMatrix matrix, uint64_t sample);

}  // namespace contested
