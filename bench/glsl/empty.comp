// The empty kernel of the launch-overhead rows; see saxpy.comp.
#version 450
layout(local_size_x_id = 0, local_size_y_id = 1) in;
void main() {}
