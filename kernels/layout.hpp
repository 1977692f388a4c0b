// Deterministic layouts of a base's point targets and parking (docs/model.md, Layouts), each in its
// own local frame. Each target area (runways, shelters, ramp, fuel farm, igloo area) is
// taken to lie farther from the others than any weapon's effect, so a missile affects
// only the area it was aimed at. docs/model.md gives the spacings and their reasons.
#pragma once

#include <cmath>
#include <cstdint>

#include "kernels/macros.hpp"

namespace contested {

// Centre-to-centre spacing of point targets (assumptions, see docs/model.md).
inline constexpr double kShelterSpacingM = 150.0;
inline constexpr double kFuelTankSpacingM = 60.0;
inline constexpr double kIglooSpacingM = 120.0;
inline constexpr double kDockSpacingM = 80.0;
inline constexpr double kPierSpacingM = 150.0;
inline constexpr double kBuildingSpacingM = 100.0;

// `count` points on a grid of `cols` columns, spacing dx by dy, cell-centred.
struct PointGrid {
  uint32_t count;
  uint32_t cols;
  double dx;
  double dy;

  CONTESTED_FUNCTION double x(uint32_t i) const {
    return (static_cast<double>(i % cols) + 0.5) * dx;
  }
  CONTESTED_FUNCTION double y(uint32_t i) const {
    return (static_cast<double>(i / cols) + 0.5) * dy;
  }

  // Calls visit(i, distance^2) for every point within `radius` of (px, py).
  template <class Visit>
  CONTESTED_FUNCTION void within(double px, double py, double radius, Visit visit) const {
    if (count == 0) return;
    const uint32_t rows = (count + cols - 1) / cols;
    const double c0 = std::floor((px - radius) / dx - 0.5);
    const double c1 = std::ceil((px + radius) / dx - 0.5);
    const double r0 = std::floor((py - radius) / dy - 0.5);
    const double r1 = std::ceil((py + radius) / dy - 0.5);
    const int64_t col_lo = c0 < 0 ? 0 : static_cast<int64_t>(c0);
    const int64_t row_lo = r0 < 0 ? 0 : static_cast<int64_t>(r0);
    const int64_t col_hi = c1 > cols - 1.0 ? cols - 1 : static_cast<int64_t>(c1);
    const int64_t row_hi = r1 > rows - 1.0 ? rows - 1 : static_cast<int64_t>(r1);
    for (int64_t row = row_lo; row <= row_hi; ++row) {
      for (int64_t col = col_lo; col <= col_hi; ++col) {
        const uint32_t i = static_cast<uint32_t>(row * cols + col);
        if (i >= count) continue;
        const double ddx = x(i) - px;
        const double ddy = y(i) - py;
        const double d2 = ddx * ddx + ddy * ddy;
        if (d2 <= radius * radius) visit(i, d2);
      }
    }
  }
};

// A square grid of point targets at the given spacing.
CONTESTED_FUNCTION PointGrid square_grid(uint32_t count, double spacing) {
  uint32_t cols = 1;
  while (cols * cols < count)
    ++cols;
  return {count, cols, spacing, spacing};
}

// `count` points spread evenly over a length x width rectangle: ramp parking spots and
// ramp aim points.
CONTESTED_FUNCTION PointGrid area_grid(uint32_t count, double length, double width) {
  if (count == 0) return {0, 1, length, width};
  double c = std::ceil(std::sqrt(static_cast<double>(count) * length / width));
  uint32_t cols = c < 1.0 ? 1u : (c > count ? count : static_cast<uint32_t>(c));
  const uint32_t rows = (count + cols - 1) / cols;
  return {count, cols, length / cols, width / rows};
}

}  // namespace contested
