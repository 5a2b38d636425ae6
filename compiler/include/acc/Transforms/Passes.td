//===- Passes.td - Passes on the portable kernel IR ----------*- tablegen -*-===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
//===----------------------------------------------------------------------===//

#ifndef ACC_TRANSFORMS_PASSES
#define ACC_TRANSFORMS_PASSES

include "mlir/Pass/PassBase.td"

def VerifyPortableIR : Pass<"verify-portable-ir", "::mlir::ModuleOp"> {
  let summary = "Check that a module is the portable kernel IR";
  let description = [{
    Checks every rule of docs/portable-ir.md that a target pipeline relies
    on, and reports the first operation that breaks one with its location:
    the module layout (a `gpu.container_module` holding `gpu.module`s of
    kernels and private constant globals; helpers inlined, so no other
    functions), the operations (the upstream ones the page lists, and the
    `accir` dialect), the types (i1 to i64, f16 to f64, index, 1-D vectors
    of 2, 3, 4, 8 or 16 lanes, 1-D memrefs in the default or workgroup
    memory space), and half values that are only loaded, stored and
    converted. acc-cc runs it between the front end and every target.
  }];
}

#endif // ACC_TRANSFORMS_PASSES
