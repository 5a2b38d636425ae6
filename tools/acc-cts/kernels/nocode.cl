// Compiled for a single target (nocode-<target>.accbin): loading it on a
// backend that accepts none of that target must fail with
// ACC_ERROR_NO_CODE_FOR_BACKEND.
kernel void nocode(global int *out) {
  out[get_global_id(0)] = 1;
}
