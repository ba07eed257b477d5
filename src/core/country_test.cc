#include "core/country.h"
