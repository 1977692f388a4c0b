// The flat, index-linked scenario that kernels read: plain structs and pointers, no
// strings, no maps. host/scenario.hpp owns the arrays; this is a non-owning view of them
// that is valid on whichever side (host or device) the pointers live.
#pragma once

#include <cstdint>

namespace contested {

enum class Aim : uint8_t { runway, shelters, ramp, fuel, munitions };
enum class When : uint8_t { always, runway_open, aircraft_present };
enum class Warhead : uint8_t { unitary, submunition };
enum class FirePolicy : uint8_t { barrage, shoot_look_shoot };

inline constexpr uint32_t kAllRunways = 0xffffffffu;
// Per-trial state holds every crater a runway might carry at once; more is refused on load.
inline constexpr uint32_t kMaxCratersPerRunway = 1u << 16;
// Strip classes are tracked as bits of one word.
inline constexpr uint32_t kMaxStripClasses = 32;

struct MissileClass {
  double reliability;
  double cep_m;
  double lethal_radius_hard_m;  // unitary kill radius against hardened point targets
  double lethal_radius_soft_m;  // unitary kill radius against soft targets
  double crater_radius_m;       // unitary crater, or each bomblet's crater (submunition)
  double submunition_radius_m;  // pattern radius
  double submunition_pk;        // soft target inside the pattern
  double defense_pk_scale;      // multiplies interceptor pk
  Warhead warhead;
  uint32_t craters_per_missile;  // runway-penetrating bomblets (submunition)
  uint32_t inventory;
  uint32_t launches_per_day;  // launchers * salvos_per_day
};

struct Raid {
  uint32_t first_day;  // inclusive, 1-based
  uint32_t last_day;   // inclusive
  uint32_t base;       // index into bases
  uint32_t missile;    // index into missiles
  uint32_t count;
  uint32_t runway;  // runway index within the base, or kAllRunways
  uint32_t key;     // stable index in the scenario file: addresses the raid's random draws
  Aim aim;
  When when;
};

struct Battery {
  uint32_t base;
  uint32_t interceptor;  // row of ScenarioView::interceptor_pk
  uint32_t inventory;
  uint32_t shots_per_target;
  uint32_t channels;  // missiles engaged per raid at most
  FirePolicy policy;
};

struct Runway {
  double length_m;
  double width_m;
  uint32_t crater_capacity;  // most craters this runway can hold at once (from the raid plan)
  uint32_t crater_begin;     // first crater slot of this runway in the per-trial state
};

struct StripClass {
  double length_m;
  double width_m;
};

struct AircraftType {
  uint32_t strip;  // index into strips
  double sortie_rate;
  double mc_rate;
  double fix_rate;
};

struct Repair {
  uint32_t teams;
  double hours_per_crater;  // lognormal median
  double sigma;             // lognormal log-sd
  double hours_per_day;     // crew working hours, <= 24
};

struct Base {
  uint32_t runway_begin;  // runways [runway_begin, runway_begin + runway_count)
  uint32_t runway_count;
  uint32_t shelters;
  double ramp_length_m;
  double ramp_width_m;
  uint32_t fuel_tanks;
  uint32_t munition_igloos;
  Repair repair;
  double airborne_fraction;
  uint32_t aircraft_begin;  // aircraft slots [aircraft_begin, aircraft_begin + aircraft_count)
  uint32_t aircraft_count;
  uint32_t battery_begin;  // batteries [battery_begin, battery_begin + battery_count)
  uint32_t battery_count;
  uint32_t key;  // stable index in the scenario file
  // First slots of this base's shelters, fuel tanks and igloos in the per-trial state.
  uint32_t shelter_begin;
  uint32_t fuel_tank_begin;
  uint32_t igloo_begin;
};

struct ScenarioView {
  uint32_t days;
  const MissileClass* missiles;
  uint32_t missile_count;
  const Raid* raids;  // in priority order
  uint32_t raid_count;
  const double* interceptor_pk;  // [interceptor * missile_count + missile]
  uint32_t interceptor_count;
  const Battery* batteries;  // grouped by base, in the order listed there
  uint32_t battery_count;
  const Base* bases;
  uint32_t base_count;
  const Runway* runways;  // grouped by base
  uint32_t runway_count;
  const StripClass* strips;
  uint32_t strip_count;
  const AircraftType* aircraft_types;
  uint32_t aircraft_type_count;
  const uint32_t* aircraft_type_of;  // per aircraft slot, grouped by base, in listing order
  uint32_t aircraft_count;
};

}  // namespace contested
