// Runs with uncertain inputs (uncertain_run.hpp).
#include "engine/uncertain_run.hpp"

#include <algorithm>
#include <stdexcept>

#include "backends/backend.hpp"
#include "engine/record_catalog.hpp"
#include "engine/run_loop.hpp"
#include "kernels/record.hpp"

namespace contested {

std::vector<double> sample_values(const std::vector<UncertainInput>& inputs, uint64_t seed,
                                  InputMatrix matrix, uint64_t sample) {
  std::vector<double> values;
  for (const UncertainInput& input : inputs)
    values.push_back(draw_input(input, seed, matrix, sample));
  return values;
}

namespace {

// The catalog every sample tallies into: the same rows, each bounded by the most any sample
// can record, reported where any sample reports it.
void widen(std::vector<RecordSeries>& envelope, const std::vector<RecordSeries>& sample,
           uint64_t index) {
  if (!same_rows(envelope, sample)) {
    throw std::invalid_argument(
        "sample " + std::to_string(index) +
        " of the uncertain inputs changes what the run records, not only the values (an "
        "input that adds or removes entities, days or record rows); give it fixed values, or "
        "compare such variants as postures or a sweep grid");
  }
  for (size_t i = 0; i < envelope.size(); ++i) {
    envelope[i].max_value = std::max(envelope[i].max_value, sample[i].max_value);
    envelope[i].reported = envelope[i].reported || sample[i].reported;
  }
}

}  // namespace

Results run_uncertain(const UncertainScenario& scenario, const RunOptions& options,
                      uint64_t trials_per_sample) {
  const std::vector<UncertainInput>& inputs = scenario.inputs();
  if (inputs.empty()) throw std::invalid_argument("the posture gives no uncertain: inputs");
  if (trials_per_sample == 0) throw std::invalid_argument("trials per sample must be at least 1");
  if (options.trials == 0 || options.trials > kMaxTrials) {
    throw std::invalid_argument("trials must be between 1 and " + std::to_string(kMaxTrials));
  }
  const TrialRange range = requested_range(options);
  const TrialRange mine = rank_range(range, options.comm);
  const uint64_t samples = (options.trials + trials_per_sample - 1) / trials_per_sample;

  const auto load = [&](uint64_t s) {
    Scenario loaded = scenario.sample(sample_values(inputs, options.seed, InputMatrix::run, s), s);
    if (options.days) {
      loaded.days = *options.days;
      loaded.finalize();
    }
    return loaded;
  };

  UncertainRecord record;
  record.trials_per_sample = trials_per_sample;
  for (const UncertainInput& input : inputs) {
    record.paths.push_back(input.path);
    record.distributions.push_back(input.distribution.text());
    record.point.push_back(input.point);
  }
  // Every sample's scenario is loaded once first, for the bounds of the histograms.
  if (options.notify && samples > 1) {
    options.notify("loading the " + std::to_string(samples) +
                   " samples of the uncertain inputs for the histograms' bounds");
  }
  std::vector<RecordSeries> catalog;
  for (uint64_t s = 0; s < samples; ++s) {
    if (options.stop_requested && options.stop_requested()) throw RunInterrupted();
    const std::vector<double> values = sample_values(inputs, options.seed, InputMatrix::run, s);
    record.values.insert(record.values.end(), values.begin(), values.end());
    const std::vector<RecordSeries> own = catalog_records(load(s));
    if (s == 0) {
      catalog = own;
    } else {
      widen(catalog, own, s);
    }
  }
  check_tally_limits(catalog, options.trials);
  const Scenario first = load(0);
  const TallyPlan plan = plan_tally(catalog, record_layout(first.view()).rows());

  // One backend for the block: each sample's scenario takes the previous one's place.
  RunOptions sized = options;
  sized.trials = mine.count;
  const uint64_t first_sample = mine.first / trials_per_sample;
  Scenario current = load(first_sample);
  const std::unique_ptr<Backend> backend = make_backend(current, plan, sized);
  uint64_t done = 0;
  const uint64_t end = mine.first + mine.count;
  for (uint64_t s = first_sample; s * trials_per_sample < end; ++s) {
    const uint64_t from = std::max(s * trials_per_sample, mine.first);
    const uint64_t to = std::min((s + 1) * trials_per_sample, end);
    if (s != first_sample) {
      current = load(s);
      backend->use_scenario(current);
    }
    for (uint64_t t = from; t < to; t += backend->chunk_trials()) {
      if (options.stop_requested && options.stop_requested()) throw RunInterrupted();
      const auto count = static_cast<uint32_t>(std::min<uint64_t>(backend->chunk_trials(), to - t));
      backend->run_chunk(t, count);
      done += count;
      if (options.progress) options.progress(done, mine.count);
    }
  }
  Tally tally(plan);
  backend->add_tally_to(tally);
  sum_to_root(options.comm, tally.histogram);
  sum_to_root(options.comm, tally.sum);
  sum_to_root(options.comm, tally.sum_sq);

  const Provenance p =
      run_provenance(options, range, first, first.source_text, *backend, options.comm);
  Results results = assemble_results(catalog, plan, tally, p);
  results.uncertain = std::move(record);
  return results;
}

}  // namespace contested
