// The scenario as the engine holds it on the host: the flat arrays that kernels read
// (kernels/scenario.hpp) plus the names and locations that only reports need.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kernels/scenario.hpp"

namespace contested {

// Per-trial sizes the loader refuses beyond: the kernels index a trial's state and record
// with 32-bit words, and these keep every sum of them far from overflowing.
inline constexpr uint64_t kMaxCratersTheatre = uint64_t{1} << 24;  // crater slots, all runways
inline constexpr uint64_t kMaxRecordValues = uint64_t{1} << 24;    // values one trial records

struct GeoPoint {
  double lat_deg;
  double lon_deg;
};

struct Scenario {
  std::string name;         // the scenario's `name:` (or the file stem)
  std::string source_path;  // file it came from ("<string>" for text)
  std::string source_text;  // the YAML exactly as read, stored in results for provenance

  uint32_t days = 30;

  // The arrays the model reads (kernels/scenario.hpp lists them, with their layouts).
#define CONTESTED_SCENARIO_VECTOR(Type, name) std::vector<Type> name;
  CONTESTED_SCENARIO_ARRAYS(CONTESTED_SCENARIO_VECTOR)
#undef CONTESTED_SCENARIO_VECTOR

  // Names and places, for reports only.
  std::vector<std::string> missile_ids;
  std::vector<GeoPoint> launch_sites;
  std::vector<std::string> launch_site_ids;
  std::vector<double> raid_flight_hours;  // per raid, from the nearest launch site in range
  std::vector<std::string> interceptor_ids;
  std::vector<std::string> node_ids;
  std::vector<GeoPoint> node_locations;
  std::vector<std::string> strip_ids;
  std::vector<std::string> aircraft_type_ids;
  std::vector<std::string> group_ids;  // bases reported together (hours closed per group)
  std::vector<std::string> ship_class_ids;
  std::vector<std::string> sea_area_ids;
  std::vector<std::string> campaign_ids;  // per coordinated campaign (attacks)

  // Items (docs/stocks.md): munitions (interceptors included), then supplies, then "fuel"
  // if stocked.
  std::vector<std::string> item_ids;
  uint32_t supply_begin = 0;  // items [supply_begin, ...) are supplies, then fuel
  uint32_t fuel_item = kNoItem;

  std::string posture = "baseline";  // the posture applied (docs/scenario-format.md)
  // The paths its posture gives distributions (uncertain:, docs/sensitivity.md), holding the
  // values the file writes: such a scenario runs only through engine/uncertain_run.hpp, or as
  // UncertainScenario::point(), which has none.
  std::vector<std::string> uncertain;

  // Sizes the per-trial state (crater capacities from the raid plan), fills the state slot
  // indices in Base and Runway and the strip classes each base can hold and uses; called
  // once after loading or changing the scenario.
  // Throws std::length_error, with what is allowed, when a trial would record more than
  // kMaxRecordValues values or its raid plan need more crater slots than the engine holds.
  void finalize();
  // The values one trial records (kernels/record.hpp's RecordLayout::rows()), in 64 bits.
  uint64_t record_values() const;
  ScenarioView view() const;
  // What the results call an item's stock: "fuel", "munitions_<id>" or "supplies_<id>".
  std::string item_metric(uint32_t item) const;
};

// Strip classes (bits) that some undamaged runway of the list holds.
uint32_t strips_held(const Runway* runways, uint32_t count, const std::vector<StripClass>& strips);

}  // namespace contested
