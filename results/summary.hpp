// A plain-text summary of a run for analysts. `contested run` and `contested info FILE`
// both print it from a Results, so a fresh run and a file read back look the same.
#pragma once

#include <ostream>

#include "results/results.hpp"

namespace contested {

// Prints the header (scenario, posture, trials, days, seed, backend), per-base sorties,
// strip denial and ground losses, theatre-wide stocks and outcomes, and a short note on
// how to read the numbers. Metrics or outcomes missing from `r` are left out.
void print_summary(std::ostream& out, const Results& r);

// The ranked table of a sweep's runs (by its rank_by), each with its mean, its paired
// difference to its reference with the 95 % confidence interval, and the paired and
// unpaired standard errors of that difference; then how to read it.
void print_sweep_summary(std::ostream& out, const SweepResults& s);

}  // namespace contested
