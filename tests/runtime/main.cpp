//===- main.cpp - Catch2 main for the runtime tests -----------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Kept alone in its own file so that Catch2's (large) runner is compiled once.
//
//===----------------------------------------------------------------------===//
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
