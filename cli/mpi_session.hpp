// MPI for the command line (docs/design.md, section 8; docs/cluster.md): when contested is
// built with MPI and started by an MPI launcher (mpirun, mpiexec, srun), every rank runs the
// same command on its share of the trials, binds to a GPU by its rank on the node, and rank 0
// alone writes and prints.
#pragma once

#include <memory>

#include "engine/communicator.hpp"

namespace contested {

class MpiSession {
 public:
  // Initialises MPI when built with it and launched by an MPI launcher; otherwise a session
  // of one rank (communicator() is null).
  MpiSession(int& argc, char**& argv);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  const Communicator* communicator() const { return comm_.get(); }
  int rank() const;
  int size() const;
  int local_rank() const { return local_rank_; }  // among the ranks on this node
  // Ends every rank at once (after an error on one rank, which the others would wait for).
  [[noreturn]] void abort(int code) const;

 private:
  std::unique_ptr<Communicator> comm_;
  int local_rank_ = 0;
  [[maybe_unused]] bool initialized_ = false;  // read only when built with MPI
};

}  // namespace contested
