// Sea areas (docs/ships.md, At sea): a circle or a polygon on the map, the raids that come
// to it and the missiles each fires; and which areas a ship class's route from home to its
// station crosses.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "kernels/scenario.hpp"
#include "scenario/scenario_builder.hpp"
#include "scenario/yaml_reader.hpp"

namespace contested::scenario_schema {
namespace {

constexpr size_t kMaxPolygonVertices = 1000;
constexpr uint32_t kMaxSalvo = 100000;
// Routes and polygon edges are followed in steps no longer than this: an area narrower
// than it could be stepped over.
constexpr double kPathStepKm = 5.0;

struct Vec3 {
  double x, y, z;
};
Vec3 on_sphere(const GeoPoint& p) {
  return {std::cos(p.lat_deg * kRad) * std::cos(p.lon_deg * kRad),
          std::cos(p.lat_deg * kRad) * std::sin(p.lon_deg * kRad), std::sin(p.lat_deg * kRad)};
}

// Points along the great circle from a to b, both ends included, kPathStepKm apart at most.
std::vector<GeoPoint> great_circle_path(const GeoPoint& a, const GeoPoint& b) {
  const double km = great_circle_km(a, b);
  const auto steps = static_cast<size_t>(std::ceil(km / kPathStepKm));
  if (steps == 0) return {a};
  const Vec3 u = on_sphere(a), v = on_sphere(b);
  const double angle = km / kEarthRadiusKm;
  std::vector<GeoPoint> path;
  for (size_t k = 0; k <= steps; ++k) {
    const double f = static_cast<double>(k) / static_cast<double>(steps);
    const double wa = std::sin((1 - f) * angle) / std::sin(angle);
    const double wb = std::sin(f * angle) / std::sin(angle);
    const Vec3 p{wa * u.x + wb * v.x, wa * u.y + wb * v.y, wa * u.z + wb * v.z};
    path.push_back({std::atan2(p.z, std::hypot(p.x, p.y)) / kRad, std::atan2(p.y, p.x) / kRad});
  }
  return path;
}

}  // namespace

// Inside a circle: within its radius on the great circle. Inside a polygon: by the even-odd
// rule on latitude and longitude (polygons may not span 180 degrees of longitude).
bool SeaShape::contains(const GeoPoint& p) const {
  if (polygon.empty()) return great_circle_km(p, centre) <= radius_km;
  bool inside = false;
  for (size_t i = 0, j = polygon.size() - 1; i < polygon.size(); j = i++) {
    const GeoPoint& a = polygon[i];
    const GeoPoint& b = polygon[j];
    if ((a.lat_deg > p.lat_deg) == (b.lat_deg > p.lat_deg)) continue;
    const double lon =
        a.lon_deg + (p.lat_deg - a.lat_deg) / (b.lat_deg - a.lat_deg) * (b.lon_deg - a.lon_deg);
    if (p.lon_deg < lon) inside = !inside;
  }
  return inside;
}

// How far `p` is from the area: 0 inside it.
double SeaShape::km_from(const GeoPoint& p) const {
  if (contains(p)) return 0;
  if (polygon.empty()) return great_circle_km(p, centre) - radius_km;
  double nearest = std::numeric_limits<double>::infinity();
  for (size_t i = 0, j = polygon.size() - 1; i < polygon.size(); j = i++) {
    for (const GeoPoint& q : great_circle_path(polygon[j], polygon[i]))
      nearest = std::min(nearest, great_circle_km(p, q));
  }
  return nearest;
}

void ScenarioBuilder::read_sea_area(const Field& f) {
  const Mapping m(
      f, {"id", "circle", "polygon", "raid_prob_per_day", "defence_pk", "missiles", "requires"},
      "sea_areas");
  const uint32_t key = sea_areas_.add(m.at("id", "an id"));
  sea_shapes_.resize(sea_areas_.size());
  SeaShape& shape = sea_shapes_[key];
  const std::optional<Field> circle = m.find("circle");
  const std::optional<Field> polygon = m.find("polygon");
  if (circle && polygon) {
    fail(*polygon, "the area is a circle already (allowed: circle or polygon, not both)");
  }
  if (circle) {
    const Mapping c(*circle, {"lat", "lon", "radius_km"});
    shape.centre = read_location(c);
    shape.radius_km = c.get("radius_km", above(0, 10000));
  } else if (polygon) {
    read_polygon(*polygon, shape);
  } else {
    m.at("circle", "circle: {lat, lon, radius_km} or polygon: [[lat, lon], ...]");
  }
  SeaArea a{};
  a.key = key;
  a.raid_prob_per_day = m.get("raid_prob_per_day", closed(0, 1));
  a.defence_pk = m.get("defence_pk", closed(0, 1), 0.0);
  std::vector<SeaSalvo> salvos;
  const Mapping missiles =
      Mapping::open(m.at("missiles", "a mapping of missile id → missiles a raid fires"),
                    "a mapping of missile id → missiles a raid fires");
  if (missiles.entries().empty())
    fail(m.at("missiles", ""), "names no missile (allowed: at least one missile id)");
  for (const Mapping::Entry& e : missiles.entries()) {
    const uint32_t missile = missiles_.resolve(e.key_field);
    const uint32_t count = read(e.value, Int{1, kMaxSalvo});
    check_sea_reach(e.key_field, shape, missile);
    if (missiles_.present(missile)) salvos.push_back({missiles_.index(missile), count});
  }
  if (!exists(m, "sea_areas")) return;
  sea_areas_.include(key);
  a.salvo_begin = static_cast<uint32_t>(s_.sea_salvos.size());
  a.salvo_count = static_cast<uint32_t>(salvos.size());
  s_.sea_salvos.insert(s_.sea_salvos.end(), salvos.begin(), salvos.end());
  s_.sea_areas.push_back(a);
  s_.sea_area_ids.push_back(sea_areas_.name(key));
}

// `polygon: [[lat, lon], ...]`: at least three vertices, not spanning 180 degrees of longitude.
void ScenarioBuilder::read_polygon(const Field& f, SeaShape& shape) {
  for (const Field& v : read_list(f, {3, kMaxPolygonVertices, "corner"})) {
    const std::vector<Field> ends = read_list(v, {2, 2, "coordinate"});
    shape.polygon.push_back({read(ends[0], closed(-90, 90)), read(ends[1], closed(-180, 180))});
  }
  const auto [west, east] = std::minmax_element(
      shape.polygon.begin(), shape.polygon.end(),
      [](const GeoPoint& a, const GeoPoint& b) { return a.lon_deg < b.lon_deg; });
  if (east->lon_deg - west->lon_deg >= 180) {
    fail(f, "spans " + formatted("%.1f", east->lon_deg - west->lon_deg) +
                " degrees of longitude (allowed: less than 180; split an area across the "
                "180th meridian in two)");
  }
}

// A missile a raid on the area fires must reach it from one of its launch sites.
void ScenarioBuilder::check_sea_reach(const Field& f, const SeaShape& shape,
                                      uint32_t missile) const {
  const std::vector<uint32_t> sites = raid_sites(missile, false);
  if (sites.empty()) return;  // only sites with errors of their own: nothing to check
  double nearest_km = std::numeric_limits<double>::infinity();
  for (const uint32_t site : sites)
    nearest_km = std::min(nearest_km, shape.km_from(site_at_[site]));
  if (nearest_km <= range_km_[missile]) return;
  fail(f, "no launch site of missile " + in_quotes(missiles_.name(missile)) + " is within " +
              number_text(range_km_[missile]) + " km of the area (nearest: " +
              formatted("%.1f", nearest_km) + " km) (allowed: missiles that reach the area)");
}

// `station: {lat, lon}`: the areas (bits, by index) that the great circle from the class's
// home to its station passes through.
uint32_t ScenarioBuilder::areas_crossed(const GeoPoint& home, const GeoPoint& station) const {
  uint32_t bits = 0;
  const std::vector<GeoPoint> path = great_circle_path(home, station);
  for (uint32_t key = 0; key < sea_areas_.size(); ++key) {
    if (!sea_areas_.present(key)) continue;
    const SeaShape& shape = sea_shapes_[key];
    if (std::any_of(path.begin(), path.end(), [&](const GeoPoint& p) { return shape.contains(p); }))
      bits |= 1u << sea_areas_.index(key);
  }
  return bits;
}

}  // namespace contested::scenario_schema
