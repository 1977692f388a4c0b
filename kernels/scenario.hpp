// The flat, index-linked scenario that kernels read: plain structs and pointers, no
// strings, no maps. scenario/scenario.hpp owns the arrays; this is a non-owning view of them
// that is valid on whichever side (host or device) the pointers live.
#pragma once

#include <cstdint>

namespace contested {

enum class NodeKind : uint8_t { airbase, naval_base, port, depot, repair_yard, factory };
enum class Aim : uint8_t { runway, shelters, ramp, fuel, munitions, docks, piers, factory, ships };
enum class When : uint8_t { always, runway_open, strip_open, aircraft_present };
// Where a runway raid's missiles aim on each runway (docs/runway-denial.md): evenly along
// the centreline, on lines across the runway spaced closer than a strip's length, or on
// such lines with as many aim points across as leave no gap as wide as the strip.
enum class RunwayPattern : uint8_t { centreline, cut, cut_across };
enum class Warhead : uint8_t { unitary, submunition };
// How a raid on parked aircraft aims its missiles (docs/parking.md): an even grid over the
// ramp, each at an aircraft chosen at random, or where each covers the most not yet aimed at.
enum class RampPick : uint8_t { grid, random, densest };
enum class FirePolicy : uint8_t { barrage, shoot_look_shoot };

inline constexpr uint32_t kAllRunways = 0xffffffffu;
inline constexpr uint32_t kNoStrip = 0xffffffffu;  // a raid that names no strip class
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
  double aircraft_pk;           // unitary: a parked aircraft within the soft radius
  double defense_pk_scale;      // multiplies interceptor pk
  Warhead warhead;
  uint32_t craters_per_missile;  // runway-penetrating bomblets (submunition)
  uint32_t submunitions;         // bomblets a missile leaves on the airfield to be cleared
  uint32_t inventory;
  uint32_t launches_per_day;  // launchers * salvos_per_day
};

struct Raid {
  uint32_t first_day;  // inclusive, 1-based
  uint32_t last_day;   // inclusive
  uint32_t hour;       // 0-23: the hour of the day its missiles arrive
  uint32_t target;     // index into nodes
  uint32_t missile;    // index into missiles
  uint32_t count;
  uint32_t runway;  // runway index within the base, or kAllRunways
  uint32_t strip;   // the class `when: strip_open` tests and cut patterns deny, or kNoStrip
  // Addresses the raid's random draws: its index in the scenario file, and for the second
  // and later waves of a raid that lists several hours, the wave << kWaveShift.
  uint32_t key;
  Aim aim;
  When when;
  RunwayPattern pattern;
  RampPick pick;  // `aim: aircraft` (and `ramp`, its grid)
};
inline constexpr uint32_t kWaveShift = 20;

