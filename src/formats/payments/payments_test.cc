#include <gtest/gtest.h>
#include "formats/payments/parsers.h"
