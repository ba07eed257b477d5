// The `tamis` command line. RunCli parses arguments, loads the configuration once
// (defaults -> config file -> TAMIS_* environment -> flags) and dispatches to a command.
// Exit codes (stable, documented in the README):
//   0 success · 1 internal error · 2 usage error · 3 bad input data (parse error) ·
//   4 not found · 5 I/O or network error · 6 refused by a limit or precondition ·
//   7 store integrity error · 8 payments held (tamis payments screen)
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "core/status.h"
#include "service/config.h"
#include "store/store.h"

namespace CLI {
class App;
}

namespace tamis::cli {

// What every command gets: the configuration and output switches, fixed after parsing.
struct Context {
  Config config;
  std::string config_file;   // --config
  std::string data_dir_flag; // --data (applied over config)
  std::string store_flag;    // --store URL (applied over config)
  bool quiet = false;        // no progress, no summaries on stderr
  bool progress = false;     // force progress even when stderr is not a terminal

  // Opens the store at config.store_url, else in config.data_dir (creating it when `create`).
  Result<std::unique_ptr<Store>> OpenStore(bool create) const;
  bool ShowProgress() const;
};

using Action = std::function<int()>;

// Each command group registers its subcommands on `app`; when one is chosen, it stores
// its handler in `*action` (run after parsing and configuration).
void RegisterListsCommands(CLI::App& app, Context& ctx, Action* action);
void RegisterEntityCommands(CLI::App& app, Context& ctx, Action* action);
void RegisterScreenCommands(CLI::App& app, Context& ctx, Action* action);
void RegisterMediaCommands(CLI::App& app, Context& ctx, Action* action);
void RegisterReviewCommands(CLI::App& app, Context& ctx, Action* action);
void RegisterServeCommands(CLI::App& app, Context& ctx, Action* action);
void RegisterPaymentsCommands(CLI::App& app, Context& ctx, Action* action);
void RegisterTravelCommands(CLI::App& app, Context& ctx, Action* action);
void RegisterRegistryCommands(CLI::App& app, Context& ctx, Action* action);

// Re-screens the registry (registry_cmd.cc): the per-subject report to `report_file` ("" =
// stdout, "none" = no report), the summary on stderr; with `skip_empty`, nothing when the
// registry has no subject. Returns the exit code.
int RunRegistryRescreen(const Context& ctx, bool full, const std::string& report_file, unsigned threads, bool skip_empty);

// Maps a Status to the documented exit code.
int ExitCodeFor(const Status& st);
// Prints "tamis: <message>" to stderr and returns ExitCodeFor(st).
int Fail(const Status& st);

int RunCli(int argc, char** argv);

}  // namespace tamis::cli
