// Uncertain inputs: their distributions, as read and as drawn (uncertain_input.hpp).
#include "scenario/uncertain_input.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

#include "kernels/philox.hpp"
#include "kernels/sampling.hpp"

namespace contested {

using yaml::Field;
using yaml::Mapping;

namespace {

const std::vector<std::string> kLaws{"uniform", "triangular", "lognormal", "choice"};
constexpr double kMaxMagnitude = 1e15;  // beyond any field of a scenario
constexpr double kWeightTolerance = 1e-9;
constexpr size_t kMaxChoices = 1000;

std::string law_list() {
  return "{uniform: {low, high}}, {triangular: {low, mode, high}}, {lognormal: {median, "
         "sigma}} or {choice: {values: [...], weights: [...]}}, and optionally round: true";
}

double number(const Mapping& m, const char* key) {
  return m.get(key, yaml::closed(-kMaxMagnitude, kMaxMagnitude));
}

}  // namespace

double normal_quantile(double u) {
  // Acklam (2003): relative error below 1.2e-9, then one Halley step.
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                 -2.759285104469687e+02, 1.383577518672690e+02,
                                 -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                 -1.556989798598866e+02, 6.680131188771972e+01,
                                 -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                 -2.400758277161838e+00, -2.549732539343734e+00,
                                 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                 2.445134137142996e+00, 3.754408661907416e+00};
  constexpr double kLow = 0.02425;
  double x;
  if (u < kLow) {
    const double q = std::sqrt(-2 * std::log(u));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (u <= 1 - kLow) {
    const double q = u - 0.5;
    const double r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const double q = std::sqrt(-2 * std::log1p(-u));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - u;
  const double step = e * std::sqrt(2 * M_PI) * std::exp(x * x / 2);
  return x - step / (1 + x * step / 2);
}

double InputDistribution::quantile(double u) const {
  double v = 0;
  switch (law) {
    case InputLaw::uniform:
      v = low + u * (high - low);
      break;
    case InputLaw::triangular: {
      const double width = high - low;
      if (width == 0) {
        v = low;
      } else if (u < (mode - low) / width) {
        v = low + std::sqrt(u * width * (mode - low));
      } else {
        v = high - std::sqrt((1 - u) * width * (high - mode));
      }
      break;
    }
    case InputLaw::lognormal:
      v = median * std::exp(sigma * normal_quantile(u));
      break;
    case InputLaw::choice: {
      double cumulative = 0;
      v = values.back();  // u above the rounded sum of the weights
      for (size_t i = 0; i < values.size(); ++i) {
        cumulative += weights[i];
        if (u < cumulative) {
          v = values[i];
          break;
        }
      }
      break;
    }
  }
  return round ? std::round(v) : v;
}

double InputDistribution::mean() const {
  switch (law) {
    case InputLaw::uniform:
      return (low + high) / 2;
    case InputLaw::triangular:
      return (low + mode + high) / 3;
    case InputLaw::lognormal:
      return median * std::exp(sigma * sigma / 2);
    case InputLaw::choice:
      return std::inner_product(values.begin(), values.end(), weights.begin(), 0.0);
  }
  return 0;
}

double InputDistribution::variance() const {
  switch (law) {
    case InputLaw::uniform:
      return (high - low) * (high - low) / 12;
    case InputLaw::triangular:
      return (low * low + mode * mode + high * high - low * mode - low * high - mode * high) / 18;
    case InputLaw::lognormal:
      return std::expm1(sigma * sigma) * median * median * std::exp(sigma * sigma);
    case InputLaw::choice: {
      const double m = mean();
      double second = 0;
      for (size_t i = 0; i < values.size(); ++i)
        second += weights[i] * (values[i] - m) * (values[i] - m);
      return second;
    }
  }
  return 0;
}

std::string InputDistribution::text() const {
  std::ostringstream out;
  const auto n = [](double v) { return yaml::number_text(v); };
  switch (law) {
    case InputLaw::uniform:
      out << "{uniform: {low: " << n(low) << ", high: " << n(high) << "}";
      break;
    case InputLaw::triangular:
      out << "{triangular: {low: " << n(low) << ", mode: " << n(mode) << ", high: " << n(high)
          << "}";
      break;
    case InputLaw::lognormal:
      out << "{lognormal: {median: " << n(median) << ", sigma: " << n(sigma) << "}";
      break;
    case InputLaw::choice: {
      out << "{choice: {values: [";
      for (size_t i = 0; i < values.size(); ++i)
        out << (i ? ", " : "") << n(values[i]);
      out << "], weights: [";
      for (size_t i = 0; i < weights.size(); ++i)
        out << (i ? ", " : "") << n(weights[i]);
      out << "]}";
      break;
    }
  }
  out << (round ? ", round: true}" : "}");
  return out.str();
}

InputDistribution read_distribution(const Field& f) {
  std::vector<std::string> keys = kLaws;
  keys.push_back("round");
  if (!f.node.IsMap())
    yaml::fail(f, "is " + yaml::describe(f.node) + " (allowed: " + law_list() + ")");
  const Mapping m(f, keys);
  InputDistribution d;
  std::optional<Field> law_field;
  for (size_t i = 0; i < kLaws.size(); ++i) {
    const std::optional<Field> found = m.find(kLaws[i]);
    if (!found) continue;
    if (law_field) {
      yaml::fail(*found, "a distribution has one law, and " + yaml::leaf(law_field->path) +
                             " is given already (allowed: " + law_list() + ")");
    }
    law_field = found;
    d.law = static_cast<InputLaw>(i);
  }
  if (!law_field) yaml::fail(f, "names no law (allowed: " + law_list() + ")");
  if (const std::optional<Field> r = m.find("round")) {
    if (!r->node.IsScalar() || (r->node.Scalar() != "true" && r->node.Scalar() != "false")) {
      yaml::fail(*r, "is " + yaml::describe(r->node) + " (allowed: true or false)");
    }
    d.round = r->node.Scalar() == "true";
  }
  const Field& p = *law_field;
  switch (d.law) {
    case InputLaw::uniform: {
      const Mapping u(p, {"low", "high"});
      d.low = number(u, "low");
      d.high = number(u, "high");
      if (d.high < d.low) {
        yaml::fail(u.at("high", ""),
                   "is below low " + yaml::number_text(d.low) + " (allowed: high >= low)");
      }
      break;
    }
    case InputLaw::triangular: {
      const Mapping t(p, {"low", "mode", "high"});
      d.low = number(t, "low");
      d.mode = number(t, "mode");
      d.high = number(t, "high");
      if (d.mode < d.low || d.mode > d.high) {
        yaml::fail(t.at("mode", ""), "is outside [low, high] = [" + yaml::number_text(d.low) +
                                         ", " + yaml::number_text(d.high) +
                                         "] (allowed: low <= mode <= high)");
      }
      break;
    }
    case InputLaw::lognormal: {
      const Mapping l(p, {"median", "sigma"});
      d.median = l.get("median", yaml::above(0, kMaxMagnitude));
      d.sigma = l.get("sigma", yaml::closed(0, 10));
      break;
    }
    case InputLaw::choice: {
      const Mapping c(p, {"values", "weights"});
      for (const Field& v :
           yaml::read_list(c.at("values", "a list of numbers"), {1, kMaxChoices, "value"})) {
        d.values.push_back(yaml::read(v, yaml::closed(-kMaxMagnitude, kMaxMagnitude)));
      }
      if (const std::optional<Field> w = c.find("weights")) {
        const std::vector<Field> listed = yaml::read_list(*w, {1, kMaxChoices, "weight"});
        if (listed.size() != d.values.size()) {
          yaml::fail(*w, "has " + yaml::plural(listed.size(), "weight") + " for " +
                             yaml::plural(d.values.size(), "value") +
                             " (allowed: one weight per value)");
        }
        for (const Field& x : listed)
          d.weights.push_back(yaml::read(x, yaml::closed(0, 1)));
        const double sum = std::accumulate(d.weights.begin(), d.weights.end(), 0.0);
        if (std::abs(sum - 1) > kWeightTolerance) {
          yaml::fail(*w, "sum to " + yaml::number_text(sum) + " (allowed: weights summing to 1)");
        }
      } else {
        d.weights.assign(d.values.size(), 1.0 / static_cast<double>(d.values.size()));
      }
      break;
    }
  }
  return d;
}

uint32_t input_key(const std::string& path) {
  uint32_t h = 2166136261u;  // FNV-1a
  for (const unsigned char c : path) {
    h ^= c;
    h *= 16777619u;
  }
  return h;
}

double input_uniform(const UncertainInput& input, uint64_t seed, InputMatrix matrix,
                     uint64_t sample) {
  DrawStream s(seed, static_cast<uint32_t>(sample), static_cast<uint32_t>(matrix),
               Event::uncertain_input, input.key, 0);
  return uniform(s);
}

double draw_input(const UncertainInput& input, uint64_t seed, InputMatrix matrix, uint64_t sample) {
  return input.distribution.quantile(input_uniform(input, seed, matrix, sample));
}

}  // namespace contested
