#pragma once

namespace mig::cli {

// Exit codes are part of the interface: scripts branch on them.
enum ExitCode {
    Ok = 0,           // done, or nothing to do
    Failure = 1,      // a migration failed, the target could not be reached
    Usage = 2,        // wrong arguments
    FolderErrors = 3, // the migrations folder has errors
    Refused = 4,      // locked by another run, or blocked (dirty, modified, out of order)
    Cancelled = 5,    // cancelled (Ctrl-C)
};

} // namespace mig::cli
