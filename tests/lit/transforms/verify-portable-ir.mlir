// --verify-portable-ir enforces docs/portable-ir.md: each case below breaks
// one rule and is reported at the operation that breaks it. acc-cc runs
// the pass between the front end and every target pipeline.
// RUN: %acc-opt --verify-portable-ir --split-input-file --verify-diagnostics %s

// A well-formed module passes.
module attributes {gpu.container_module} {
  gpu.module @kernels {
    memref.global "private" constant @table : memref<2xf32> = dense<[1.0, 2.0]>
    gpu.func @ok(%a: memref<?xf32>, %n: i32,
                 %l: memref<?xf32, #gpu.address_space<workgroup>>)
        workgroup(%t: memref<64xf32, #gpu.address_space<workgroup>>) kernel
        attributes {accir.kernel = #accir.kernel<args = [
          #accir.arg<name = "a", kind = buffer, address_space = global>,
          #accir.arg<name = "n", kind = scalar, scalar_type = i32, size = 4, alignment = 4>,
          #accir.arg<name = "l", kind = local, address_space = local>]>} {
      %c0 = arith.constant 0 : index
      %id = gpu.global_id x
      %off = accir.global_offset x
      %i = arith.addi %id, %off : index
      %v = memref.load %a[%i] : memref<?xf32>
      %h = arith.truncf %v : f32 to f16
      %w = arith.extf %h : f16 to f32
      %s = accir.builtin sinpi(%w) : (f32) -> f32
      accir.mem_fence 1
      gpu.barrier
      memref.store %s, %t[%c0] : memref<64xf32, #gpu.address_space<workgroup>>
      gpu.return
    }
  }
}

// -----

// Module: the kernels live in a gpu.container_module.
// expected-error @+1 {{not portable IR: the module must be a gpu.container_module}}
module {
}

// -----

// Module: nothing but gpu.modules at module scope.
module attributes {gpu.container_module} {
  // expected-error @+1 {{not portable IR: 'func.func' at module scope; kernels live in a gpu.module}}
  func.func @host() {
    return
  }
}

// -----

// Module: helpers are inlined, so no functions beside the kernels.
module attributes {gpu.container_module} {
  gpu.module @kernels {
    // expected-error @+1 {{not portable IR: 'func.func' in a gpu.module}}
    func.func private @helper_declaration(index) -> index
  }
}

// -----

module attributes {gpu.container_module} {
  gpu.module @kernels {
    // expected-error @+1 {{not portable IR: gpu.func 'helper' is not a kernel}}
    gpu.func @helper() {
      gpu.return
    }
  }
}

// -----

// Module: program-scope data is private constant data.
module attributes {gpu.container_module} {
  gpu.module @kernels {
    // expected-error @+1 {{not portable IR: a program-scope global must be a private, initialised constant}}
    memref.global "private" @counter : memref<1xi32> = dense<0>
  }
}

// -----

// Memory: 1-D memrefs of units; no raw pointers, no multi-dimensional
// buffers.
module attributes {gpu.container_module} {
  gpu.module @kernels {
    // expected-error @+1 {{not portable IR: argument 0 of kernel 'grid' has a type outside the portable IR}}
    gpu.func @grid(%a: memref<?x?xf32>) kernel attributes {accir.kernel = #accir.kernel<args = [#accir.arg<name = "a", kind = buffer, address_space = global>]>} {
      gpu.return
    }
  }
}

// -----

// Memory: the default memory space or the workgroup one.
module attributes {gpu.container_module} {
  gpu.module @kernels {
    // expected-error @+1 {{not portable IR: argument 0 of kernel 'private_space' has a type outside the portable IR}}
    gpu.func @private_space(%a: memref<?xf32, #gpu.address_space<private>>) kernel attributes {accir.kernel = #accir.kernel<args = [#accir.arg<name = "a", kind = buffer, address_space = global>]>} {
      gpu.return
    }
  }
}

// -----

// Memory: local arrays have a static size.
module attributes {gpu.container_module} {
  gpu.module @kernels {
    // expected-error @+1 {{not portable IR: a local array of kernel 'lds' must be a 1-D static workgroup memref of units}}
    gpu.func @lds() workgroup(%t: memref<8x8xf32, #gpu.address_space<workgroup>>) kernel attributes {accir.kernel = #accir.kernel<args = []>} {
      gpu.return
    }
  }
}

// -----

// Values: OpenCL's vector widths only.
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @odd_vector(%a: memref<?xf32>) kernel attributes {accir.kernel = #accir.kernel<args = [#accir.arg<name = "a", kind = buffer, address_space = global>]>} {
      %c0 = arith.constant 0 : index
      %x = memref.load %a[%c0] : memref<?xf32>
      // expected-error @+1 {{not portable IR: a value of type vector<5xf32> is outside the portable IR}}
      %v = vector.broadcast %x : f32 to vector<5xf32>
      gpu.return
    }
  }
}

