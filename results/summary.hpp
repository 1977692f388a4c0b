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

}  // namespace contested
