// Turning Philox bits into numbers: the project's own transforms (docs/design.md, section 2;
// docs/model.md, Random numbers).
#pragma once

#include <cmath>
#include <cstdint>

#include "kernels/macros.hpp"
#include "kernels/philox.hpp"
#include "kernels/portable_math.hpp"

namespace contested {

// Uniform on (0, 1): 32 bits, centred in their cell, never 0 or 1.
CONTESTED_FUNCTION double uniform(DrawStream& s) {
  return (static_cast<double>(s.next_u32()) + 0.5) * (1.0 / 4294967296.0);
}

CONTESTED_FUNCTION bool bernoulli(DrawStream& s, double p) {
  return uniform(s) < p;
}

// Two independent standard normals (Box-Muller).
CONTESTED_FUNCTION void normal_pair(DrawStream& s, double* z0, double* z1) {
  const double radius = std::sqrt(-2.0 * pmath::log(uniform(s)));  // sqrt is correctly rounded
  double sn;
  double cs;
  pmath::sincos_turn(uniform(s), &sn, &cs);
  *z0 = radius * cs;
  *z1 = radius * sn;
}

// Lognormal with the given median and log-sd.
CONTESTED_FUNCTION double lognormal(DrawStream& s, double median, double sigma) {
  double z0;
  double z1;
  normal_pair(s, &z0, &z1);
  return median * pmath::exp(sigma * z0);
}

// A lognormal duration in whole days (rounded, at least one).
CONTESTED_FUNCTION uint32_t lognormal_days(DrawStream& s, double median, double sigma) {
  const double days = lognormal(s, median, sigma);
  const double whole = days < 1.0 ? 1.0 : (days > 1e6 ? 1e6 : days);
  return static_cast<uint32_t>(whole + 0.5);
}

// A point uniform in the disk of the given radius.
CONTESTED_FUNCTION void uniform_in_disk(DrawStream& s, double radius, double* x, double* y) {
  const double r = radius * std::sqrt(uniform(s));
  double sn;
  double cs;
  pmath::sincos_turn(uniform(s), &sn, &cs);
  *x = r * cs;
  *y = r * sn;
}

}  // namespace contested
