// libFuzzer target: the bytes are a sweep file's text, its paths relative to the scenario
// seed corpus (CONTESTED_FUZZ_SCENARIOS), planned by the oracle. A refusal must be a
// well-formed ScenarioError; any other exception escapes and aborts, and libFuzzer reports it.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "tests/fuzz/sweep_oracle.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const contested::fuzz::Verdict verdict =
      contested::fuzz::check_sweep_text(text, CONTESTED_FUZZ_SCENARIOS);
  if (verdict.error) {
    const std::string defect = contested::fuzz::sweep_refusal_defect(*verdict.error, text);
    if (!defect.empty()) {
      std::fprintf(stderr, "malformed refusal: %s\n  %s\n", defect.c_str(), verdict.error->what());
      std::abort();
    }
  }
  return 0;
}