// -----

// Values: integers of 1, 8, 16, 32 and 64 bits.
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @wide(%a: memref<?xi32>) kernel attributes {accir.kernel = #accir.kernel<args = [#accir.arg<name = "a", kind = buffer, address_space = global>]>} {
      // expected-error @+1 {{not portable IR: a value of type i128 is outside the portable IR}}
      %c = arith.constant 1 : i128
      gpu.return
    }
  }
}

// -----

// Values: halves are only loaded, stored and converted.
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @half_math(%a: memref<?xf16>) kernel attributes {accir.kernel = #accir.kernel<args = [#accir.arg<name = "a", kind = buffer, address_space = global>]>} {
      %c0 = arith.constant 0 : index
      %h = memref.load %a[%c0] : memref<?xf16>
      // expected-error @+1 {{not portable IR: half values are only loaded, stored and converted}}
      %s = arith.addf %h, %h : f16
      gpu.return
    }
  }
}

// -----

// Operations: the IR is unstructured (cf); targets that need structure
// lift it themselves.
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @structured(%a: memref<?xi32>, %c: i1) kernel attributes {accir.kernel = #accir.kernel<args = [#accir.arg<name = "a", kind = buffer, address_space = global>, #accir.arg<name = "c", kind = scalar>]>} {
      // expected-error @+1 {{not portable IR: operation 'scf.if' is not one the portable IR uses}}
      scf.if %c {
      }
      gpu.return
    }
  }
}

// -----

// Operations: memory is buffers, local memory and private allocas; there
// is no heap.
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @heap() kernel attributes {accir.kernel = #accir.kernel<args = []>} {
      // expected-error @+1 {{not portable IR: operation 'memref.alloc' is not one the portable IR uses}}
      %m = memref.alloc() : memref<4xf32>
      gpu.return
    }
  }
}

// -----

// Operations: accir.builtin checks its operands.
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @bad_builtin(%x: f32) kernel attributes {accir.kernel = #accir.kernel<args = [#accir.arg<name = "x", kind = scalar, scalar_type = f32, size = 4, alignment = 4>]>} {
      // expected-error @+1 {{'accir.builtin' op 'ldexp' takes its second operand as 'i32', not 'f32'}}
      %r = accir.builtin ldexp(%x, %x) : (f32, f32) -> f32
      gpu.return
    }
  }
}

// -----

// Kernels: each carries its metadata, which every target pipeline reads.
module attributes {gpu.container_module} {
  gpu.module @kernels {
    // expected-error @+1 {{not portable IR: kernel 'anonymous' carries no metadata; every kernel has an 'accir.kernel' attribute}}
    gpu.func @anonymous() kernel {
      gpu.return
    }
  }
}

// -----

// Kernels: the metadata describes each argument as the kernel receives it.
module attributes {gpu.container_module} {
  gpu.module @kernels {
    // expected-error @+1 {{argument 0 is described as a buffer argument but has type 'i32'}}
    gpu.func @mismatch(%n: i32) kernel attributes {accir.kernel = #accir.kernel<args = [#accir.arg<name = "n", kind = buffer>]>} {
      gpu.return
    }
  }
}

// -----

module attributes {gpu.container_module} {
  gpu.module @kernels {
    // expected-error @+1 {{'accir.kernel' describes 0 arguments; the kernel has 1}}
    gpu.func @short(%n: i32) kernel attributes {accir.kernel = #accir.kernel<args = []>} {
      gpu.return
    }
  }
}
