// The `tamis` executable: all behaviour lives in the libraries (see src/cli).
#include "cli/cli.h"

int main(int argc, char** argv) { return tamis::cli::RunCli(argc, argv); }
