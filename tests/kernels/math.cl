// Float arithmetic and the math builtins on float. Cases: math.cpp.
#define T float
#include "floating_kernels.h"
