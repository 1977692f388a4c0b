// The minimum-operating-strip test (docs/model.md, Minimum operating strip): does an axis-aligned
// rectangle length x width fit inside a runway without touching any unrepaired crater disk?
//
// Runway frame: x along the runway in [0, L], y across it in [-W/2, W/2]. A placement is
// the strip's corner (a, b) with a in [0, L - l], b in [-W/2, W/2 - w]. Crater i forbids
// the open set O_i of placements whose rectangle comes closer than r_i to its centre,
// i.e. the points within r_i of Q_i = [x_i - l, x_i] x [y_i - w, y_i]. The free set
// F = box minus the union of O_i is closed; if it is not empty its lexicographically
// smallest point (a first, then b) is a corner of the box or a point where two boundary
// curves meet (no single smooth boundary piece can hold that minimum). Those curves are
// the box's four lines and each O_i's four lines and four corner circles, so testing the
// corners and all pairwise intersections decides the question exactly. Two cheap tests
// settle most cases first: bands just clear of a crater (a sufficient test for "open")
// and the same problem with each disk shrunk to its inscribed square, which is exactly
// solvable and sufficient for "closed". Distances carry a tolerance of kStripTolerance.
#pragma once

#include <cmath>
#include <cstdint>

#include "kernels/macros.hpp"

