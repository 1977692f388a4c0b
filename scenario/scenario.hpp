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

  std::vector<MissileClass> missiles;
  std::vector<std::string> missile_ids;
  std::vector<GeoPoint> launch_sites;
  std::vector<std::string> launch_site_ids;
  std::vector<Raid> raids;
  std::vector<double> raid_flight_hours;  // per raid, from the nearest launch site in range

  std::vector<std::string> interceptor_ids;
  std::vector<double> interceptor_pk;  // [interceptor * missiles.size() + missile]
  std::vector<Battery> batteries;

  std::vector<Node> nodes;
  std::vector<std::string> node_ids;
  std::vector<GeoPoint> node_locations;
  std::vector<Runway> runways;

  std::vector<StripClass> strips;
  std::vector<std::string> strip_ids;
  std::vector<AircraftType> aircraft_types;
  std::vector<std::string> aircraft_type_ids;
  std::vector<uint32_t> aircraft_type_of;
  std::vector<uint32_t> aircraft_key;  // per aircraft: (entry in its base's listing << 16) | k

  // Bases reported together (hours closed per group).
  std::vector<Group> groups;
  std::vector<std::string> group_ids;
  std::vector<uint32_t> group_nodes;

  // Sustainment (docs/stocks.md, production.md, shipping.md, ships.md, disruptions.md).
  // Munitions (interceptors included), then supplies, then "fuel" if stocked.
  std::vector<std::string> item_ids;
  uint32_t supply_begin = 0;  // items [supply_begin, ...) are supplies, then fuel
  uint32_t fuel_item = kNoItem;
  std::vector<uint32_t> stock_initial;  // [node * items + item], kUntracked if not stocked
  std::vector<uint32_t> per_sortie;     // [aircraft type * items + item]
  std::vector<uint32_t> battery_item;   // per battery
  std::vector<Factory> factories;
  std::vector<FactoryInput> factory_inputs;
  std::vector<Route> routes;  // priority order
  std::vector<ShipClass> ship_classes;
  std::vector<std::string> ship_class_ids;
  std::vector<Dock> docks;
  std::vector<uint32_t> ship_transit_days;  // [ship class * nodes + yard node]
  std::vector<Disruption> disruptions;

  std::string posture = "baseline";  // the posture applied (docs/scenario-format.md)

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
