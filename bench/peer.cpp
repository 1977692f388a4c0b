#include "bench/peer.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

#include "bench/subprocess.hpp"

namespace contested::bench {

PeerRun run_numpy_peer(const std::string& python, const std::string& script,
                       const std::string& scenario, uint64_t trials, uint64_t seed) {
  const Captured run =
      capture({python, script, "--machine", "--no-engine", "--scenario", scenario, "--trials",
               std::to_string(trials), "--seed", std::to_string(seed)});
  if (run.status != 0) throw std::runtime_error(last_line(run.output));
  PeerRun peer;
  std::istringstream lines(run.output);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string key;
    words >> key;
    if (key == "rate") {
      words >> peer.trials >> peer.seconds;
    } else if (key == "metric") {
      PeerMetric m;
      std::string node;
      std::string day;
      words >> m.name >> node >> day >> m.mean >> m.se;
      if (node != "-") m.node = node;
      if (day != "-") m.day = static_cast<uint32_t>(std::stoul(day));
      peer.metrics.push_back(m);
    }
  }
  if (peer.trials == 0 || peer.metrics.empty()) {
    throw std::runtime_error("unexpected output: " + last_line(run.output));
  }
  return peer;
}

PeerMetric engine_metric(const Results& r, const PeerMetric& like) {
  const Distribution* d =
      like.day ? r.find_metric(like.name, like.node) : r.find_outcome(like.name);
  if (d == nullptr) throw std::runtime_error("the engine reports no " + like.name);
  const uint32_t row = like.day.value_or(0);
  const double n = static_cast<double>(d->trials(row));
  PeerMetric m = like;
  m.mean = d->mean(row);
  // stddev is the population's; the standard error wants the sample's.
  m.se = d->stddev(row) * std::sqrt(n / (n - 1.0)) / std::sqrt(n);
  return m;
}

double z_score(const PeerMetric& a, const PeerMetric& b) {
  return (a.mean - b.mean) / std::hypot(a.se, b.se);
}

}  // namespace contested::bench
