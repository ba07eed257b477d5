#include "formats/lists/importers.h"