namespace contested {

inline constexpr double kStripTolerance = 1e-6;  // metres

struct StripPlacement {
  double a;
  double b;
};

namespace strip_detail {

// Is some a in [0, span] outside every open interval (lo_i, hi_i) given by interval(i)?
// The smallest free a, if any, is 0 or a right end, so only those are tried.
template <class Craters, class Interval>
CONTESTED_FUNCTION bool free_start(const Craters& c, double span, Interval interval,
                                   double* a_out) {
  const uint32_t n = c.count();
  for (uint32_t k = 0; k <= n; ++k) {
    double cand = 0.0;
    if (k < n) {
      double lo;
      double hi;
      if (!c.active(k) || !interval(k, &lo, &hi)) continue;
      cand = hi;
      if (cand <= 0.0 || cand > span + kStripTolerance) continue;
    }
    bool blocked = false;
    for (uint32_t j = 0; j < n && !blocked; ++j) {
      double lo;
      double hi;
      if (!c.active(j) || !interval(j, &lo, &hi)) continue;
      blocked = cand > lo + kStripTolerance && cand < hi - kStripTolerance;
    }
    if (!blocked) {
      *a_out = cand;
      return true;
    }
  }
  return false;
}

// Distance from p to the rectangle [x0, x1] x [y0, y1], squared.
CONTESTED_FUNCTION double dist2_to_box(double px, double py, double x0, double x1, double y0,
                                       double y1) {
  const double dx = px < x0 ? x0 - px : (px > x1 ? px - x1 : 0.0);
  const double dy = py < y0 ? y0 - py : (py > y1 ? py - y1 : 0.0);
  return dx * dx + dy * dy;
}

struct Geometry {
  double a_max;  // L - l
  double b_min;  // -W/2
  double b_max;  // W/2 - w
  double l;
  double w;
};

// Is the placement p free of every crater and inside the box (within tolerance)?
template <class Craters>
CONTESTED_FUNCTION bool placement_free(const Geometry& g, const Craters& c, double a, double b) {
  if (a < -kStripTolerance || a > g.a_max + kStripTolerance) return false;
  if (b < g.b_min - kStripTolerance || b > g.b_max + kStripTolerance) return false;
  for (uint32_t i = 0; i < c.count(); ++i) {
    if (!c.active(i)) continue;
    const double reach = c.r(i) - kStripTolerance;
    if (reach <= 0.0) continue;
    if (dist2_to_box(a, b, c.x(i) - g.l, c.x(i), c.y(i) - g.w, c.y(i)) < reach * reach) {
      return false;
    }
  }
  return true;
}

// A boundary primitive of the configuration space: a vertical line a = v, a horizontal
// line b = v, or a circle.
struct Primitive {
  int kind;  // 0 vertical, 1 horizontal, 2 circle
  double u;  // line value, or circle centre a
  double v;  // circle centre b
  double r;  // circle radius
};

CONTESTED_FUNCTION Primitive crater_primitive(const Geometry& g, double x, double y, double r,
                                              int k) {
  switch (k) {
    case 0:
      return {0, x - g.l - r, 0, 0};
    case 1:
      return {0, x + r, 0, 0};
    case 2:
      return {1, y - g.w - r, 0, 0};
    case 3:
      return {1, y + r, 0, 0};
    case 4:
      return {2, x - g.l, y - g.w, r};
    case 5:
      return {2, x - g.l, y, r};
    case 6:
      return {2, x, y - g.w, r};
    default:
      return {2, x, y, r};
  }
}

CONTESTED_FUNCTION Primitive box_primitive(const Geometry& g, int k) {
  switch (k) {
    case 0:
      return {0, 0.0, 0, 0};
    case 1:
      return {0, g.a_max, 0, 0};
    case 2:
      return {1, g.b_min, 0, 0};
    default:
      return {1, g.b_max, 0, 0};
  }
}

// Up to two intersection points of two primitives; returns their number.
CONTESTED_FUNCTION int intersect(const Primitive& first, const Primitive& second, double* a,
                                 double* b) {
  // Order the pair so that a line, if any, comes first.
  const bool swap = first.kind == 2 && second.kind != 2;
  const Primitive& p = swap ? second : first;
  const Primitive& q = swap ? first : second;
  if (p.kind != 2 && q.kind != 2) {
    if (p.kind == q.kind) return 0;
    a[0] = p.kind == 0 ? p.u : q.u;
    b[0] = p.kind == 1 ? p.u : q.u;
    return 1;
  }
  if (p.kind != 2) {  // line and circle
    const double off = p.kind == 0 ? p.u - q.u : p.u - q.v;
    if (off * off > q.r * q.r) return 0;
    const double h = std::sqrt(q.r * q.r - off * off);
    for (int s = 0; s < 2; ++s) {
      const double along = (p.kind == 0 ? q.v : q.u) + (s == 0 ? h : -h);
      a[s] = p.kind == 0 ? p.u : along;
      b[s] = p.kind == 0 ? along : p.u;
    }
    return 2;
  }
  const double dx = q.u - p.u;  // two circles
  const double dy = q.v - p.v;
  const double d2 = dx * dx + dy * dy;
  if (d2 == 0.0) return 0;
  const double d = std::sqrt(d2);
  if (d > p.r + q.r || d < std::fabs(p.r - q.r)) return 0;
  const double along = (p.r * p.r - q.r * q.r + d2) / (2.0 * d);
  const double h2 = p.r * p.r - along * along;
  const double h = h2 > 0.0 ? std::sqrt(h2) : 0.0;
  const double mx = p.u + along * dx / d;
  const double my = p.v + along * dy / d;
  a[0] = mx + h * dy / d;
  b[0] = my - h * dx / d;
  a[1] = mx - h * dy / d;
  b[1] = my + h * dx / d;
  return 2;
}

template <class Craters>
CONTESTED_FUNCTION bool try_pair(const Geometry& g, const Craters& c, const Primitive& p,
                                 const Primitive& q, StripPlacement* out) {
  double a[2];
  double b[2];
  const int n = intersect(p, q, a, b);
  for (int k = 0; k < n; ++k) {
    if (placement_free(g, c, a[k], b[k])) {
      *out = {a[k], b[k]};
      return true;
    }
  }
  return false;
}

}  // namespace strip_detail

// Craters is any type with count(), active(i), x(i), y(i), r(i). On success, *where (if
// given) receives a free placement.
template <class Craters>
CONTESTED_FUNCTION bool strip_fits(double runway_length, double runway_width, double length,
                                   double width, const Craters& c,
                                   StripPlacement* where = nullptr) {
  using namespace strip_detail;
  if (length > runway_length || width > runway_width) return false;
  const Geometry g{runway_length - length, -0.5 * runway_width, 0.5 * runway_width - width, length,
                   width};
  StripPlacement found{0.0, 0.0};
  const uint32_t n = c.count();

  // Sufficient for "open": the band at the box edges or just clear of a crater, with the
  // exact disk cross-sections of the others.
  for (uint32_t k = 0; k < 2 * n + 2; ++k) {
    double b = k == 0 ? g.b_min : g.b_max;
    if (k >= 2) {
      const uint32_t i = (k - 2) / 2;
      if (!c.active(i)) continue;
      b = (k % 2 == 0) ? c.y(i) + c.r(i) : c.y(i) - c.r(i) - width;
      if (b < g.b_min || b > g.b_max) continue;
    }
    const auto disk = [&](uint32_t i, double* lo, double* hi) {
      const double y = c.y(i);
      const double dy = y < b ? b - y : (y > b + width ? y - b - width : 0.0);
      const double r = c.r(i);
      if (dy >= r) return false;
      const double h = std::sqrt(r * r - dy * dy);
      *lo = c.x(i) - h - length;
      *hi = c.x(i) + h;
      return true;
    };
    if (free_start(c, g.a_max, disk, &found.a)) {
      found.b = b;
      if (where) *where = found;
      return true;
    }
  }

  // Sufficient for "closed": inscribed squares block no more than the disks, and for
  // squares the lowest free band is the box edge or a square's top.
  bool squares_open = false;
  for (uint32_t k = 0; k <= n && !squares_open; ++k) {
    double b = g.b_min;
    if (k < n) {
      if (!c.active(k)) continue;
      b = c.y(k) + c.r(k) * 0.7071067811865476;
      if (b > g.b_max) continue;
    }
    const auto square = [&](uint32_t i, double* lo, double* hi) {
      const double s = c.r(i) * 0.7071067811865476;
      if (!(b > c.y(i) - s - width && b < c.y(i) + s)) return false;
      *lo = c.x(i) - s - length;
      *hi = c.x(i) + s;
      return true;
    };
    double a;
    squares_open = free_start(c, g.a_max, square, &a);
  }
  if (!squares_open) return false;

  // Exact: box corners, then every intersection of two boundary primitives.
  for (int k = 0; k < 4; ++k) {
    const double a = (k & 1) ? g.a_max : 0.0;
    const double b = (k & 2) ? g.b_max : g.b_min;
    if (placement_free(g, c, a, b)) {
      if (where) *where = {a, b};
      return true;
    }
  }
  for (uint32_t i = 0; i < n; ++i) {
    if (!c.active(i)) continue;
    for (int pi = 0; pi < 8; ++pi) {
      const Primitive p = crater_primitive(g, c.x(i), c.y(i), c.r(i), pi);
      for (int bk = 0; bk < 4; ++bk) {
        if (try_pair(g, c, p, box_primitive(g, bk), &found)) {
          if (where) *where = found;
          return true;
        }
      }
      for (uint32_t j = i + 1; j < n; ++j) {
        if (!c.active(j)) continue;
        for (int qj = 0; qj < 8; ++qj) {
          if (try_pair(g, c, p, crater_primitive(g, c.x(j), c.y(j), c.r(j), qj), &found)) {
            if (where) *where = found;
            return true;
          }
        }
      }
    }
  }
  return false;
}

// Craters that a placement's rectangle touches (overlaps with positive depth).
template <class Craters>
CONTESTED_FUNCTION bool strip_touches(const Craters& c, uint32_t i, double a, double b,
                                      double length, double width) {
  const double reach = c.r(i) - kStripTolerance;
  return reach > 0.0 &&
         strip_detail::dist2_to_box(c.x(i), c.y(i), a, a + length, b, b + width) < reach * reach;
}

// A placement that needs the fewest crater repairs to open, among placements flush with
// the runway's ends and sides or with a crater's extremes (crews repair what reopens a strip
// soonest: docs/runway-denial.md, Repair over the day). Returns the number of craters it touches.
template <class Craters>
CONTESTED_FUNCTION uint32_t fewest_repairs_placement(double runway_length, double runway_width,
                                                     double length, double width, const Craters& c,
                                                     StripPlacement* best) {
  const double a_max = runway_length - length;
  const double b_min = -0.5 * runway_width;
  const double b_max = 0.5 * runway_width - width;
  const uint32_t n = c.count();
  uint32_t best_count = 0xffffffffu;
  for (uint32_t ka = 0; ka < 2 * n + 2; ++ka) {
    double a = ka == 0 ? 0.0 : a_max;
    if (ka >= 2) {
      const uint32_t i = (ka - 2) / 2;
      if (!c.active(i)) continue;
      a = (ka % 2 == 0) ? c.x(i) + c.r(i) : c.x(i) - c.r(i) - length;
      if (a < 0.0 || a > a_max) continue;
    }
    for (uint32_t kb = 0; kb < 2 * n + 3; ++kb) {
      double b = kb == 0 ? b_min : (kb == 1 ? b_max : 0.5 * (b_min + b_max));
      if (kb >= 3) {
        const uint32_t i = (kb - 3) / 2;
        if (!c.active(i)) continue;
        b = (kb % 2 == 1) ? c.y(i) + c.r(i) : c.y(i) - c.r(i) - width;
        if (b < b_min || b > b_max) continue;
      }
      uint32_t touching = 0;
      for (uint32_t i = 0; i < n && touching < best_count; ++i) {
        touching += (c.active(i) && strip_touches(c, i, a, b, length, width)) ? 1u : 0u;
      }
      if (touching < best_count) {
        best_count = touching;
        *best = {a, b};
      }
    }
  }
  return best_count;
}

}  // namespace contested
