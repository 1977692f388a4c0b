// A base's parking spots (docs/parking.md): `parking:` as a list of {lat, lon} or {x_m, y_m}
// (metres east and north of the base's lat, lon), or `parking_file:` a CSV of the same
// columns, relative to the scenario file. Spots replace the ramp rectangle; the ramp frame is
// then their extent.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "kernels/scenario.hpp"
#include "scenario/scenario_builder.hpp"
#include "scenario/yaml_reader.hpp"

namespace contested::scenario_schema {
namespace {

constexpr size_t kMaxSpots = 10000;
// A spot farther than this from the base's location is a mistake in the data (a swapped
// coordinate, another airfield), not a parking position.
constexpr double kMaxSpotKm = 10.0;

// Metres east and north of `base` (a local equirectangular frame: within kMaxSpotKm the
// error is below a metre).
ParkingSpot metres_from(const GeoPoint& base, double lat, double lon) {
  const double m = kEarthRadiusKm * 1000.0 * kRad;
  return {(lon - base.lon_deg) * m * std::cos(base.lat_deg * kRad), (lat - base.lat_deg) * m};
}

std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream in(line);
  std::string cell;
  while (std::getline(in, cell, ',')) {
    const auto first = cell.find_first_not_of(" \t\r\"");
    const auto last = cell.find_last_not_of(" \t\r\"");
    cells.push_back(first == std::string::npos ? "" : cell.substr(first, last - first + 1));
  }
  return cells;
}

}  // namespace

void ScenarioBuilder::read_parking(const Mapping& m, NodeDraft& d) const {
  const std::optional<Field> list = m.find("parking");
  const std::optional<Field> file = m.find("parking_file");
  if (!list && !file) return;
  const Field& where = list ? *list : *file;
  if (list && file) fail(*file, "the spots are listed already (allowed: parking or parking_file)");
  if (const std::optional<Field> ramp = m.find("ramp")) {
    fail(where,
         "parking spots replace the ramp rectangle (allowed: parking, parking_file or "
         "ramp, one of them)");
  }
  const GeoPoint base = node_at_.back();
  std::vector<ParkingSpot> spots;
  if (list) {
    for (const Field& f : read_list(*list, {1, kMaxSpots, "spot"})) {
      const bool geo = f.node.IsMap() && f.node["lat"];
      const Mapping p(
          f, geo ? std::vector<std::string>{"lat", "lon"} : std::vector<std::string>{"x_m", "y_m"});
      const ParkingSpot spot =
          geo ? metres_from(base, p.get("lat", closed(-90, 90)), p.get("lon", closed(-180, 180)))
              : ParkingSpot{p.get("x_m", closed(-1e5, 1e5)), p.get("y_m", closed(-1e5, 1e5))};
      check_spot(f, spot, "");
      spots.push_back(spot);
    }
  } else {
    spots = read_parking_file(*file, base);
  }
  double x0 = spots[0].x_m, y0 = spots[0].y_m, x1 = x0, y1 = y0;
  for (const ParkingSpot& spot : spots) {
    x0 = std::min(x0, spot.x_m);
    y0 = std::min(y0, spot.y_m);
    x1 = std::max(x1, spot.x_m);
    y1 = std::max(y1, spot.y_m);
  }
  for (const ParkingSpot& spot : spots)
    d.spots.push_back({spot.x_m - x0, spot.y_m - y0});
  // The grid of `pick: grid` covers the spots' extent (at least a metre each way).
  d.node.ramp_length_m = std::max(x1 - x0, 1.0);
  d.node.ramp_width_m = std::max(y1 - y0, 1.0);
  d.node.spot_count = static_cast<uint32_t>(d.spots.size());
}

// `at` names the CSV line for a spot read from a file (empty for a listed one).
void ScenarioBuilder::check_spot(const Field& f, const ParkingSpot& spot,
                                 const std::string& at) const {
  const double km = std::hypot(spot.x_m, spot.y_m) / 1000.0;
  if (km <= kMaxSpotKm) return;
  fail(f, at + "the spot is " + formatted("%.1f", km) + " km from the base's lat, lon (allowed: " +
              "within " + number_text(kMaxSpotKm) + " km)");
}

// The CSV: a header naming lat and lon, or x_m and y_m (other columns ignored), then one spot
// a row; blank rows and rows starting with '#' are skipped. Errors name the scenario's key,
// and the CSV as the scenario names it with its line.
std::vector<ParkingSpot> ScenarioBuilder::read_parking_file(const Field& f,
                                                            const GeoPoint& base) const {
  const std::string name = read_text(f, "a CSV file path");
  const std::filesystem::path path =
      std::filesystem::path(name).is_absolute() || file_.empty() || file_[0] == '<'
          ? std::filesystem::path(name)
          : std::filesystem::path(file_).parent_path() / name;
  std::ifstream in(path);
  if (!in) {
    fail(f, "cannot read " + path.string() +
                " (allowed: a CSV file, its path relative to the scenario file)");
  }
  std::vector<ParkingSpot> spots;
  std::optional<std::pair<size_t, size_t>> columns;  // of lat and lon, or x_m and y_m
  bool geo = true;
  std::string line;
  for (size_t number = 1; std::getline(in, line); ++number) {
    const std::string at = name + ":" + std::to_string(number) + ": ";
    const std::vector<std::string> cells = split_csv(line);
    if (cells.empty() || cells[0].empty() || cells[0][0] == '#') continue;
    if (!columns) {
      const auto find = [&](const char* column) {
        return std::find(cells.begin(), cells.end(), column) - cells.begin();
      };
      const auto n = static_cast<std::ptrdiff_t>(cells.size());
      geo = find("lat") < n && find("lon") < n;
      if (!geo && !(find("x_m") < n && find("y_m") < n)) {
        fail(f, at + "the header names no lat and lon (or x_m and y_m) columns (allowed: a "
                     "first row naming them, then one spot a row)");
      }
      columns = geo ? std::pair<size_t, size_t>(find("lat"), find("lon"))
                    : std::pair<size_t, size_t>(find("x_m"), find("y_m"));
      continue;
    }
    double a = 0, b = 0;
    try {
      size_t used_a = 0, used_b = 0;
      a = std::stod(cells.at(columns->first), &used_a);
      b = std::stod(cells.at(columns->second), &used_b);
      if (used_a != cells[columns->first].size() || used_b != cells[columns->second].size())
        throw std::invalid_argument("trailing text");
    } catch (const std::exception&) {
      fail(f, at + "'" + line + "' is not a spot (allowed: numbers in the " +
                  (geo ? "lat and lon" : "x_m and y_m") + " columns)");
    }
    if (geo && (std::abs(a) > 90 || std::abs(b) > 180))
      fail(f, at + "lat " + number_text(a) + ", lon " + number_text(b) + " is not on the Earth");
    const ParkingSpot spot = geo ? metres_from(base, a, b) : ParkingSpot{a, b};
    check_spot(f, spot, at);
    spots.push_back(spot);
    if (spots.size() > kMaxSpots) {
      fail(f, at + "more than " + std::to_string(kMaxSpots) + " spots (allowed: at most " +
                  std::to_string(kMaxSpots) + ")");
    }
  }
  if (!columns) fail(f, name + ": the file is empty (allowed: a header, then spots)");
  if (spots.empty()) fail(f, name + ": the file lists no spot (allowed: at least one spot)");
  return spots;
}

}  // namespace contested::scenario_schema
