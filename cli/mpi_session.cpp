#include "cli/mpi_session.hpp"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <string>

#ifdef CONTESTED_HAVE_MPI
// The C API only: the deprecated C++ bindings would need their own library.
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>
#endif

namespace contested {
namespace {

#ifdef CONTESTED_HAVE_MPI

void check(int status, const char* what) {
  if (status != MPI_SUCCESS) {
    char text[MPI_MAX_ERROR_STRING];
    int length = 0;
    MPI_Error_string(status, text, &length);
    throw std::runtime_error(std::string("MPI: ") + what + ": " + std::string(text, length));
  }
}

// Whether an MPI launcher started this process (Open MPI, PMI-1/2 as in MPICH and Slurm's
// srun, PMIx): a plain `contested run` never initialises MPI.
bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "PMI_RANK"}) {
    if (std::getenv(name) != nullptr) return true;
  }
  return false;
}

class MpiCommunicator final : public Communicator {
 public:
  MpiCommunicator() {
    check(MPI_Comm_rank(MPI_COMM_WORLD, &rank_), "MPI_Comm_rank");
    check(MPI_Comm_size(MPI_COMM_WORLD, &size_), "MPI_Comm_size");
  }
  int rank() const override { return rank_; }
  int size() const override { return size_; }
  void sum_to_root(std::vector<uint64_t>& values) const override {
    reduce(values.data(), values.size(), MPI_UINT64_T);
  }
  void sum_to_root(std::vector<int64_t>& values) const override {
    reduce(values.data(), values.size(), MPI_INT64_T);
  }

 private:
  // Integer sums are exact and order-free: any reduction tree gives the same result.
  // Counts are ints in MPI, so long arrays go in blocks.
  void reduce(void* data, size_t count, MPI_Datatype type) const {
    constexpr size_t kBlock = size_t{1} << 26;
    auto* bytes = static_cast<char*>(data);
    for (size_t done = 0; done < count; done += kBlock) {
      const int n = static_cast<int>(std::min(kBlock, count - done));
      void* at = bytes + done * sizeof(uint64_t);
      if (rank_ == 0) {
        check(MPI_Reduce(MPI_IN_PLACE, at, n, type, MPI_SUM, 0, MPI_COMM_WORLD), "MPI_Reduce");
      } else {
        check(MPI_Reduce(at, nullptr, n, type, MPI_SUM, 0, MPI_COMM_WORLD), "MPI_Reduce");
      }
    }
  }

  int rank_ = 0;
  int size_ = 1;
};

#endif

}  // namespace

MpiSession::MpiSession([[maybe_unused]] int& argc, [[maybe_unused]] char**& argv) {
#ifdef CONTESTED_HAVE_MPI
  if (!launched_by_mpi()) return;
  check(MPI_Init(&argc, &argv), "MPI_Init");
  initialized_ = true;
  comm_ = std::make_unique<MpiCommunicator>();
  // The rank among those sharing this node's memory picks the node's GPU.
  MPI_Comm node;
  check(MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, comm_->rank(), MPI_INFO_NULL,
                            &node),
        "MPI_Comm_split_type");
  check(MPI_Comm_rank(node, &local_rank_), "MPI_Comm_rank");
  MPI_Comm_free(&node);
#endif
}

MpiSession::~MpiSession() {
#ifdef CONTESTED_HAVE_MPI
  if (initialized_) MPI_Finalize();
#endif
}

int MpiSession::rank() const {
  return comm_ ? comm_->rank() : 0;
}

int MpiSession::size() const {
  return comm_ ? comm_->size() : 1;
}

void MpiSession::abort(int code) const {
#ifdef CONTESTED_HAVE_MPI
  if (initialized_) MPI_Abort(MPI_COMM_WORLD, code);
#endif
  std::exit(code);
}

}  // namespace contested