struct Battery {
  uint32_t node;
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

// What a hit does to an aircraft on the ground (docs/aircraft-depots.md): the share of hits
// that damage rather than destroy it, by where it stood and what hit it (submunitions defeat
// no shelter), and how long a damaged aircraft that no depot line takes is out of action.
struct BattleDamage {
  double ramp_unitary;      // on the ramp, within a unitary warhead's lethal radius
  double ramp_submunition;  // on the ramp, inside a submunition pattern and hit
  double shelter;           // in a shelter a warhead destroyed
  double repair_days;       // lognormal median, whole days
  double repair_sigma;      // lognormal log-sd; 0: exactly repair_days
};

struct AircraftType {
  uint32_t strip;      // index into strips
  double sortie_rate;  // the most sorties an aircraft flies a day (distance may allow fewer)
  double mc_rate;
  double fix_rate;
  double offload_t;    // a tanker's fuel offloaded per sortie (tonnes); 0: not a tanker
  double half_span_m;  // added to the reach of a blast or pattern on it when parked
  BattleDamage damage;
};

// A depot line at a depot or factory node (docs/aircraft-depots.md): it works on up to
// `capacity` damaged aircraft at once, first come first served, each for days_per_aircraft
// working days; no work on a day the node is out, and with buildings, fewer at once while
// some are down.
inline constexpr uint32_t kNoDepotLine = 0xffffffffu;
struct DepotLine {
  uint32_t node;
  uint32_t capacity;
  uint32_t days_per_aircraft;
  uint32_t transit_days;  // each way, between a base and the line
  uint32_t first_day;     // works no day before (docs/lead-times.md)
};
inline constexpr uint32_t kNoRefuelSlot = 0xffffffffu;

// Stocked items are munitions (interceptors among them), supplies and fuel; stocks and
// consumption are tables [node or aircraft type][item].
inline constexpr uint32_t kUntracked = 0xffffffffu;  // a node that does not stock an item
inline constexpr uint32_t kNoItem = 0xffffffffu;

struct Repair {
  uint32_t teams;
  double hours_per_crater;         // lognormal median
  double sigma;                    // lognormal log-sd
  double hours_per_day;            // crews work from hour 0 to this hour of each day, <= 24
  double delay_h;                  // after each attack, before crews may work (assessment, EOD)
  double clear_h_per_submunition;  // added to the delay per submunition landed in the attack
  double cure_h;                   // a repaired crater blocks aircraft this long after
  uint32_t kit;                    // item crews use up starting a crater, or kNoItem
  uint32_t kits_per_crater;
};

// Restoring a struck dock, pier or factory building: lognormal days.
struct Restore {
  double median_days;
  double sigma;
};

// A parking spot in the base's ramp frame (metres, x east, y north, from the south-west corner
// of the spots' extent).
struct ParkingSpot {
  double x_m;
  double y_m;
};

struct Node {
  NodeKind kind;
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
  uint32_t spot_begin;  // listed ramp spots [spot_begin, spot_begin + spot_count); 0: the grid
  uint32_t spot_count;
  uint32_t battery_begin;  // batteries [battery_begin, battery_begin + battery_count)
  uint32_t battery_count;
  uint32_t key;         // stable index in the scenario file
  uint32_t piers;       // port throughput: sea routes move their share of standing piers
  uint32_t buildings;   // factory buildings: production scales with the share standing
  uint32_t dock_begin;  // docks [dock_begin, dock_begin + dock_count), repair yards
  uint32_t dock_count;
  Restore restore;  // docks, piers and buildings struck are out for this long
  // First slots of this node's shelters, fuel tanks, igloos, piers and buildings in the
  // per-trial state.
  uint32_t shelter_begin;
  uint32_t fuel_tank_begin;
  uint32_t igloo_begin;
  uint32_t pier_begin;
  uint32_t building_begin;
  // Strip classes (bits) an undamaged runway of the base holds: the others are not
  // applicable there. Of those, the classes its aircraft fly from (bits).
  uint32_t strips_applicable;
  uint32_t strips_used;
};

// Bases reported together: hours closed averaged over the applicable members.
struct Group {
  uint32_t node_begin;  // into ScenarioView::group_nodes
  uint32_t node_count;
};

struct FactoryInput {
  uint32_t item;
  uint32_t per_unit;  // units of the input consumed per unit of product
};

// Rates by day (docs/production.md): none before start_day, then a linear ramp over
// ramp_days to per_day, and from surge_from_day a second ramp over surge_ramp_days to
// surge_per_day.
inline constexpr uint32_t kNoSurge = 0xffffffffu;  // surge_from_day of a factory without one
struct Factory {
  uint32_t node;
  uint32_t product;      // item
  double per_day;        // once ramped
  double ramp_days;      // 0 = at full rate from start_day
  uint32_t start_day;    // its own, or its flags' if later (docs/lead-times.md)
  double surge_per_day;  // per_day without a surge: the most it ever makes a day
  uint32_t surge_from_day;
  double surge_ramp_days;
  uint32_t input_begin;  // inputs [input_begin, input_begin + input_count)
  uint32_t input_count;
  uint32_t key;  // stable index in the scenario file
};

enum class RouteMode : uint8_t { sea, air };
// No ship class: a route without hulls, an expenditure of a ground unit.
inline constexpr uint32_t kNoShipClass = 0xffffffffu;

struct Route {  // routes are held in priority order
  uint32_t from;
  uint32_t to;
  uint32_t item;
  RouteMode mode;
  uint32_t transit_days;
  uint32_t every_days;
  uint32_t capacity;  // units per shipment
  // The (s, S) rule: ship only while the destination's inventory position is below s, up
  // to S. order_up_to 0 (never a valid S) means no rule: ship capacity on every dispatch day.
  uint32_t reorder_point;
  uint32_t order_up_to;
  double loss_prob;  // per shipment; with hulls, the hull is lost with its cargo
  // Escorts (docs/shipping.md): a shipment is escorted with escort_share, and an escorted
  // one is lost with loss_prob * escort_loss_scale.
  double escort_share;
  double escort_loss_scale;
  uint32_t hulls;       // the sealift class whose hull each shipment takes, or kNoShipClass
  uint32_t first_day;   // dispatches nothing before (docs/lead-times.md)
  uint32_t key;         // stable index in the scenario file
  uint32_t slot_begin;  // in-transit shipment slots in the per-trial state
  uint32_t slots;       // transit_days / every_days + 1
};

// A ship class at sea is hit with hit_prob_per_day, or, with a station, by the raids of the
// sea areas its route from home to station crosses (docs/ships.md). A sealift class's
// hulls are not at sea but on voyages: they carry routes' shipments (docs/shipping.md).
struct ShipClass {
  uint32_t count;
  uint32_t home;  // node
  double hit_prob_per_day;
  double sink_given_hit;
  double in_maintenance_at_start;
  double repair_days;  // lognormal median
  double repair_sigma;
  double maintenance_days;  // scheduled maintenance length; ships start part-way through
  uint32_t ship_begin;      // ships [ship_begin, ship_begin + count)
  uint32_t key;             // stable index in the scenario file
  uint32_t sea_areas;       // bits: the sea areas its ships available are in
  bool sealift;
};

// A sea area (docs/ships.md): each day a raid comes with raid_prob_per_day and fires its
// salvos at the ships in it; fleet air defence stops each arriving missile with defence_pk
// times the missile's defense_pk_scale.
inline constexpr uint32_t kMaxSeaAreas = 32;  // a ship class's areas are the bits of a word
struct SeaArea {
  double raid_prob_per_day;
  double defence_pk;
  uint32_t salvo_begin;  // salvos [salvo_begin, salvo_begin + salvo_count) of sea_salvos
  uint32_t salvo_count;
  uint32_t key;  // stable index in the scenario file
};
struct SeaSalvo {
  uint32_t missile;
  uint32_t count;  // fired per raid, as inventory and the day's launches left allow
};

// A steady draw on one node's stock of one item (docs/expenditure.md): a ground unit's, or a
// ship class's per ship available that day.
struct Expenditure {
  double per_day;  // units a day (a ship class: per ship available)
  uint32_t node;   // whose stock it draws on
  uint32_t item;
  uint32_t first_day;   // inclusive, 1-based
  uint32_t last_day;    // inclusive
  uint32_t ship_class;  // kNoShipClass for a ground unit
};

struct Dock {
  uint32_t node;        // the repair yard
  uint32_t ship_class;  // the class it can take
  uint32_t first_day;   // takes no ship before (docs/lead-times.md)
};

struct Disruption {  // sabotage or cyber outage of a node
  uint32_t node;
  double prob_per_day;
  double outage_days;  // lognormal median
  double sigma;
  uint32_t key;  // stable index in the scenario file
};

// A coordinated campaign of sabotage and cyber attack (docs/disruptions.md): drawn once per
// trial, it strikes all its targets on one day of its window, or none.
struct CoordinatedAttack {
  uint32_t first_day, last_day;         // the window the day is drawn in, uniformly
  double prob;                          // that it happens in a trial
  uint32_t target_begin, target_count;  // into attack_targets
  uint32_t key;                         // stable index in the scenario file
};

// What a campaign does to one node: an outage (production, repair and throughput stop, as
// under a disruption) and a share of each stock there destroyed.
struct AttackTarget {
  uint32_t node;
  double outage_days;  // lognormal median; 0: no outage
  double sigma;
  double stock_share;  // of each item's stock at the node, rounded half away from zero
};

// Every array of the scenario, once: its element type and name. ScenarioView holds a
// pointer to each, Scenario (scenario/scenario.hpp) owns it as a vector, and building the
// view, uploading it to a GPU and freeing it there all walk this list: adding an array is
// a line here and its reader.
#define CONTESTED_SCENARIO_ARRAYS(X)                                                        \
  X(MissileClass, missiles)                                                                 \
  X(Raid, raids)            /* in hour order, priority order within an hour */              \
  X(double, interceptor_pk) /* [interceptor * missile_count + missile] */                   \
  X(Battery, batteries)     /* grouped by base, in the order listed there */                \
  X(Node, nodes)                                                                            \
  X(Runway, runways)            /* grouped by base */                                       \
  X(ParkingSpot, parking_spots) /* grouped by base */                                       \
  X(StripClass, strips)                                                                     \
  X(AircraftType, aircraft_types)                                                           \
  X(uint32_t, aircraft_type_of) /* per aircraft slot, grouped by base, in listing order */  \
  /* Per aircraft slot: (its entry's position in the base's unfiltered listing << 16) | its \
     index within the entry; addresses its draws, stable across postures. */                \
  X(uint32_t, aircraft_key)                                                                 \
  /* [node * aircraft_type_count + type]: sorties an aircraft of the type flies a day from  \
     the node, the distance to its objective allowing (docs/operations.md) */               \
  X(double, base_sortie_rate)                                                               \
  /* [node * aircraft_type_count + type]: offload (tonnes) a sortie needs to reach its      \
     objective beyond the type's combat radius; 0 within it */                              \
  X(double, offload_need)                                                                   \
  /* node * aircraft_type_count + type of every receiver that needs offload somewhere, the  \
     most offload a sortie first: the order a shortfall cuts sorties in */                  \
  X(uint32_t, refuel_order)                                                                 \
  X(uint32_t, refuel_slot)   /* [node * aircraft_type_count + type]: in refuel_order, or    \
                                kNoRefuelSlot */                                            \
  X(uint32_t, stock_initial) /* [node * item_count + item], kUntracked if not stocked */    \
  X(uint32_t, per_sortie)    /* [aircraft type * item_count + item] */                      \
  X(uint32_t, battery_item)  /* per battery: the item its interceptors are */               \
  X(Factory, factories)                                                                     \
  X(FactoryInput, factory_inputs)                                                           \
  X(Route, routes) /* priority order */                                                     \
  X(ShipClass, ship_classes)                                                                \
  X(SeaArea, sea_areas)                                                                     \
  X(SeaSalvo, sea_salvos)        /* grouped by sea area */                                  \
  X(Dock, docks)                 /* grouped by yard */                                      \
  X(uint32_t, ship_transit_days) /* [ship class * node_count + yard node] */                \
  X(Disruption, disruptions)                                                                \
  X(CoordinatedAttack, attacks)                                                             \
  X(AttackTarget, attack_targets) /* grouped by campaign */                                 \
  X(Expenditure, expenditures)    /* in draw order: ship classes', then units */            \
  X(Group, groups)                                                                          \
  X(DepotLine, depot_lines)                                                                 \
  /* [node * aircraft_type_count + type]: the line damaged aircraft of the type based at    \
     the node go to (the nearest that takes the type), or kNoDepotLine */                   \
  X(uint32_t, depot_line_of)                                                                \
  X(uint32_t, group_nodes) /* node indices, grouped */

struct ScenarioView {
#define CONTESTED_VIEW_POINTER(Type, name) const Type* name;
  CONTESTED_SCENARIO_ARRAYS(CONTESTED_VIEW_POINTER)
#undef CONTESTED_VIEW_POINTER
  uint32_t days;
  uint32_t missile_count;
  uint32_t raid_count;
  uint32_t interceptor_count;
  uint32_t battery_count;
  uint32_t node_count;
  uint32_t runway_count;
  uint32_t strip_count;
  uint32_t aircraft_type_count;
  uint32_t aircraft_count;
  uint32_t item_count;
  uint32_t supply_begin;  // items [supply_begin, ...) are supplies or fuel, not munitions
  uint32_t fuel_item;     // kNoItem if fuel is not stocked anywhere
  uint32_t factory_count;
  uint32_t route_count;
  uint32_t ship_class_count;
  uint32_t ship_count;
  uint32_t sea_area_count;
  uint32_t dock_count;
  uint32_t disruption_count;
  uint32_t attack_count;
  uint32_t expenditure_count;
  uint32_t group_count;
  uint32_t depot_line_count;
  uint32_t refuel_count;  // receivers that need offload (refuel_order)
};

}  // namespace contested
