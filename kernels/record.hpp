// Where each trial's integer metrics go. A trial writes one uint32 per (series, day) and
// per outcome into its column of the chunk's record buffer; the tally then turns rows
// into exact histograms. Host and kernels agree on the rows through this header alone.
#pragma once

#include <cstdint>

#include "kernels/macros.hpp"
#include "kernels/scenario.hpp"

namespace contested {

// Theatre-wide daily series; then strip_usable_<strip> per strip class,
// missiles_remaining_<class> per missile class, and per item its stock, its production, and
// the demand for it, met and unmet.
enum TheatreSeries : uint32_t {
  kTheatreSorties,
  kTheatreAircraftAlive,
  kTheatreAircraftMc,
  kTheatreInterceptorsRemaining,
  kTheatreMissilesLaunched,
  kTheatreMissilesShort,  // wanted by the plan but beyond inventory or launch capacity
  kTheatreMissilesIntercepted,
  kTheatreShipsAvailable,
  kTheatreShipsInRepair,  // damaged: to a yard, queued, in dock, sailing home, or stranded
  kTheatreShipsInMaintenance,
  kTheatreShipsSunk,
  kTheatreShipmentsLost,
  kTheatreSortieCapacity,  // day-0 capacity, and the gap to sorties flown by cause:
  kTheatreSortiesLostStrip,
  kTheatreSortiesLostDestroyed,
  kTheatreSortiesLostNotMc,
  kTheatreSortiesLostTanker,
  kTheatreSortiesLostFuel,
  kTheatreSortiesLostMunitions,
  kTheatreTankerSorties,         // flown by tankers (counted in the sorties too)
  kTheatreOffloadDelivered,      // tonnes of fuel tankers gave receivers
  kTheatreOffloadShort,          // tonnes receivers needed beyond what tankers could give
  kTheatreShipsHitInPort,        // missiles of `aim: ships` raids that hit a ship
  kTheatreShipsHitAtSea,         // missiles of sea-area raids that hit a ship
  kTheatreMissilesFiredAtSea,    // by sea-area raids (counted in missiles launched too)
  kTheatreHullsIdle,             // sealift hulls at home, ready for a shipment
  kTheatreHullsAtSea,            // sealift hulls on a voyage
  kTheatreHullsSunk,             // sealift hulls lost with their cargo
  kTheatreShipmentsWithoutHull,  // dispatches with cargo but no idle hull
  // Battle-damaged aircraft (docs/aircraft-depots.md): out of action with no depot line, in
  // the depot pipeline (to, at and back from a line), and back in service so far.
  kTheatreAircraftDamaged,
  kTheatreAircraftInDepot,
  kTheatreAircraftReturned,
  kTheatreFixedSeries,
};

// Daily series of each node; then strip_usable_<strip> and strip_hours_closed_<strip> per
// strip class, and the stock of each item.
enum NodeSeries : uint32_t {
  kBaseSorties,
  kBaseSortieCapacity,  // as the theatre's, in the same order
  kBaseSortiesLostStrip,
  kBaseSortiesLostDestroyed,
  kBaseSortiesLostNotMc,
  kBaseSortiesLostTanker,
  kBaseSortiesLostFuel,
  kBaseSortiesLostMunitions,
  kBaseAircraftAlive,
  kBaseAircraftMc,
  kBaseCratersOpen,
  kBaseSheltersStanding,
  kBaseFuelTanksStanding,
  kBaseIgloosStanding,
  kBaseInterceptorsRemaining,
  kNodeRepairQueue,
  kNodeDocksStanding,
  kNodePiersStanding,
  kNodeBuildingsStanding,
  kNodeOutage,
  kNodeAircraftAtDepot,  // at the node's depot lines, waiting or in work
  kBaseFixedSeries,
};

// The ledger's rows from capacity on: capacity, then each cause of sorties lost.
inline constexpr uint32_t kSortieLedgerRows = kBaseSortiesLostMunitions - kBaseSortieCapacity + 1;
static_assert(kTheatreSortiesLostMunitions - kTheatreSortieCapacity + 1 == kSortieLedgerRows);

// Per-trial outcomes, theatre-wide; then day_munition_exhausted_<item> per item, then
// day_exhausted_<item> per item, then day_campaign_<campaign> per coordinated campaign.
enum TheatreOutcome : uint32_t {
  kOutcomeAircraftLostGround,
  kOutcomeFirstDaySortiesBelowHalf,  // first day theatre sorties < half of day 0's; 0 if never
  kOutcomeDayInterceptorsExhausted,  // first day a defended base has none left; 0 if never
  kOutcomeShipDaysLostToRepair,      // ship-days spent damaged
  kOutcomeShipmentsLost,
  kOutcomeAircraftDamagedGround,  // hits on aircraft on the ground that damaged, not destroyed
  kTheatreFixedOutcomes,
};

// Per-trial outcomes of each node; then days_strip_denied_<strip> and
// hours_strip_closed_<strip> per strip class, and day_exhausted_<item>_<node> per item. After
// the nodes', per group and strip class hours_strip_closed_<strip>_<group>.
enum BaseOutcome : uint32_t {
  kBaseOutcomeAircraftLostGround,
  kBaseOutcomeDayInterceptorsExhausted,
  kBaseFixedOutcomes,
};

struct RecordLayout {
  uint32_t days;
  uint32_t strips;
  uint32_t missiles;
  uint32_t nodes;
  uint32_t items;
  uint32_t groups;
  uint32_t attacks;  // coordinated campaigns

