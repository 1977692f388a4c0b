// Where each trial's integer metrics go. A trial writes one uint32 per (series, day) and
// per outcome into its column of the chunk's record buffer; the tally then turns rows
// into exact histograms. Host and kernels agree on the rows through this header alone.
#pragma once

#include <cstdint>

#include "kernels/macros.hpp"

namespace contested {

// Theatre-wide daily series; then strip_usable_<strip> per strip class and
// missiles_remaining_<class> per missile class.
enum TheatreSeries : uint32_t {
  kTheatreSorties,
  kTheatreAircraftAlive,
  kTheatreAircraftMc,
  kTheatreInterceptorsRemaining,
  kTheatreMissilesLaunched,
  kTheatreMissilesShort,  // wanted by the plan but beyond inventory or launch capacity
  kTheatreMissilesIntercepted,
  kTheatreFixedSeries,
};

// Daily series of each air base; then strip_usable_<strip> per strip class.
enum BaseSeries : uint32_t {
  kBaseSorties,
  kBaseAircraftAlive,
  kBaseAircraftMc,
  kBaseCratersOpen,
  kBaseSheltersStanding,
  kBaseFuelTanksStanding,
  kBaseIgloosStanding,
  kBaseInterceptorsRemaining,
  kBaseFixedSeries,
};

// Per-trial outcomes, theatre-wide.
enum TheatreOutcome : uint32_t {
  kOutcomeAircraftLostGround,
  kOutcomeFirstDaySortiesBelowHalf,  // first day theatre sorties < half of day 0's; 0 if never
  kOutcomeDayInterceptorsExhausted,  // first day a defended base has none left; 0 if never
  kTheatreFixedOutcomes,
};

// Per-trial outcomes of each air base; then days_strip_denied_<strip> per strip class.
enum BaseOutcome : uint32_t {
  kBaseOutcomeAircraftLostGround,
  kBaseOutcomeDayInterceptorsExhausted,
  kBaseFixedOutcomes,
};

struct RecordLayout {
  uint32_t days;
  uint32_t strips;
  uint32_t missiles;
  uint32_t bases;

  CONTESTED_FUNCTION uint32_t theatre_series() const {
    return kTheatreFixedSeries + strips + missiles;
  }
  CONTESTED_FUNCTION uint32_t series_per_base() const { return kBaseFixedSeries + strips; }
  CONTESTED_FUNCTION uint32_t series() const {
    return theatre_series() + bases * series_per_base();
  }
  CONTESTED_FUNCTION uint32_t outcomes_per_base() const { return kBaseFixedOutcomes + strips; }
  CONTESTED_FUNCTION uint32_t outcomes() const {
    return kTheatreFixedOutcomes + bases * outcomes_per_base();
  }
  CONTESTED_FUNCTION uint32_t rows() const { return series() * (days + 1) + outcomes(); }

  // Series indices.
  CONTESTED_FUNCTION uint32_t theatre(uint32_t s) const { return s; }
  CONTESTED_FUNCTION uint32_t theatre_strip_usable(uint32_t strip) const {
    return kTheatreFixedSeries + strip;
  }
  CONTESTED_FUNCTION uint32_t theatre_missiles_remaining(uint32_t missile) const {
    return kTheatreFixedSeries + strips + missile;
  }
  CONTESTED_FUNCTION uint32_t base(uint32_t b, uint32_t s) const {
    return theatre_series() + b * series_per_base() + s;
  }
  CONTESTED_FUNCTION uint32_t base_strip_usable(uint32_t b, uint32_t strip) const {
    return base(b, kBaseFixedSeries + strip);
  }

  // Rows.
  CONTESTED_FUNCTION uint32_t row(uint32_t series_index, uint32_t day) const {
    return series_index * (days + 1) + day;
  }
  CONTESTED_FUNCTION uint32_t outcome_row(uint32_t outcome) const {
    return series() * (days + 1) + outcome;
  }
  CONTESTED_FUNCTION uint32_t base_outcome_row(uint32_t b, uint32_t outcome) const {
    return outcome_row(kTheatreFixedOutcomes + b * outcomes_per_base() + outcome);
  }
  CONTESTED_FUNCTION uint32_t base_strip_denied_row(uint32_t b, uint32_t strip) const {
    return base_outcome_row(b, kBaseFixedOutcomes + strip);
  }
};

}  // namespace contested
