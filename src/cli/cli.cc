#include "cli/cli.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>

namespace tamis::cli {

Result<std::unique_ptr<Store>> Context::OpenStore(bool create) const {
  StoreOptions o;
  o.data_dir = config.data_dir;
  o.url = config.store_url;
  o.create = create;
  auto s = Store::Open(o);
  if (!s.ok() && s.status().code() == StatusCode::kNotFound)
    return NotFound(s.status().message() + " (import a list first: tamis lists import FILE, or pass --data DIR)");
  return s;
}

bool Context::ShowProgress() const { return !quiet && (progress || ::isatty(2)); }

int ExitCodeFor(const Status& st) {
  switch (st.code()) {
    case StatusCode::kOk: return 0;
    case StatusCode::kInvalidArgument: return 2;
    case StatusCode::kParseError: return 3;
    case StatusCode::kNotFound: return 4;
    case StatusCode::kIoError:
    case StatusCode::kUnavailable: return 5;
    case StatusCode::kResourceExhausted:
    case StatusCode::kFailedPrecondition:
    case StatusCode::kAlreadyExists: return 6;
    case StatusCode::kDataLoss: return 7;
    default: return 1;
  }
}

int Fail(const Status& st) {
  std::fprintf(stderr, "tamis: %s\n", st.ToString().c_str());
  return ExitCodeFor(st);
}

int RunCli(int argc, char** argv) {
  CLI::App app{
      "Tamis: screening of names, travellers and media against sanctions lists and hash lists.\n"
      "Exit codes: 0 ok, 1 internal error, 2 usage error, 3 bad input data, 4 not found,\n"
      "5 I/O or network error, 6 refused by a limit or precondition, 7 store integrity error,\n"
      "8 payments held (tamis payments screen).",
      "tamis"};
  app.set_version_flag("--version", "tamis 0.1.0");
  app.require_subcommand(1);
  Context ctx;
  ctx.config = DefaultConfig();
  app.add_option("--data", ctx.data_dir_flag,
                 "Data directory of the store (env TAMIS_DATA; default $XDG_DATA_HOME/tamis)");
  app.add_option("--store", ctx.store_flag,
                 "Store URL: postgresql://USER@HOST/DB (a shared PostgreSQL store) or sqlite:DIR "
                 "(env TAMIS_STORE; default: the SQLite store in the data directory)");
  app.add_option("--config", ctx.config_file, "JSON configuration file (see docs/formats.md)")
      ->check(CLI::ExistingFile);
  app.add_flag("-q,--quiet", ctx.quiet, "No progress or summaries on stderr");
  app.add_flag("--progress", ctx.progress, "Show progress even when stderr is not a terminal");

  Action action;
  RegisterListsCommands(app, ctx, &action);
  RegisterEntityCommands(app, ctx, &action);
  RegisterScreenCommands(app, ctx, &action);
  RegisterMediaCommands(app, ctx, &action);
  RegisterReviewCommands(app, ctx, &action);
  RegisterServeCommands(app, ctx, &action);
  RegisterPaymentsCommands(app, ctx, &action);
  RegisterTravelCommands(app, ctx, &action);
  RegisterRegistryCommands(app, ctx, &action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  // Configuration precedence: defaults -> file -> environment -> flags.
  if (!ctx.config_file.empty()) {
    Status st = ApplyConfigFile(ctx.config_file, &ctx.config);
    if (!st.ok()) return Fail(st);
  }
  ApplyEnvironment(&ctx.config);
  if (!ctx.data_dir_flag.empty()) ctx.config.data_dir = ctx.data_dir_flag;
  if (!ctx.store_flag.empty()) ctx.config.store_url = ctx.store_flag;
  if (!action) {
    std::fprintf(stderr, "%s", app.help().c_str());
    return 2;
  }
  try {
    return action();
  } catch (const std::exception& e) {
    return Fail(Internal(std::string("unexpected error: ") + e.what()));
  }
}

}  // namespace tamis::cli