  CONTESTED_FUNCTION uint32_t theatre_series() const {
    return kTheatreFixedSeries + strips + missiles + 5 * items;
  }
  CONTESTED_FUNCTION uint32_t series_per_base() const {
    return kBaseFixedSeries + 2 * strips + items;
  }
  CONTESTED_FUNCTION uint32_t series() const {
    return theatre_series() + nodes * series_per_base();
  }
  CONTESTED_FUNCTION uint32_t outcomes_per_base() const {
    return kBaseFixedOutcomes + 2 * strips + items;
  }
  CONTESTED_FUNCTION uint32_t theatre_outcomes() const {
    return kTheatreFixedOutcomes + 2 * items + attacks;
  }
  CONTESTED_FUNCTION uint32_t outcomes() const {
    return theatre_outcomes() + nodes * outcomes_per_base() + groups * strips;
  }
  // Rows counted in 64 bits, so that the loader can refuse a scenario whose rows would not
  // fit (Scenario::record_values) before rows() is used.
  CONTESTED_FUNCTION uint64_t rows_wide() const {
    const uint64_t all_series = theatre_series() + uint64_t{nodes} * series_per_base();
    const uint64_t all_outcomes =
        theatre_outcomes() + uint64_t{nodes} * outcomes_per_base() + uint64_t{groups} * strips;
    return all_series * (uint64_t{days} + 1) + all_outcomes;
  }
  CONTESTED_FUNCTION uint32_t rows() const { return static_cast<uint32_t>(rows_wide()); }

  // Series indices.
  CONTESTED_FUNCTION uint32_t theatre(uint32_t s) const { return s; }
  CONTESTED_FUNCTION uint32_t theatre_strip_usable(uint32_t strip) const {
    return kTheatreFixedSeries + strip;
  }
  CONTESTED_FUNCTION uint32_t theatre_missiles_remaining(uint32_t missile) const {
    return kTheatreFixedSeries + strips + missile;
  }
  CONTESTED_FUNCTION uint32_t theatre_stock(uint32_t item) const {
    return kTheatreFixedSeries + strips + missiles + item;
  }
  CONTESTED_FUNCTION uint32_t theatre_production(uint32_t item) const {
    return kTheatreFixedSeries + strips + missiles + items + item;
  }
  // What consumers wanted of the item that day, what they got, and what they went without.
  CONTESTED_FUNCTION uint32_t theatre_demand(uint32_t item) const {
    return kTheatreFixedSeries + strips + missiles + 2 * items + item;
  }
  CONTESTED_FUNCTION uint32_t theatre_demand_met(uint32_t item) const {
    return kTheatreFixedSeries + strips + missiles + 3 * items + item;
  }
  CONTESTED_FUNCTION uint32_t theatre_demand_unmet(uint32_t item) const {
    return kTheatreFixedSeries + strips + missiles + 4 * items + item;
  }
  CONTESTED_FUNCTION uint32_t base(uint32_t b, uint32_t s) const {
    return theatre_series() + b * series_per_base() + s;
  }
  CONTESTED_FUNCTION uint32_t base_strip_usable(uint32_t b, uint32_t strip) const {
    return base(b, kBaseFixedSeries + strip);
  }
  CONTESTED_FUNCTION uint32_t base_strip_hours_closed(uint32_t b, uint32_t strip) const {
    return base(b, kBaseFixedSeries + strips + strip);
  }
  CONTESTED_FUNCTION uint32_t node_stock(uint32_t b, uint32_t item) const {
    return base(b, kBaseFixedSeries + 2 * strips + item);
  }

  // Rows.
  CONTESTED_FUNCTION uint32_t row(uint32_t series_index, uint32_t day) const {
    return series_index * (days + 1) + day;
  }
  CONTESTED_FUNCTION uint32_t outcome_row(uint32_t outcome) const {
    return series() * (days + 1) + outcome;
  }
  CONTESTED_FUNCTION uint32_t item_exhausted_row(uint32_t item) const {
    return outcome_row(kTheatreFixedOutcomes + item);
  }
  CONTESTED_FUNCTION uint32_t demand_exhausted_row(uint32_t item) const {
    return outcome_row(kTheatreFixedOutcomes + items + item);
  }
  // The day the campaign struck (0: not in this trial).
  CONTESTED_FUNCTION uint32_t attack_day_row(uint32_t attack) const {
    return outcome_row(kTheatreFixedOutcomes + 2 * items + attack);
  }
  CONTESTED_FUNCTION uint32_t base_outcome_row(uint32_t b, uint32_t outcome) const {
    return outcome_row(theatre_outcomes() + b * outcomes_per_base() + outcome);
  }
  CONTESTED_FUNCTION uint32_t base_strip_denied_row(uint32_t b, uint32_t strip) const {
    return base_outcome_row(b, kBaseFixedOutcomes + strip);
  }
  CONTESTED_FUNCTION uint32_t base_hours_closed_row(uint32_t b, uint32_t strip) const {
    return base_outcome_row(b, kBaseFixedOutcomes + strips + strip);
  }
  CONTESTED_FUNCTION uint32_t node_demand_exhausted_row(uint32_t b, uint32_t item) const {
    return base_outcome_row(b, kBaseFixedOutcomes + 2 * strips + item);
  }
  CONTESTED_FUNCTION uint32_t group_hours_closed_row(uint32_t g, uint32_t strip) const {
    return outcome_row(theatre_outcomes() + nodes * outcomes_per_base() + g * strips + strip);
  }
};

CONTESTED_FUNCTION RecordLayout record_layout(const ScenarioView& s) {
  return RecordLayout{s.days,       s.strip_count, s.missile_count, s.node_count,
                      s.item_count, s.group_count, s.attack_count};
}

}  // namespace contested
